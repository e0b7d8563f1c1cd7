using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TransferLab.Numerics;

/// <summary>
/// Kernels over four rows against one shared vector, in one pass over that vector: four dot products, or a combination
/// of four rows added to it. Used where a loop would otherwise read the shared vector once per row (the blocked
/// substitutions of <see cref="LeadingBlockSolve"/>, the Hessian products of <see cref="WeightedGramProduct"/>).
/// Sums run in an order fixed by the length (vector lanes, then the scalar tail), as in <see cref="Vec.Dot"/>.
/// </summary>
internal static class FourRows
{
    /// <summary>(r0·x, r1·x, r2·x, r3·x), one load of x for the four rows; lane sums, then the scalar tail.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (double, double, double, double) Dots(
        ReadOnlySpan<double> r0, ReadOnlySpan<double> r1, ReadOnlySpan<double> r2, ReadOnlySpan<double> r3, ReadOnlySpan<double> x)
    {
        int n = x.Length, blocks = n / Vector<double>.Count;
        var xv = MemoryMarshal.Cast<double, Vector<double>>(x);
        var v0 = MemoryMarshal.Cast<double, Vector<double>>(r0);
        var v1 = MemoryMarshal.Cast<double, Vector<double>>(r1);
        var v2 = MemoryMarshal.Cast<double, Vector<double>>(r2);
        var v3 = MemoryMarshal.Cast<double, Vector<double>>(r3);
        Vector<double> a0 = default, a1 = default, a2 = default, a3 = default;
        for (int k = 0; k < blocks; k++)
        {
            var xk = xv[k];
            a0 += v0[k] * xk;
            a1 += v1[k] * xk;
            a2 += v2[k] * xk;
            a3 += v3[k] * xk;
        }
        double s0 = Vector.Sum(a0), s1 = Vector.Sum(a1), s2 = Vector.Sum(a2), s3 = Vector.Sum(a3);
        for (int j = blocks * Vector<double>.Count; j < n; j++)
        {
            s0 += r0[j] * x[j];
            s1 += r1[j] * x[j];
            s2 += r2[j] * x[j];
            s3 += r3[j] * x[j];
        }
        return (s0, s1, s2, s3);
    }

    /// <summary>y ← y + ((c0·r0 + c1·r1) + (c2·r2 + c3·r3)), element-wise in one pass over y.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddCombination(double c0, ReadOnlySpan<double> r0, double c1, ReadOnlySpan<double> r1,
        double c2, ReadOnlySpan<double> r2, double c3, ReadOnlySpan<double> r3, Span<double> y)
    {
        int n = y.Length, blocks = n / Vector<double>.Count;
        var yv = MemoryMarshal.Cast<double, Vector<double>>(y);
        var v0 = MemoryMarshal.Cast<double, Vector<double>>(r0);
        var v1 = MemoryMarshal.Cast<double, Vector<double>>(r1);
        var v2 = MemoryMarshal.Cast<double, Vector<double>>(r2);
        var v3 = MemoryMarshal.Cast<double, Vector<double>>(r3);
        Vector<double> k0 = new(c0), k1 = new(c1), k2 = new(c2), k3 = new(c3);
        for (int k = 0; k < blocks; k++) yv[k] += v0[k] * k0 + v1[k] * k1 + (v2[k] * k2 + v3[k] * k3);
        for (int j = blocks * Vector<double>.Count; j < n; j++) y[j] += r0[j] * c0 + r1[j] * c1 + (r2[j] * c2 + r3[j] * c3);
    }
}
