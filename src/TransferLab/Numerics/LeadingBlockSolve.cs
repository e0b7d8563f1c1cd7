using System.Runtime.CompilerServices;

namespace TransferLab.Numerics;

/// <summary>
/// x = (L_n L_nᵀ)⁻¹b for the leading n×n block L_n of a lower-triangular factor: forward substitution, then backward
/// substitution, each four rows at a time (<see cref="FourRows"/>). A block of four rows shares one pass over the solved prefix of x (four dot
/// products against one load of x going forward, one update of x by four rows going back), which cuts the loads per
/// multiply–add from two or three to about one and a quarter: this is the O(n²) kernel of the exact implicit-bias
/// solver's preconditioner and of every Lanczos step of
/// <see cref="LeadingSmallestEigenvalue"/>. Sums run in an order fixed by n, so the same (L_n, b) gives the same bits
/// whatever the size of the factor L_n is taken from.
/// </summary>
internal static class LeadingBlockSolve
{
    /// <summary>Overwrites <paramref name="x"/>[..n] with (L_n L_nᵀ)⁻¹<paramref name="b"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Solve(Matrix factor, int n, ReadOnlySpan<double> b, Span<double> x)
    {
        Forward(factor, n, b, x);
        Backward(factor, n, x);
    }

    /// <summary>x = L_n⁻¹b: x_i = (b_i − Σ_{j &lt; i} L_ij x_j)/L_ii, rows i … i+3 from one four-row dot over the solved prefix.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Forward(Matrix factor, int n, ReadOnlySpan<double> b, Span<double> x)
    {
        int i = 0;
        for (; i + 4 <= n; i += 4)
        {
            var r0 = factor.Row(i);
            var r1 = factor.Row(i + 1);
            var r2 = factor.Row(i + 2);
            var r3 = factor.Row(i + 3);
            var (s0, s1, s2, s3) = FourRows.Dots(r0[..i], r1[..i], r2[..i], r3[..i], x[..i]);
            double x0 = (b[i] - s0) / r0[i];
            double x1 = (b[i + 1] - s1 - r1[i] * x0) / r1[i + 1];
            double x2 = (b[i + 2] - s2 - r2[i] * x0 - r2[i + 1] * x1) / r2[i + 2];
            double x3 = (b[i + 3] - s3 - r3[i] * x0 - r3[i + 1] * x1 - r3[i + 2] * x2) / r3[i + 3];
            (x[i], x[i + 1], x[i + 2], x[i + 3]) = (x0, x1, x2, x3);
        }
        for (; i < n; i++)
        {
            var row = factor.Row(i);
            x[i] = (b[i] - Vec.Dot(row[..i], x[..i])) / row[i];
        }
    }

    /// <summary>
    /// x ← L_n⁻ᵀx by columns of Lᵀ (rows of L), from the bottom: rows i, i−1, i−2, i−3 are solved among themselves,
    /// then their contributions leave the prefix x_&lt;i−3 in one pass.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Backward(Matrix factor, int n, Span<double> x)
    {
        int i = n - 1;
        for (; i >= 3; i -= 4)
        {
            var r0 = factor.Row(i);
            var r1 = factor.Row(i - 1);
            var r2 = factor.Row(i - 2);
            var r3 = factor.Row(i - 3);
            double x0 = x[i] / r0[i];
            double x1 = (x[i - 1] - x0 * r0[i - 1]) / r1[i - 1];
            double x2 = (x[i - 2] - x0 * r0[i - 2] - x1 * r1[i - 2]) / r2[i - 2];
            double x3 = (x[i - 3] - x0 * r0[i - 3] - x1 * r1[i - 3] - x2 * r2[i - 3]) / r3[i - 3];
            (x[i], x[i - 1], x[i - 2], x[i - 3]) = (x0, x1, x2, x3);
            int m = i - 3;
            FourRows.AddCombination(-x0, r0[..m], -x1, r1[..m], -x2, r2[..m], -x3, r3[..m], x[..m]);
        }
        for (; i >= 0; i--)
        {
            var row = factor.Row(i);
            x[i] /= row[i];
            Vec.Axpy(-x[i], row[..i], x[..i]);
        }
    }
}
