using System.Numerics;
using System.Runtime.InteropServices;

namespace TransferLab.Numerics;

/// <summary>
/// The product H v = X diag(w) Xᵀ v without forming H, in one pass over X: from the transposed design (row j = column
/// x_j of X, contiguous) it computes q_j = x_jᵀ v and adds w_j q_j x_j to the result, four columns at a time so that v
/// and the result are read from L1 once per four columns while each column comes from memory once. For n ≫ 1 this is
/// memory-bound: about half the time of the two matrix–vector products Xᵀv and X(w∘q) it replaces (docs/benchmarks.md).
/// The summation order depends on the vector width only, so results are identical at any thread count.
/// </summary>
public static class WeightedGramProduct
{
    /// <summary>
    /// result = X diag(w) Xᵀ v and projections = Xᵀ v, for <paramref name="columns"/> = Xᵀ (D×N, one column of X per row).
    /// </summary>
    public static void Apply(Matrix columns, ReadOnlySpan<double> w, ReadOnlySpan<double> v, Span<double> result, Span<double> projections)
    {
        ArgumentNullException.ThrowIfNull(columns);
        int d = columns.Rows, n = columns.Cols;
        if (w.Length != d) throw new ArgumentException($"w has {w.Length} entries, expected {d}", nameof(w));
        if (projections.Length != d) throw new ArgumentException($"projections has {projections.Length} entries, expected {d}", nameof(projections));
        if (v.Length != n) throw new ArgumentException($"v has {v.Length} entries, expected {n}", nameof(v));
        if (result.Length != n) throw new ArgumentException($"result has {result.Length} entries, expected {n}", nameof(result));
        result.Clear();
        var data = columns.Data;
        int width = Vector<double>.Count, blocks = n / width, tail = blocks * width;
        var vv = MemoryMarshal.Cast<double, Vector<double>>(v);
        var rv = MemoryMarshal.Cast<double, Vector<double>>(result);
        int j = 0;
        for (; j + 4 <= d; j += 4)
        {
            var x0 = new ReadOnlySpan<double>(data, j * n, n);
            var x1 = new ReadOnlySpan<double>(data, (j + 1) * n, n);
            var x2 = new ReadOnlySpan<double>(data, (j + 2) * n, n);
            var x3 = new ReadOnlySpan<double>(data, (j + 3) * n, n);
            var c0 = MemoryMarshal.Cast<double, Vector<double>>(x0);
            var c1 = MemoryMarshal.Cast<double, Vector<double>>(x1);
            var c2 = MemoryMarshal.Cast<double, Vector<double>>(x2);
            var c3 = MemoryMarshal.Cast<double, Vector<double>>(x3);
            Vector<double> a0 = default, a1 = default, a2 = default, a3 = default;
            for (int k = 0; k < blocks; k++)
            {
                var vk = vv[k];
                a0 += c0[k] * vk;
                a1 += c1[k] * vk;
                a2 += c2[k] * vk;
                a3 += c3[k] * vk;
            }
            double s0 = Vector.Sum(a0), s1 = Vector.Sum(a1), s2 = Vector.Sum(a2), s3 = Vector.Sum(a3);
            for (int i = tail; i < n; i++)
            {
                s0 += x0[i] * v[i];
                s1 += x1[i] * v[i];
                s2 += x2[i] * v[i];
                s3 += x3[i] * v[i];
            }
            projections[j] = s0;
            projections[j + 1] = s1;
            projections[j + 2] = s2;
            projections[j + 3] = s3;
            double g0 = w[j] * s0, g1 = w[j + 1] * s1, g2 = w[j + 2] * s2, g3 = w[j + 3] * s3;
            Vector<double> h0 = new(g0), h1 = new(g1), h2 = new(g2), h3 = new(g3);
            for (int k = 0; k < blocks; k++)
                rv[k] += c0[k] * h0 + c1[k] * h1 + (c2[k] * h2 + c3[k] * h3);
            for (int i = tail; i < n; i++)
                result[i] += x0[i] * g0 + x1[i] * g1 + (x2[i] * g2 + x3[i] * g3);
        }
        for (; j < d; j++)
        {
            var xj = new ReadOnlySpan<double>(data, j * n, n);
            double s = Vec.Dot(xj, v);
            projections[j] = s;
            Vec.Axpy(w[j] * s, xj, result);
        }
    }
}
