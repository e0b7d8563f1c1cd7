namespace TransferLab.Numerics;

/// <summary>Shape rules of C ← α·op(A)·op(B) + β·C, shared by every provider.</summary>
internal static class GemmShape
{
    /// <summary>Returns (m, n, k) for op(A) m×k, op(B) k×n, C m×n, or throws on a mismatch.</summary>
    public static (int M, int N, int K) Check(Op opA, Op opB, Matrix a, Matrix b, Matrix c)
    {
        int m = opA == Op.None ? a.Rows : a.Cols;
        int k = opA == Op.None ? a.Cols : a.Rows;
        int kb = opB == Op.None ? b.Rows : b.Cols;
        int n = opB == Op.None ? b.Cols : b.Rows;
        if (k != kb) throw new ArgumentException($"inner dimensions differ: {k} vs {kb}");
        if (c.Rows != m || c.Cols != n) throw new ArgumentException($"output is {c.Rows}×{c.Cols}, expected {m}×{n}");
        return (m, n, k);
    }
}
