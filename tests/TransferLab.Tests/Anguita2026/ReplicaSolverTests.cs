using TransferLab.Data;
using TransferLab.Models;
using TransferLab.Numerics;
using TransferLab.Theory.Anguita2026;
using TransferLab.Training;

namespace TransferLab.Tests.Anguita2026;

/// <summary>Replica theory against closed-form limits, an independent implementation's numbers and finite-D simulation.</summary>
public class ReplicaSolverTests
{
    private static ReplicaAtom[] BernoulliGaussian(double rho, double c) => [new(rho, 0, 1 / rho, c), new(1 - rho, 0, 0, c)];

    [Theory]
    [InlineData(0.2, 0.0)]
    [InlineData(0.5, 0.0)]
    [InlineData(0.3, 0.3)]
    public void LazyLimitIsMinimumNormInterpolation(double alpha, double sigma)
    {
        // Uniform c → ∞: φ ∝ β², the min-ℓ2 interpolant, whose error is (1 − α)E[β*²] + σ²α/(1 − α) for X ~ N(0, 1/D).
        var sol = new ReplicaSolver(BernoulliGaussian(0.1, 1e5)).Solve(alpha, sigma);
        double expected = (1 - alpha) * 1.0 + sigma * sigma * alpha / (1 - alpha);
        Assert.Equal(expected, sol.Error, 3e-4);
    }

    [Fact]
    public void RichLimitHasTheL1RecoveryTransition()
    {
        // Uniform c → 0 is basis pursuit: for ρ = 0.1 exact recovery sets in between α ≈ 0.3 and 0.4 (Donoho–Tanner).
        var solver = new ReplicaSolver(BernoulliGaussian(0.1, 1e-12));
        Assert.True(solver.Solve(0.25).Error > 0.05);
        Assert.True(solver.Solve(0.45).Error < 1e-6);
    }

    [Fact]
    public void LeastSquaresAboveOneSamplePerDimension()
    {
        var solver = new ReplicaSolver(BernoulliGaussian(0.1, 1e-3));
        Assert.Equal(0.0, solver.Solve(1.5).Error);
        Assert.Equal(0.25 / 0.5, solver.Solve(1.5, 0.5).Error, 12);
    }

    // Values of an independent implementation (the research note's own solver, docs/anguita2026.md §4.3–4.4, printed to two
    // decimals): four regimes and the c_PT sweep.
    [Theory]
    [InlineData(1e-3, 0.0, 0.0, 0.0, 0.1, new[] { 0.05, 0.1, 0.15, 0.2, 0.3, 0.4 }, new[] { 1.56, 1.42, 1.15, 0.89, 0.44, 0.14 })]
    [InlineData(1e-3, 0.0, 0.0, 0.1, 0.0, new[] { 0.05, 0.1, 0.15 }, new[] { 0.52, 0.14, 0.01 })]
    [InlineData(1e-3, -0.99e-3, 0.0, 0.0, 0.1, new[] { 0.05, 0.1, 0.15, 0.3 }, new[] { 1.18, 1.02, 0.81, 0.22 })]
    [InlineData(1e-3, -0.99e-3, 0.0, 0.1, 0.0, new[] { 0.05, 0.1, 0.15, 0.2 }, new[] { 0.69, 0.37, 0.14, 0.02 })]
    [InlineData(1e-3, 0.0, 10.0, 0.0, 0.1, new[] { 0.05, 0.2, 0.5 }, new[] { 0.95, 0.80, 0.50 })]
    [InlineData(1e-6, 0.0, 0.0, 0.0, 0.1, new[] { 0.05, 0.1, 0.2 }, new[] { 2.05, 2.19, 1.13 })]
    [InlineData(1.0, 0.0, 0.0, 0.0, 0.1, new[] { 0.05, 0.1, 0.2, 0.3 }, new[] { 0.95, 0.90, 0.79, 0.68 })]
    [InlineData(1e-3, 0.0, 1.0, 0.1, 0.0, new[] { 0.05, 0.1, 0.2, 0.3 }, new[] { 0.83, 0.68, 0.43, 0.27 })]
    public void AgreesWithAnIndependentReplicaImplementation(double cPt, double lambda, double gamma, double shared, double fresh, double[] alphas, double[] expected)
    {
        var task = new SparseTransferTask(1000, 0.1, shared, fresh, 0.1);
        var curve = FineTuneReplica.Curve(task, new DiagonalInitialization(cPt, lambda, gamma), alphas);
        for (int i = 0; i < alphas.Length; i++)
            Assert.True(Math.Abs(curve[i].Error - expected[i]) <= 0.015, $"α = {alphas[i]}: {curve[i].Error} vs {expected[i]}");
    }

    [Fact]
    public void QuadratureIsConvergedAtTheDefaultOrder()
    {
        var task = new SparseTransferTask(1000, 0.1, 0.01, 0, 0.05);
        var init = new DiagonalInitialization(1e-3, -0.99e-3, 0);
        double coarse = FineTuneReplica.Curve(task, init, [0.05])[0].Error;
        double fine = FineTuneReplica.Curve(task, init, [0.05], quadratureOrder: 10)[0].Error;
        Assert.Equal(fine, coarse, 1e-4);
    }

    [Fact]
    public void ImperfectPretrainingReducesToOracleWhenPretrainingIsExact()
    {
        var init = new DiagonalInitialization(1e-3, -0.5e-3, 0);
        var oracle = FineTuneReplica.Curve(new SparseTransferTask(1000, 0.1, 0.05, 0.05, 0.1), init, [0.1, 0.3]);
        var exactLs = FineTuneReplica.Curve(new SparseTransferTask(1000, 0.1, 0.05, 0.05, 0.1, AlphaPt: 1.5), init, [0.1, 0.3]);
        Assert.Equal(oracle[0].Error, exactLs[0].Error, 12);
        Assert.Equal(oracle[1].Error, exactLs[1].Error, 12);
        // With few PT samples the PT solution is worse and so is fine-tuning on the shared dimensions.
        var poor = FineTuneReplica.Curve(new SparseTransferTask(1000, 0.1, 0.1, 0, 0.1, AlphaPt: 0.3), new DiagonalInitialization(1e-3, 0, 0), [0.1]);
        var good = FineTuneReplica.Curve(new SparseTransferTask(1000, 0.1, 0.1, 0, 0.1), new DiagonalInitialization(1e-3, 0, 0), [0.1]);
        Assert.True(poor[0].Error > good[0].Error + 0.05);
    }

    [Theory]
    [InlineData(1e-3, 0.0, 1.0, 0.0, 0.1, 0.3)]   // γ = 1, new dimensions (lazy-ish: small finite-size effects)
    [InlineData(1e-3, 0.0, 0.0, 0.1, 0.0, 0.12)]  // regime II, shared dimensions
    [InlineData(1.0, 0.0, 0.0, 0.0, 0.1, 0.2)]    // large c_PT
    public void MatchesFiniteDimensionalSimulation(double cPt, double lambda, double gamma, double shared, double fresh, double alpha)
    {
        const int d = 600, reps = 12;
        var task = new SparseTransferTask(d, 0.1, shared, fresh, alpha);
        var init = new DiagonalInitialization(cPt, lambda, gamma);
        var errors = Enumerable.Range(0, reps).Select(r => DiagonalTransferPipeline.Run(task, init, SeedSequence.For(17, r)).Error).ToArray();
        double mean = errors.Average(), se = Math.Sqrt(errors.Select(e => (e - mean) * (e - mean)).Sum() / (reps - 1) / reps);
        double replica = FineTuneReplica.Predict(task, init).Error;
        // 3 SE for Monte Carlo plus 5 % for the O(1/√D)-type finite-size bias the note measured at D = 2000 (docs/anguita2026.md §3.6).
        Assert.True(Math.Abs(mean - replica) <= 3 * se + 0.05 * replica, $"simulation {mean} ± {se} vs replica {replica}");
    }
}
