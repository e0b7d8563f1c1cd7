using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TransferLab.Numerics;

/// <summary>
/// Dense row-major matrix of doubles: element (i, j) lives at <c>Data[i * Cols + j]</c>.
/// A deliberately small type: storage plus shape. Products and factorizations go through
/// <see cref="LinearAlgebra"/> so that the native BLAS/LAPACK or managed provider does the work.
/// </summary>
public sealed class Matrix
{
    /// <summary>Number of rows.</summary>
    public int Rows { get; }

    /// <summary>Number of columns.</summary>
    public int Cols { get; }

    /// <summary>Row-major storage, length <c>Rows * Cols</c>.</summary>
    public double[] Data { get; }

    /// <summary>A zero matrix of the given shape.</summary>
    public Matrix(int rows, int cols)
    {
        if (rows < 0) throw new ArgumentOutOfRangeException(nameof(rows), rows, "rows must be ≥ 0");
        if (cols < 0) throw new ArgumentOutOfRangeException(nameof(cols), cols, "cols must be ≥ 0");
        Rows = rows;
        Cols = cols;
        Data = new double[checked(rows * cols)];
    }

    /// <summary>Wraps existing row-major storage (not copied).</summary>
    public Matrix(int rows, int cols, double[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length != checked(rows * cols))
            throw new ArgumentException($"data has length {data.Length}, expected rows*cols = {rows * cols}", nameof(data));
        Rows = rows;
        Cols = cols;
        Data = data;
    }

    /// <summary>Element access.</summary>
    public double this[int i, int j]
    {
        get => Data[i * Cols + j];
        set => Data[i * Cols + j] = value;
    }

    /// <summary>A span over row <paramref name="i"/>.</summary>
    public Span<double> Row(int i) => Data.AsSpan(i * Cols, Cols);

    /// <summary>Copies column <paramref name="j"/> into a new array.</summary>
    public double[] Column(int j)
    {
        var c = new double[Rows];
        for (int i = 0; i < Rows; i++) c[i] = Data[i * Cols + j];
        return c;
    }

    /// <summary>The n×n identity.</summary>
    public static Matrix Identity(int n)
    {
        var m = new Matrix(n, n);
        for (int i = 0; i < n; i++) m.Data[i * n + i] = 1.0;
        return m;
    }

    /// <summary>Diagonal matrix with the given diagonal.</summary>
    public static Matrix Diagonal(ReadOnlySpan<double> diag)
    {
        var m = new Matrix(diag.Length, diag.Length);
        for (int i = 0; i < diag.Length; i++) m.Data[i * diag.Length + i] = diag[i];
        return m;
    }

    /// <summary>Builds a matrix from a rectangular 2-D array.</summary>
    public static Matrix FromArray(double[,] a)
    {
        var m = new Matrix(a.GetLength(0), a.GetLength(1));
        for (int i = 0; i < m.Rows; i++)
            for (int j = 0; j < m.Cols; j++)
                m[i, j] = a[i, j];
        return m;
    }

    /// <summary>Deep copy.</summary>
    public Matrix Clone() => new(Rows, Cols, (double[])Data.Clone());

    /// <summary>Transposed copy.</summary>
    public Matrix Transpose()
    {
        // Every entry is written, so the storage is not zeroed first.
        var t = new Matrix(Cols, Rows, GC.AllocateUninitializedArray<double>(Data.Length));
        TransposeInto(Data, Rows, Cols, t.Data);
        return t;
    }

    /// <summary>
    /// Writes the transpose of the row-major <paramref name="rows"/>×<paramref name="cols"/> <paramref name="source"/>
    /// into <paramref name="destination"/> (row-major cols×rows; equivalently, the column-major layout of the source).
    /// </summary>
    public static void TransposeInto(ReadOnlySpan<double> source, int rows, int cols, Span<double> destination)
    {
        if (source.Length < rows * cols || destination.Length < rows * cols)
            throw new ArgumentException($"spans hold {source.Length} and {destination.Length} values, need {rows * cols}");
        // In 32×32 tiles, so that a tile's rows and columns stay in cache; with AVX, 4×4 blocks through registers (four
        // row loads, two unpacks and two lane swaps, four column stores), which takes a third to a half off transposing the
        // designs of the exact solver (docs/benchmarks.md, "Transposes in 4×4 blocks"). Pure copies either way.
        const int B = 32;
        if (Avx.IsSupported)
        {
            int rows4 = rows & ~3, cols4 = cols & ~3;
            ref double src = ref MemoryMarshal.GetReference(source);
            ref double dst = ref MemoryMarshal.GetReference(destination);
            for (int i0 = 0; i0 < rows4; i0 += B)
                for (int j0 = 0; j0 < cols4; j0 += B)
                {
                    int iMax = Math.Min(i0 + B, rows4), jMax = Math.Min(j0 + B, cols4);
                    for (int i = i0; i < iMax; i += 4)
                        for (int j = j0; j < jMax; j += 4)
                        {
                            nuint at = (nuint)i * (nuint)cols + (nuint)j, step = (nuint)cols;
                            var r0 = Vector256.LoadUnsafe(ref src, at);
                            var r1 = Vector256.LoadUnsafe(ref src, at + step);
                            var r2 = Vector256.LoadUnsafe(ref src, at + 2 * step);
                            var r3 = Vector256.LoadUnsafe(ref src, at + 3 * step);
                            var low01 = Avx.UnpackLow(r0, r1);   // r0[0] r1[0] r0[2] r1[2]
                            var high01 = Avx.UnpackHigh(r0, r1); // r0[1] r1[1] r0[3] r1[3]
                            var low23 = Avx.UnpackLow(r2, r3);
                            var high23 = Avx.UnpackHigh(r2, r3);
                            nuint to = (nuint)j * (nuint)rows + (nuint)i, next = (nuint)rows;
                            Avx.Permute2x128(low01, low23, 0x20).StoreUnsafe(ref dst, to);
                            Avx.Permute2x128(high01, high23, 0x20).StoreUnsafe(ref dst, to + next);
                            Avx.Permute2x128(low01, low23, 0x31).StoreUnsafe(ref dst, to + 2 * next);
                            Avx.Permute2x128(high01, high23, 0x31).StoreUnsafe(ref dst, to + 3 * next);
                        }
                }
            // What the blocks left: the last cols mod 4 columns of the first rows4 rows, and the last rows mod 4 rows.
            for (int i = 0; i < rows4; i++)
                for (int j = cols4; j < cols; j++)
                    destination[j * rows + i] = source[i * cols + j];
            for (int i = rows4; i < rows; i++)
                for (int j = 0; j < cols; j++)
                    destination[j * rows + i] = source[i * cols + j];
            return;
        }
        for (int i0 = 0; i0 < rows; i0 += B)
            for (int j0 = 0; j0 < cols; j0 += B)
            {
                int iMax = Math.Min(i0 + B, rows), jMax = Math.Min(j0 + B, cols);
                for (int i = i0; i < iMax; i++)
                    for (int j = j0; j < jMax; j++)
                        destination[j * rows + i] = source[i * cols + j];
            }
    }

    /// <summary>
    /// Copies the row-major lower triangle of the n×n <paramref name="c"/> onto its upper one, making it exactly
    /// symmetric. In 64-row tiles, so that a tile's column reads stay in cache (row by row, each entry of a large
    /// matrix's row was read from a different cache line).
    /// </summary>
    public static void MirrorLowerTriangle(Span<double> c, int n)
    {
        if (c.Length < n * n) throw new ArgumentException($"span holds {c.Length} values, need {n * n}", nameof(c));
        const int tile = 64;
        for (int ib = 0; ib < n; ib += tile)
        {
            int iEnd = Math.Min(n, ib + tile);
            for (int jb = ib; jb < n; jb += tile)
            {
                int jEnd = Math.Min(n, jb + tile);
                for (int i = ib; i < iEnd; i++)
                    for (int j = Math.Max(jb, i + 1); j < jEnd; j++)
                        c[i * n + j] = c[j * n + i];
            }
        }
    }

    /// <summary>Largest absolute element-wise difference to another matrix of the same shape.</summary>
    public double MaxAbsDiff(Matrix other)
    {
        if (other.Rows != Rows || other.Cols != Cols) throw new ArgumentException("shape mismatch", nameof(other));
        double m = 0;
        for (int i = 0; i < Data.Length; i++) m = Math.Max(m, Math.Abs(Data[i] - other.Data[i]));
        return m;
    }

    /// <inheritdoc />
    public override string ToString() => $"Matrix({Rows}×{Cols})";
}
