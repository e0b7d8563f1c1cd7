using TransferLab.Experiments.Tahir2024;
using BenchmarkDotNet.Attributes;
using TransferLab.Models;
using TransferLab.Numerics;
using TransferLab.Theory.Tahir2024;
using TransferLab.Theory.Shachaf2021;
using TransferLab.Training;

namespace TransferLab.Bench;

/// <summary>
/// Deep linear networks (issue #4): theoretical phase diagrams (target &lt; 1 s for 100 × 100), simulated diagrams from
/// the exact gradient-flow limits, and the exact c_L solver against the gradient descent it replaces.
/// </summary>
public class DeepLinearBenchmarks
{
    private Matrix _x = null!;
    private double[] _y = null!, _source = null!;
    private DeepLinearNetwork _pretrained = null!;
    private EmpiricalSquaredLoss _loss = null!;
    private double _step;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Rng(5);
        const int d = 100, n = 10;
        _source = rng.UnitVector(d);
        var target = Vec.Scaled(_source, 2.0);
        Vec.Axpy(0.1, rng.UnitVector(d), target);
        _x = rng.GaussianMatrix(n, d);
        _y = LinearAlgebra.Multiply(_x, target);
        _pretrained = DeepLinearNetworkInit.BalancedRankOne(_source, 5, null, rng);
        _loss = new EmpiricalSquaredLoss(_x, _y);
        _step = DeepLinearGradientFlow.SuggestStep(_loss, 5, 2.0, 0.1);
    }

    /// <summary>100 × 100 linear-transfer transferability grid (closed forms, σ = 0.2).</summary>
    [Benchmark]
    public double[,] TheoryPhaseDiagramLinearTransfer100() =>
        TheoreticalPhaseDiagram.Compute(new TransferabilitySettings(DeepLinearProtocol.LinearTransfer, 0.2), 100, 100, 2.0).T;

    /// <summary>100 × 100 fine-tuning grid with the depth-3 balancedness factor (one root per α).</summary>
    [Benchmark]
    public double[,] TheoryPhaseDiagramFineTuneDepth100() =>
        TheoreticalPhaseDiagram.Compute(new TransferabilitySettings(DeepLinearProtocol.FineTune, 1.0, Depth: 3), 100, 100, 2.0).T;

    /// <summary>Analytic T = 0 boundary branches (400 points each).</summary>
    [Benchmark]
    public int Boundary() => PhaseBoundary.Branches(new TransferabilitySettings(DeepLinearProtocol.LinearTransfer, 0.2), 2.0).Count;

    /// <summary>One simulated cell draw from the exact limits at the paper's d = 500, n = 250 (all protocols).</summary>
    [Benchmark]
    public double ExactLimitDrawD500() => ExactLimitSimulator.Draw(500, 250, 0.7, 0.2, new Rng(1), 2).FineTune;

    /// <summary>A 10 × 10 simulated diagram, 5 draws per cell, d = 100 (exact limits, single thread).</summary>
    [Benchmark]
    public double SimulatedDiagram10x10D100()
    {
        double s = 0;
        for (int i = 1; i <= 10; i++)
            for (int j = 1; j <= 10; j++)
                for (int r = 0; r < 5; r++)
                    s += ExactLimitSimulator.Draw(100, Math.Max(3, 20 * i), Math.Cos(j * Math.PI / 20), 0.2, SeedSequence.For(1, i, j, r)).LinearTransfer;
        return s;
    }

    /// <summary>Exact deep fine-tuning limit θ_FT(L = 5) = X⁺y + c_5 Qθ_S (d = 100, n = 10).</summary>
    [Benchmark]
    public double[] ExactDeepFineTune() => DeepFineTuningSolution.Compute(_x, _y, _source, 5).Theta;

    /// <summary>Layer-wise gradient descent to the same limit (depth 5, width 100, ‖∇‖ ≤ 1e-9·max‖∇‖).</summary>
    [Benchmark]
    public double[] GradientDescentDeepFineTune() =>
        DeepLinearGradientFlow.Train(_pretrained, _loss, new DeepLinearTrainingOptions(_step, 300_000, 1e-9)).EndToEnd;
}
