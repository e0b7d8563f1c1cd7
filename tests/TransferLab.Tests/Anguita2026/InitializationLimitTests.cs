using TransferLab.Data;
using TransferLab.Models;
using TransferLab.Numerics;
using TransferLab.Training;

namespace TransferLab.Tests.Anguita2026;

/// <summary>
/// Limits of the initialization levers (issue: "γ_FT or c_PT → 0 and → ∞ recover the ℓ1-like and ℓ2-like
/// interpolators"), checked on the fine-tuned solution against independent computations: the minimum-ℓ2 interpolant
/// X⁺y, exact recovery of a sparse teacher, and least squares restricted to the PT support.
/// </summary>
public class InitializationLimitTests
{
    private const int D = 120;

    private static (Matrix X, double[] Y, double[] BetaPt, double[] Teacher) Problem(double shared, double fresh, int n, ulong seed)
    {
        var rng = new Rng(seed);
        var (pt, ft) = new SparseTransferTask(D, 0.1, shared, fresh, n / (double)D).SampleTeachers(rng);
        var x = rng.GaussianMatrix(n, D, 1 / Math.Sqrt(D));
        return (x, LinearAlgebra.Multiply(x, ft), pt, ft);
    }

    private static double[] FineTune(DiagonalInitialization init, Matrix x, double[] y, double[] betaPt) =>
        ImplicitBiasSolver.Solve(x, y, betaPt.Select(init.FineTuneScale).ToArray()).Beta;

    private static double RelativeDistance(double[] a, double[] b) => Vec.Norm(Vec.Subtract(a, b)) / Vec.Norm(b);

    [Theory]
    [InlineData(1e-3, 0.0, 1e4)]   // γ_FT → ∞: c_FT ≈ γ²/2 uniform
    [InlineData(1e4, 0.0, 0.0)]    // c_PT → ∞: c_FT ≈ 2(c_PT + λ_PT) uniform
    [InlineData(1e4, -5e3, 0.0)]
    public void LargeGammaOrLargeScaleGiveTheMinimumNormInterpolant(double cPt, double lambda, double gamma)
    {
        var (x, y, pt, _) = Problem(0.05, 0.05, 40, 1);
        var beta = FineTune(new DiagonalInitialization(cPt, lambda, gamma), x, y, pt);
        Assert.True(RelativeDistance(beta, LinearAlgebra.LeastSquares(x, y)) < 1e-4);
    }

    [Fact]
    public void SmallGammaWithLambdaAtMinusCIsBasisPursuit()
    {
        // λ_PT = −c_PT, γ_FT → 0: c_FT = γ²/2 → 0 on every coordinate, the ℓ1 limit; a 6-sparse teacher with new
        // support (PT knowledge useless) is recovered exactly from 50 samples.
        var (x, y, pt, teacher) = Problem(0, 0.05, 50, 2);
        var beta = FineTune(new DiagonalInitialization(1e-3, -1e-3, 1e-5), x, y, pt);
        Assert.True(RelativeDistance(beta, teacher) < 1e-4);
        // The lazy limit on the same data does not recover it.
        Assert.True(RelativeDistance(LinearAlgebra.LeastSquares(x, y), teacher) > 0.3);
    }

    [Fact]
    public void SmallScaleRestrictsFineTuningToThePretrainedSupport()
    {
        // c_PT → 0 with λ = γ = 0: c_FT → a_PT on PT features and → 0 elsewhere, so FT solves least squares on the PT
        // support (12 coordinates) and ignores the rest: with 20 samples it recovers a teacher inside that support.
        var (x, y, pt, teacher) = Problem(0.1, 0, 20, 3);
        var beta = FineTune(new DiagonalInitialization(1e-9, 0, 0), x, y, pt);
        var support = Enumerable.Range(0, D).Where(d => pt[d] != 0).ToArray();
        var xs = new Matrix(x.Rows, support.Length);
        for (int i = 0; i < x.Rows; i++)
            for (int j = 0; j < support.Length; j++) xs[i, j] = x[i, support[j]];
        var restricted = LinearAlgebra.LeastSquares(xs, y);
        var expected = new double[D];
        for (int j = 0; j < support.Length; j++) expected[support[j]] = restricted[j];
        Assert.True(RelativeDistance(beta, expected) < 1e-3);
        Assert.True(RelativeDistance(beta, teacher) < 1e-3);
    }
}
