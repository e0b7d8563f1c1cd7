namespace TransferLab.Numerics;

/// <summary>
/// Cholesky factorisation A = L Lᵀ whose leading k×k block is, bit for bit, the factor of the leading k×k block of A for
/// every k (docs/shachaf2021.md §2.4, nested samples). It is the row-oriented, unblocked Cholesky–Banachiewicz order: row i of L
/// is L_ij = (A_ij − Σ_{p&lt;j} L_ip L_jp)/L_jj for j &lt; i and L_ii = √(A_ii − Σ_{p&lt;i} L_ip²), each sum a
/// <see cref="Vec.Dot"/> whose order depends on its length alone, so row i reads rows ≤ i of A and nothing else.
/// Forward substitution has the same property, so one factor of the largest matrix serves every leading block:
/// bᵀA_k⁻¹b = ‖L_k⁻¹b‖² is the running sum of squares of one forward substitution. Managed code only, identical on
/// every linear-algebra provider; O(n³/3) like LAPACK's dpotrf, but without its blocking.
/// </summary>
public static class NestedCholesky
{
    /// <summary>The lower-triangular factor L of the symmetric positive-definite <paramref name="a"/> (its lower triangle is read; the upper triangle of L is zero).</summary>
    /// <exception cref="NotPositiveDefiniteException">A pivot is not positive; the message names its row.</exception>
    public static Matrix Factor(Matrix a)
    {
        ArgumentNullException.ThrowIfNull(a);
        int n = a.Rows;
        if (a.Cols != n) throw new ArgumentException("matrix must be square", nameof(a));
        var l = new Matrix(n, n);
        for (int i = 0; i < n; i++)
        {
            var li = l.Row(i);
            for (int j = 0; j < i; j++)
                li[j] = (a[i, j] - Vec.Dot(li[..j], l.Row(j)[..j])) / l[j, j];
            double pivot = a[i, i] - Vec.Dot(li[..i], li[..i]);
            if (!(pivot > 0)) throw new NotPositiveDefiniteException($"leading {i + 1}×{i + 1} block is not positive definite (pivot {pivot})");
            li[i] = Math.Sqrt(pivot);
        }
        return l;
    }

    /// <summary>
    /// z = L_n⁻¹b with L_n the leading n×n block of the lower-triangular <paramref name="factor"/>, n the length of
    /// <paramref name="b"/>; z_i depends on b_0 … b_i only.
    /// </summary>
    public static double[] ForwardSubstitute(Matrix factor, ReadOnlySpan<double> b)
    {
        ArgumentNullException.ThrowIfNull(factor);
        int n = b.Length;
        if (n > factor.Rows) throw new ArgumentException($"b has length {n}, more than the factor's {factor.Rows} rows", nameof(b));
        var z = new double[n];
        for (int i = 0; i < n; i++)
        {
            var li = factor.Row(i);
            z[i] = (b[i] - Vec.Dot(li[..i], z.AsSpan(0, i))) / li[i];
        }
        return z;
    }

    /// <summary>
    /// s_k = Σ_{i&lt;k} z_i² for k = 0 … n (summed in index order): with z = L⁻¹b, s_k = b_kᵀA_k⁻¹b_k for the leading
    /// k-prefix b_k of b and the leading k×k block A_k of A.
    /// </summary>
    public static double[] PrefixSquaredNorms(ReadOnlySpan<double> z)
    {
        var s = new double[z.Length + 1];
        for (int i = 0; i < z.Length; i++) s[i + 1] = s[i] + z[i] * z[i];
        return s;
    }
}
