using TransferLab.Numerics;

namespace TransferLab.Data;

/// <summary>Sub-sampling the rows of a data pool (real inputs, test pools) without replacement.</summary>
public static class RowSampling
{
    /// <summary>k distinct row indices in [0, total) by a partial Fisher–Yates shuffle.</summary>
    public static int[] SampleRows(int total, int k, Rng rng)
    {
        var idx = Enumerable.Range(0, total).ToArray();
        for (int i = 0; i < k; i++)
        {
            int j = i + rng.NextInt(total - i);
            (idx[i], idx[j]) = (idx[j], idx[i]);
        }
        return idx[..k];
    }

    /// <summary>Rows idx[start..start+count) of the pool.</summary>
    public static Matrix Rows(Matrix pool, int[] idx, int start, int count)
    {
        var m = new Matrix(count, pool.Cols);
        for (int i = 0; i < count; i++) pool.Row(idx[start + i]).CopyTo(m.Row(i));
        return m;
    }
}
