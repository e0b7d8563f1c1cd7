namespace TransferLab.Numerics;

/// <summary>
/// Matrix–vector products with a design X (N×D) held by columns, i.e. as Xᵀ (D×N, row j = column x_j, contiguous):
/// Xᵀv as D dot products and Xc as a combination of columns, both four columns at a time (<see cref="FourRows"/>), so
/// that v or the result is read from L1 once per four columns and X streams from memory once, in order. Once X outgrows
/// the L2 cache (the exact solver's N × D from 600 × 2000 to 2500 × 5000) this is 1.7–2.6× as fast as the one-column
/// dgemm that <see cref="ILinearAlgebraProvider.Gemv"/> calls for bit-reproducibility, which first packs all of X;
/// below that it is slightly slower (docs/benchmarks.md, "Exact solver: products by columns"). Sums run in an order fixed by the lengths (vector lanes,
/// then the scalar tail; columns in blocks of four in index order), so results are identical at any thread count and
/// with either linear-algebra provider.
/// </summary>
public static class ColumnProducts
{
    /// <summary>projections = Xᵀ v, for <paramref name="columns"/> = Xᵀ.</summary>
    public static void Project(Matrix columns, ReadOnlySpan<double> v, Span<double> projections)
    {
        ArgumentNullException.ThrowIfNull(columns);
        int d = columns.Rows, n = columns.Cols;
        if (v.Length != n) throw new ArgumentException($"v has {v.Length} entries, expected {n}", nameof(v));
        if (projections.Length != d) throw new ArgumentException($"projections has {projections.Length} entries, expected {d}", nameof(projections));
        var data = columns.Data;
        int j = 0;
        for (; j + 4 <= d; j += 4)
        {
            var (s0, s1, s2, s3) = FourRows.Dots(Column(data, j, n), Column(data, j + 1, n), Column(data, j + 2, n), Column(data, j + 3, n), v);
            projections[j] = s0;
            projections[j + 1] = s1;
            projections[j + 2] = s2;
            projections[j + 3] = s3;
        }
        for (; j < d; j++) projections[j] = Vec.Dot(Column(data, j, n), v);
    }

    /// <summary>result ← result + a·X c = result + Σ_j a·c_j x_j, for <paramref name="columns"/> = Xᵀ.</summary>
    public static void AddCombination(Matrix columns, double a, ReadOnlySpan<double> c, Span<double> result)
    {
        ArgumentNullException.ThrowIfNull(columns);
        int d = columns.Rows, n = columns.Cols;
        if (c.Length != d) throw new ArgumentException($"c has {c.Length} entries, expected {d}", nameof(c));
        if (result.Length != n) throw new ArgumentException($"result has {result.Length} entries, expected {n}", nameof(result));
        var data = columns.Data;
        int j = 0;
        for (; j + 4 <= d; j += 4)
            FourRows.AddCombination(a * c[j], Column(data, j, n), a * c[j + 1], Column(data, j + 1, n),
                a * c[j + 2], Column(data, j + 2, n), a * c[j + 3], Column(data, j + 3, n), result);
        for (; j < d; j++) Vec.Axpy(a * c[j], Column(data, j, n), result);
    }

    private static ReadOnlySpan<double> Column(double[] data, int j, int n) => new(data, j * n, n);
}
