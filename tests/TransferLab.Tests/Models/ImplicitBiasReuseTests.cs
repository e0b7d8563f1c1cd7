using TransferLab.Numerics;
using TransferLab.Training;

namespace TransferLab.Tests.Models;

/// <summary>
/// The exact implicit-bias solver's inexact Newton (conjugate gradients preconditioned by a stale Cholesky factor) must
/// land on the same minimiser as plain Newton with a fresh factorization every step, for fewer factorizations, and
/// satisfy the optimality condition ½ asinh(β/c) ∈ range(Xᵀ) checked by an independent least-squares projection.
/// </summary>
public class ImplicitBiasReuseTests
{
    [Theory]
    [InlineData(1e-6, 40, 200)]
    [InlineData(1e-2, 60, 300)]
    [InlineData(1.0, 30, 90)]
    public void ReusedFactorGivesThePlainNewtonMinimiser(double scale, int n, int d)
    {
        var rng = new Rng(5);
        var x = new Matrix(n, d);
        rng.FillGaussian(x.Data, 1 / Math.Sqrt(d));
        var teacher = new double[d];
        for (int j = 0; j < d / 10; j++) teacher[j] = rng.NextGaussian();
        var y = LinearAlgebra.Multiply(x, teacher);
        var c = Enumerable.Range(0, d).Select(j => scale * (1 + 0.5 * (j % 3))).ToArray();

        var plain = ImplicitBiasSolver.Solve(x, y, c, 1e-10, 500, reuseFactor: false);
        var reused = ImplicitBiasSolver.Solve(x, y, c, 1e-10, 500, reuseFactor: true);
        Assert.True(plain.Converged && reused.Converged);
        Assert.True(reused.Factorizations <= plain.Factorizations, $"{reused.Factorizations} vs {plain.Factorizations}");
        double norm = Vec.Norm(plain.Beta);
        Assert.True(Vec.Norm(Vec.Subtract(plain.Beta, reused.Beta)) <= 1e-7 * norm);

        // Optimality: g = ½ asinh(β/c) lies in the row space of X, i.e. its least-squares fit Xᵀν reproduces it.
        var g = reused.Beta.Select((b, j) => 0.5 * Math.Asinh(b / c[j])).ToArray();
        var nu = LinearAlgebra.LeastSquares(x.Transpose(), g);
        var fit = LinearAlgebra.Multiply(x.Transpose(), nu);
        Assert.True(Vec.Norm(Vec.Subtract(fit, g)) <= 1e-5 * Vec.Norm(g), $"{Vec.Norm(Vec.Subtract(fit, g)) / Vec.Norm(g)}");
    }

    /// <summary>
    /// With c_d ≡ 1 and few samples (α = N/D = 1/8) the weights 2√((c + τ)² + β²) stay within a few per cent of each
    /// other, so H ≈ const·XXᵀ has condition number ≈ ((1 + √α)/(1 − √α))² ≈ 4 (Marchenko–Pastur): unpreconditioned
    /// conjugate gradients solve every Newton system and no N×N matrix is ever formed, for the same minimiser.
    /// </summary>
    [Fact]
    public void WellConditionedSystemsNeedNoFactorization()
    {
        var rng = new Rng(9);
        int n = 40, d = 320;
        var x = new Matrix(n, d);
        rng.FillGaussian(x.Data, 1 / Math.Sqrt(d));
        var teacher = new double[d];
        for (int j = 0; j < 16; j++) teacher[j] = 0.3 * rng.NextGaussian();
        var y = LinearAlgebra.Multiply(x, teacher);
        var c = Enumerable.Repeat(1.0, d).ToArray();

        var plain = ImplicitBiasSolver.Solve(x, y, c, 1e-10, 500, reuseFactor: false);
        var reused = ImplicitBiasSolver.Solve(x, y, c, 1e-10, 500, reuseFactor: true);
        Assert.True(plain.Converged && reused.Converged);
        Assert.Equal(0, reused.Factorizations);
        Assert.True(reused.HessianProducts > 0);
        Assert.True(Vec.Norm(Vec.Subtract(plain.Beta, reused.Beta)) <= 1e-7 * Vec.Norm(plain.Beta));
    }
}
