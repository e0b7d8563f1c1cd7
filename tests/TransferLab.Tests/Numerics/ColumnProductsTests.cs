using TransferLab.Numerics;

namespace TransferLab.Tests.Numerics;

/// <summary>
/// The products by columns of the exact solver (Xᵀv and a combination of columns, on the stored transpose) against the
/// defining sums element by element, and the in-place substitution on a factor from either provider's Cholesky.
/// </summary>
public class ColumnProductsTests
{
    public static IEnumerable<object[]> Providers() => ProviderAgreementTests.Providers();

    // Sizes (N, D) with and without a remainder of four columns and of the vector width.
    public static TheoryData<int, int> Sizes() => new() { { 1, 1 }, { 7, 3 }, { 9, 13 }, { 16, 41 }, { 33, 8 } };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void ProjectIsTheTransposedProduct(int n, int d)
    {
        var rng = new Rng((ulong)(n * 1000 + d));
        var x = rng.GaussianMatrix(n, d, 1.0);
        var v = rng.Gaussian(n);
        var projections = new double[d];
        ColumnProducts.Project(x.Transpose(), v, projections);
        for (int j = 0; j < d; j++)
        {
            double s = 0, scale = 0;
            for (int i = 0; i < n; i++) { s += x[i, j] * v[i]; scale += Math.Abs(x[i, j] * v[i]); }
            Assert.Equal(s, projections[j], 1e-14 * (1 + scale));
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void AddCombinationAddsAScaledProduct(int n, int d)
    {
        var rng = new Rng((ulong)(n * 1000 + d + 7));
        var x = rng.GaussianMatrix(n, d, 1.0);
        var c = rng.Gaussian(d);
        var start = rng.Gaussian(n);
        var result = (double[])start.Clone();
        ColumnProducts.AddCombination(x.Transpose(), -0.75, c, result);
        for (int i = 0; i < n; i++)
        {
            double s = start[i], scale = Math.Abs(start[i]);
            for (int j = 0; j < d; j++) { s += -0.75 * c[j] * x[i, j]; scale += Math.Abs(0.75 * c[j] * x[i, j]); }
            Assert.Equal(s, result[i], 1e-14 * (1 + scale));
        }
    }

    [Fact]
    public void RejectsMismatchedLengths()
    {
        var xt = new Matrix(3, 5);
        Assert.Throws<ArgumentException>(() => ColumnProducts.Project(xt, new double[4], new double[3]));
        Assert.Throws<ArgumentException>(() => ColumnProducts.Project(xt, new double[5], new double[2]));
        Assert.Throws<ArgumentException>(() => ColumnProducts.AddCombination(xt, 1, new double[2], new double[5]));
        Assert.Throws<ArgumentException>(() => ColumnProducts.AddCombination(xt, 1, new double[3], new double[4]));
    }

    // The solver's preconditioner: the factor of either provider's CholeskyFactorInPlace (whatever that leaves above the
    // diagonal) solved in place by the blocked substitutions gives (LLᵀ)⁻¹b, checked by multiplying back with the matrix.
    [Theory]
    [MemberData(nameof(Providers))]
    public void InPlaceSubstitutionOnAProviderFactorSolvesTheSystem(ILinearAlgebraProvider p)
    {
        foreach (int n in new[] { 1, 6, 37 })
        {
            var a = TestMatrices.RandomSpd(n, new Rng((ulong)(n + 11)), n);
            var factor = a.Clone();
            p.CholeskyFactorInPlace(factor);
            var b = new Rng((ulong)n).Gaussian(n);
            var x = (double[])b.Clone();
            LeadingBlockSolve.Solve(factor, n, x, x);
            for (int i = 0; i < n; i++)
            {
                double s = 0;
                for (int j = 0; j < n; j++) s += a[i, j] * x[j];
                Assert.Equal(b[i], s, 1e-9 * (1 + Math.Abs(b[i])));
            }
        }
    }
}
