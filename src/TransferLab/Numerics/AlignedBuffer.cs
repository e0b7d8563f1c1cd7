using System.Runtime.InteropServices;

namespace TransferLab.Numerics;

/// <summary>
/// Zero-initialised native memory aligned to <see cref="Alignment"/> bytes, for the inputs, outputs and
/// workspaces of LAPACK calls.
/// <para>
/// Why: OpenBLAS's vector kernels (ddot, transposed dgemv, …) peel leading elements until an operand is
/// aligned, so the order of their sums depends on the operand's address modulo 16 (SSE kernels), 32 (AVX2) or
/// 64 (AVX-512). A managed <c>double[]</c> is only 8-byte aligned, so LAPACK routines that call those kernels
/// on slices of the matrix and of the workspace (dgesdd, dgelsd, dsyevd) gave last-bit differences from one
/// call to the next on identical inputs. With every buffer at a 64-byte boundary, each address a kernel sees is
/// the same offset from an aligned base on every call, so the results are bit-identical.
/// </para>
/// </summary>
internal readonly unsafe struct AlignedBuffer<T> : IDisposable where T : unmanaged
{
    /// <summary>Alignment in bytes (a cache line; covers SSE, AVX and AVX-512 kernels).</summary>
    public const int Alignment = 64;

    /// <summary>Start of the buffer.</summary>
    public readonly T* Pointer;

    /// <summary>Number of elements.</summary>
    public readonly int Length;

    /// <summary>Allocates <paramref name="length"/> zeroed elements (at least one, so the pointer is never null).</summary>
    public AlignedBuffer(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Length = length;
        nuint bytes = (nuint)Math.Max(1, length) * (nuint)sizeof(T);
        Pointer = (T*)NativeMemory.AlignedAlloc(bytes, Alignment);
        NativeMemory.Clear(Pointer, bytes);
    }

    /// <summary>An aligned copy of <paramref name="source"/>, optionally zero-padded to <paramref name="length"/> elements.</summary>
    public static AlignedBuffer<T> CopyOf(ReadOnlySpan<T> source, int length = -1)
    {
        var b = new AlignedBuffer<T>(Math.Max(length, source.Length));
        source.CopyTo(b.Span);
        return b;
    }

    /// <summary>The elements as a span.</summary>
    public Span<T> Span => new(Pointer, Length);

    /// <summary>A new managed array with the first <paramref name="count"/> elements (all by default).</summary>
    public T[] ToArray(int count = -1) => Span[..(count < 0 ? Length : count)].ToArray();

    /// <summary>Frees the memory.</summary>
    public void Dispose() => NativeMemory.AlignedFree(Pointer);
}
