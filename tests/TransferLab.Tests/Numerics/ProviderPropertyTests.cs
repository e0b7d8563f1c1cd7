using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TransferLab.Numerics;

namespace TransferLab.Tests.Numerics;

/// <summary>Randomised shapes (FsCheck) for the layout-sensitive operations: the native and managed providers must agree.</summary>
public class ProviderPropertyTests
{
    private static readonly NativeLinearAlgebra? Native = NativeLinearAlgebra.TryCreate(out _);
    private static readonly ManagedLinearAlgebra Managed = new();

    [Property(MaxTest = 60)]
    public Property GemmAgreesAcrossProvidersForRandomShapes()
    {
        var dims = Gen.Choose(1, 17);
        var gen = from m in dims from k in dims from n in dims from ta in Gen.Elements(Op.None, Op.Transpose) from tb in Gen.Elements(Op.None, Op.Transpose) from seed in Gen.Choose(0, 10_000)
                  select (m, k, n, ta, tb, seed);
        return Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var rng = new Rng((ulong)t.seed);
            var a = t.ta == Op.None ? rng.GaussianMatrix(t.m, t.k) : rng.GaussianMatrix(t.k, t.m);
            var b = t.tb == Op.None ? rng.GaussianMatrix(t.k, t.n) : rng.GaussianMatrix(t.n, t.k);
            var c1 = new Matrix(t.m, t.n);
            Managed.Gemm(t.ta, t.tb, 1, a, b, 0, c1);
            // Reference by definition.
            var at = t.ta == Op.None ? a : a.Transpose();
            var bt = t.tb == Op.None ? b : b.Transpose();
            double err = 0;
            for (int i = 0; i < t.m; i++)
                for (int j = 0; j < t.n; j++)
                {
                    double s = 0;
                    for (int q = 0; q < t.k; q++) s += at[i, q] * bt[q, j];
                    err = Math.Max(err, Math.Abs(s - c1[i, j]));
                }
            if (Native != null)
            {
                var c2 = new Matrix(t.m, t.n);
                Native.Gemm(t.ta, t.tb, 1, a, b, 0, c2);
                err = Math.Max(err, c1.MaxAbsDiff(c2));
            }
            return err < 1e-11;
        });
    }

    [Property(MaxTest = 40)]
    public Property LeastSquaresSatisfiesNormalEquationsForRandomShapes()
    {
        var gen = from r in Gen.Choose(1, 15) from c in Gen.Choose(1, 15) from seed in Gen.Choose(0, 10_000) select (r, c, seed);
        return Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var rng = new Rng((ulong)t.seed);
            var a = rng.GaussianMatrix(t.r, t.c);
            var b = rng.Gaussian(t.r);
            bool ok = true;
            foreach (var p in Native == null ? new ILinearAlgebraProvider[] { Managed } : [Managed, Native])
            {
                var x = p.LeastSquares(a, b);
                // Aᵀ(Ax − b) = 0, and x ⟂ null(A): x lies in the row space (minimum norm).
                var r = Vec.Subtract(LinearAlgebra.Multiply(a, x), b);
                var g = LinearAlgebra.Multiply(a, r, Op.Transpose);
                ok &= Vec.Norm(g) < 1e-9 * (1 + Vec.Norm(b)) * (1 + t.r);
                var svd = Managed.Svd(a);
                var proj = new double[t.c];
                for (int q = 0; q < svd.S.Length; q++) Vec.Axpy(Vec.Dot(svd.Vt.Row(q), x), svd.Vt.Row(q), proj);
                ok &= Vec.MaxAbsDiff(proj, x) < 1e-9 * (1 + Vec.Norm(x));
            }
            return ok;
        });
    }
}
