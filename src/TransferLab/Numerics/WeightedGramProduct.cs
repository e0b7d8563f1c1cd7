namespace TransferLab.Numerics;

/// <summary>
/// The product H v = X diag(w) Xᵀ v without forming H, in one pass over X: from the transposed design (row j = column
/// x_j of X, contiguous) it computes q_j = x_jᵀ v and adds w_j q_j x_j to the result, four columns at a time
/// (<see cref="FourRows"/>) so that v and the result are read from L1 once per four columns while each column comes
/// from memory once. For n ≫ 1 this is memory-bound: about half the time of the two matrix–vector products Xᵀv and X(w∘q) it replaces (docs/benchmarks.md).
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
        int j = 0;
        for (; j + 4 <= d; j += 4)
        {
            var x0 = new ReadOnlySpan<double>(data, j * n, n);
            var x1 = new ReadOnlySpan<double>(data, (j + 1) * n, n);
            var x2 = new ReadOnlySpan<double>(data, (j + 2) * n, n);
            var x3 = new ReadOnlySpan<double>(data, (j + 3) * n, n);
            var (s0, s1, s2, s3) = FourRows.Dots(x0, x1, x2, x3, v);
            projections[j] = s0;
            projections[j + 1] = s1;
            projections[j + 2] = s2;
            projections[j + 3] = s3;
            FourRows.AddCombination(w[j] * s0, x0, w[j + 1] * s1, x1, w[j + 2] * s2, x2, w[j + 3] * s3, x3, result);
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
