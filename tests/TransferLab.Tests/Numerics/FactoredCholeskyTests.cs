using TransferLab.Numerics;

namespace TransferLab.Tests.Numerics;

/// <summary>
/// The factor-once Cholesky of both providers (used by the exact implicit-bias solver's preconditioner) and the fused
/// weighted Gram product, each checked against a definition computed element by element.
/// </summary>
public class FactoredCholeskyTests
{
    public static IEnumerable<object[]> Providers() => ProviderAgreementTests.Providers();

    [Theory]
    [MemberData(nameof(Providers))]
    public void FactorIsLowerTriangularAndReproducesTheMatrix(ILinearAlgebraProvider p)
    {
        foreach (int n in new[] { 1, 5, 37 })
        {
            var a = TestMatrices.RandomSpd(n, new Rng((ulong)n), n);
            var l = a.Clone();
            p.CholeskyFactorInPlace(l);
            for (int i = 0; i < n; i++)
            {
                Assert.True(l[i, i] > 0);
                for (int j = i + 1; j < n; j++) Assert.Equal(0.0, l[i, j]);
                for (int j = 0; j <= i; j++)
                {
                    double s = 0;
                    for (int k = 0; k <= j; k++) s += l[i, k] * l[j, k];
                    Assert.Equal(a[i, j], s, 1e-10 * n);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void FactoredSolveInvertsTheMatrix(ILinearAlgebraProvider p)
    {
        var rng = new Rng(11);
        int n = 23;
        var a = TestMatrices.RandomSpd(n, rng, n);
        var x = new double[n];
        rng.FillGaussian(x);
        var b = new double[n];
        for (int i = 0; i < n; i++)
            for (int k = 0; k < n; k++) b[i] += a[i, k] * x[k];
        var l = a.Clone();
        p.CholeskyFactorInPlace(l);
        p.CholeskySolveFactored(l, b);
        for (int i = 0; i < n; i++) Assert.Equal(x[i], b[i], 1e-10);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void IndefiniteMatrixIsRefused(ILinearAlgebraProvider p)
    {
        var a = Matrix.FromArray(new double[,] { { 1, 2 }, { 2, 1 } });
        Assert.Throws<NotPositiveDefiniteException>(() => p.CholeskyFactorInPlace(a));
    }

    [Theory]
    [InlineData(7, 3)]
    [InlineData(9, 13)]
    [InlineData(16, 41)]
    public void WeightedGramProductEqualsTheTwoMatrixVectorProducts(int n, int d)
    {
        var rng = new Rng((ulong)(n * 100 + d));
        var x = new Matrix(n, d);
        rng.FillGaussian(x.Data);
        var w = Enumerable.Range(0, d).Select(_ => Math.Exp(rng.NextGaussian())).ToArray();
        var v = new double[n];
        rng.FillGaussian(v);
        var result = new double[n];
        var projections = new double[d];
        WeightedGramProduct.Apply(x.Transpose(), w, v, result, projections);
        var q = new double[d];
        for (int j = 0; j < d; j++)
            for (int i = 0; i < n; i++) q[j] += x[i, j] * v[i];
        for (int j = 0; j < d; j++) Assert.Equal(q[j], projections[j], 1e-12);
        for (int i = 0; i < n; i++)
        {
            double s = 0;
            for (int j = 0; j < d; j++) s += x[i, j] * w[j] * q[j];
            Assert.Equal(s, result[i], 1e-10);
        }
    }
}
