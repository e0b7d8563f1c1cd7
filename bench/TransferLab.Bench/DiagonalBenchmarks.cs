using BenchmarkDotNet.Attributes;
using TransferLab.Data;
using TransferLab.Models;
using TransferLab.Numerics;
using TransferLab.Theory.Anguita2026;
using TransferLab.Training;

namespace TransferLab.Bench;

/// <summary>
/// Diagonal networks (issue #3, Anguita et al. 2026): time per replica curve (target: a 50-point curve well under a
/// second) and time per simulated point, exact implicit-bias solver against the gradient descent it replaces.
/// </summary>
public class DiagonalBenchmarks
{
    private static readonly double[] s_alphas = Enumerable.Range(0, 50).Select(i => 0.01 + 0.49 * i / 49).ToArray();
    private static readonly SparseTransferTask s_shared = new(1000, 0.1, 0.1, 0, 0.1);
    private static readonly SparseTransferTask s_new = new(1000, 0.1, 0, 0.1, 0.1);

    /// <summary>Small problem for the solver comparison (GD is affordable only at small D).</summary>
    private static readonly SparseTransferTask s_small = new(60, 0.25, 0.1, 0.1, 0.4);
    private static readonly DiagonalInitialization s_smallInit = new(0.02, -0.018, 0);

    /// <summary>50-point replica curve, regime II (c_PT = 10⁻³, λ = γ = 0), FT reuses the PT dimensions.</summary>
    [Benchmark]
    public double ReplicaCurve50RegimeII() => FineTuneReplica.Curve(s_shared, new DiagonalInitialization(1e-3, 0, 0), s_alphas)[^1].Error;

    /// <summary>50-point replica curve, regime IV (λ = −0.99 c_PT), new FT dimensions (the slowest oracle setting seen).</summary>
    [Benchmark]
    public double ReplicaCurve50RegimeIV() => FineTuneReplica.Curve(s_new, new DiagonalInitialization(1e-3, -0.99e-3, 0), s_alphas)[^1].Error;

    /// <summary>One simulated point at D = 60 by the exact solver (oracle PT, FT by dual Newton).</summary>
    [Benchmark]
    public double SimulatedPointExactD60() => DiagonalTransferPipeline.Run(s_small, s_smallInit, new Rng(1)).Error;

    /// <summary>The same point by gradient descent on the four weight vectors (Euler rule, step fraction 0.1, residual 1e-9).</summary>
    [Benchmark]
    public double SimulatedPointGradientDescentD60() =>
        DiagonalTransferPipeline.Run(s_small, s_smallInit, new Rng(1), DiagonalSolver.GradientFlow, new DiagonalFlowOptions(0.1, 1e-9, Rule: DiagonalFlowStepRule.Euler)).Error;

    /// <summary>The same point by the exact-flow rule (Barzilai–Borwein steps, residual 1e-9).</summary>
    [Benchmark]
    public double SimulatedPointExactFlowD60() =>
        DiagonalTransferPipeline.Run(s_small, s_smallInit, new Rng(1), DiagonalSolver.GradientFlow, new DiagonalFlowOptions(Tolerance: 1e-9)).Error;

    /// <summary>One simulated point at the paper-size check D = 2000, α_FT = 0.25 (regime IV, shared dims), exact solver.</summary>
    [Benchmark]
    public double SimulatedPointExactD2000() =>
        DiagonalTransferPipeline.Run(new SparseTransferTask(2000, 0.1, 0.1, 0, 0.25), new DiagonalInitialization(1e-3, -0.99e-3, 0), new Rng(1)).Error;
}
