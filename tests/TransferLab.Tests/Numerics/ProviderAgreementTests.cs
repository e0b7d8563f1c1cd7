using TransferLab.Numerics;

namespace TransferLab.Tests.Numerics;

/// <summary>
/// The native and managed providers must agree with each other and with definitions checked
/// element by element (naive triple loops, reconstruction A = U S Vᵀ, A v = λ v).
/// </summary>
public class ProviderAgreementTests
{
    public static IEnumerable<object[]> Providers()
    {
        yield return [new ManagedLinearAlgebra()];
        var native = NativeLinearAlgebra.TryCreate(out _);
        if (native != null) yield return [native];
    }

    private static Matrix NaiveProduct(Matrix a, Matrix b, Op opA, Op opB)
    {
        var A = opA == Op.None ? a : a.Transpose();
        var B = opB == Op.None ? b : b.Transpose();
        var c = new Matrix(A.Rows, B.Cols);
        for (int i = 0; i < A.Rows; i++)
            for (int j = 0; j < B.Cols; j++)
            {
                double s = 0;
                for (int k = 0; k < A.Cols; k++) s += A[i, k] * B[k, j];
                c[i, j] = s;
            }
        return c;
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void GemmMatchesNaiveProductForAllTransposes(ILinearAlgebraProvider p)
    {
        var rng = new Rng(1);
        foreach (var opA in new[] { Op.None, Op.Transpose })
            foreach (var opB in new[] { Op.None, Op.Transpose })
            {
                // m=5, k=7, n=3 shapes chosen non-square so a layout mistake cannot pass.
                var a = opA == Op.None ? rng.GaussianMatrix(5, 7) : rng.GaussianMatrix(7, 5);
                var b = opB == Op.None ? rng.GaussianMatrix(7, 3) : rng.GaussianMatrix(3, 7);
                var c0 = rng.GaussianMatrix(5, 3);
                var c = c0.Clone();
                p.Gemm(opA, opB, 0.7, a, b, -0.3, c);
                var expect = NaiveProduct(a, b, opA, opB);
                for (int i = 0; i < expect.Data.Length; i++) expect.Data[i] = 0.7 * expect.Data[i] - 0.3 * c0.Data[i];
                Assert.True(c.MaxAbsDiff(expect) < 1e-12, $"{opA},{opB}: {c.MaxAbsDiff(expect)}");
            }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void GemvAndSyrkMatchDefinitions(ILinearAlgebraProvider p)
    {
        var rng = new Rng(2);
        var a = rng.GaussianMatrix(6, 4);
        var x4 = rng.Gaussian(4);
        var x6 = rng.Gaussian(6);
        var y6 = new double[6];
        p.Gemv(Op.None, 1, a, x4, 0, y6);
        var y4 = new double[4];
        p.Gemv(Op.Transpose, 1, a, x6, 0, y4);
        for (int i = 0; i < 6; i++)
        {
            double s = 0;
            for (int j = 0; j < 4; j++) s += a[i, j] * x4[j];
            Assert.Equal(s, y6[i], 12);
        }
        for (int j = 0; j < 4; j++)
        {
            double s = 0;
            for (int i = 0; i < 6; i++) s += a[i, j] * x6[i];
            Assert.Equal(s, y4[j], 12);
        }
        Assert.True(p.Syrk(Op.Transpose, 2.0, a).MaxAbsDiff(Scale(NaiveProduct(a, a, Op.Transpose, Op.None), 2)) < 1e-12);
        Assert.True(p.Syrk(Op.None, 1.0, a).MaxAbsDiff(NaiveProduct(a, a, Op.None, Op.Transpose)) < 1e-12);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void SyrkIsExactlySymmetricAndMatchesTheDefinitionAcrossCacheTiles(ILinearAlgebraProvider p)
    {
        // Sizes on both sides of the 64-row tiles of Matrix.MirrorLowerTriangle (one, two and three tiles, partial last tiles).
        var rng = new Rng(3);
        foreach (int n in new[] { 1, 63, 64, 65, 130, 150 })
        {
            var a = rng.GaussianMatrix(n, 7);
            var rows = p.Syrk(Op.None, 1.0, a);
            var cols = p.Syrk(Op.Transpose, 1.0, a.Transpose());
            foreach (var g in new[] { rows, cols })
            {
                Assert.True(g.MaxAbsDiff(NaiveProduct(a, a, Op.None, Op.Transpose)) < 1e-12, $"n = {n}");
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < i; j++)
                        Assert.Equal(g[j, i], g[i, j]);
            }
        }
    }

    private static Matrix Scale(Matrix m, double s)
    {
        var r = m.Clone();
        r.Data.AsSpan().Scale(s);
        return r;
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void CholeskySolveSolvesAndRejectsIndefinite(ILinearAlgebraProvider p)
    {
        var rng = new Rng(3);
        var g = rng.GaussianMatrix(8, 5);
        var spd = NaiveProduct(g, g, Op.Transpose, Op.None);
        for (int i = 0; i < 5; i++) spd[i, i] += 0.5;
        var b = rng.GaussianMatrix(5, 2);
        var x = p.CholeskySolve(spd, b);
        Assert.True(NaiveProduct(spd, x, Op.None, Op.None).MaxAbsDiff(b) < 1e-10);
        var indefinite = Matrix.Diagonal([1.0, -1.0]);
        Assert.Throws<NotPositiveDefiniteException>(() => p.CholeskySolve(indefinite, Matrix.Identity(2)));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void SymmetricEigenReconstructs(ILinearAlgebraProvider p)
    {
        var rng = new Rng(4);
        var g = rng.GaussianMatrix(7, 7);
        var s = NaiveProduct(g, g, Op.None, Op.Transpose);
        var e = p.SymmetricEigen(s);
        for (int j = 1; j < 7; j++) Assert.True(e.Values[j] >= e.Values[j - 1]);
        for (int j = 0; j < 7; j++)
        {
            var v = e.Vectors.Column(j);
            var sv = NaiveProduct(s, new Matrix(7, 1, v), Op.None, Op.None).Data;
            for (int i = 0; i < 7; i++) Assert.Equal(e.Values[j] * v[i], sv[i], 10);
            Assert.Equal(1.0, Vec.Norm(v), 12);
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void SvdReconstructsWideAndTall(ILinearAlgebraProvider p)
    {
        var rng = new Rng(5);
        foreach (var (r, c) in new[] { (4, 9), (9, 4) })
        {
            var a = rng.GaussianMatrix(r, c);
            var svd = p.Svd(a);
            int k = Math.Min(r, c);
            Assert.Equal(k, svd.S.Length);
            var us = svd.U.Clone();
            for (int i = 0; i < r; i++)
                for (int q = 0; q < k; q++) us[i, q] *= svd.S[q];
            Assert.True(NaiveProduct(us, svd.Vt, Op.None, Op.None).MaxAbsDiff(a) < 1e-12);
            for (int q = 1; q < k; q++) Assert.True(svd.S[q] <= svd.S[q - 1]);
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void LeastSquaresGivesMinimumNormInterpolantAndNormalEquations(ILinearAlgebraProvider p)
    {
        var rng = new Rng(6);
        // Wide: x = Aᵀ(AAᵀ)⁻¹b is the minimum-norm interpolant.
        var wide = rng.GaussianMatrix(4, 10);
        var b = rng.Gaussian(4);
        var x = p.LeastSquares(wide, b);
        var aat = NaiveProduct(wide, wide, Op.None, Op.Transpose);
        var z = new ManagedLinearAlgebra().CholeskySolve(aat, new Matrix(4, 1, b));
        var expect = NaiveProduct(wide, z, Op.Transpose, Op.None).Data;
        Assert.True(Vec.MaxAbsDiff(x, expect) < 1e-10);
        // Tall: normal equations AᵀA x = Aᵀb.
        var tall = rng.GaussianMatrix(12, 3);
        var bt = rng.Gaussian(12);
        var xt = p.LeastSquares(tall, bt);
        var ata = NaiveProduct(tall, tall, Op.Transpose, Op.None);
        var atb = NaiveProduct(tall, new Matrix(12, 1, bt), Op.Transpose, Op.None);
        Assert.True(Vec.MaxAbsDiff(NaiveProduct(ata, new Matrix(3, 1, xt), Op.None, Op.None).Data, atb.Data) < 1e-10);
    }

    [Fact]
    public void NativeAndManagedAgreeOnLargerProblems()
    {
        var native = NativeLinearAlgebra.TryCreate(out var why);
        if (native == null) return; // covered by the managed-only tests; CI installs OpenBLAS.
        var managed = new ManagedLinearAlgebra();
        var rng = new Rng(7);
        var a = rng.GaussianMatrix(60, 90);
        var b = rng.GaussianMatrix(90, 40);
        var c1 = new Matrix(60, 40);
        var c2 = new Matrix(60, 40);
        native.Gemm(Op.None, Op.None, 1, a, b, 0, c1);
        managed.Gemm(Op.None, Op.None, 1, a, b, 0, c2);
        Assert.True(c1.MaxAbsDiff(c2) < 1e-11);
        var s1 = native.Svd(a).S;
        var s2 = managed.Svd(a).S;
        Assert.True(Vec.MaxAbsDiff(s1, s2) < 1e-10);
        var y = rng.Gaussian(60);
        Assert.True(Vec.MaxAbsDiff(native.LeastSquares(a, y), managed.LeastSquares(a, y)) < 1e-9);
    }
}
