using System.Diagnostics;

namespace TransferLab.Numerics;

/// <summary>
/// A decorator over an <see cref="ILinearAlgebraProvider"/> that counts calls and wall seconds per kernel
/// (gemm, gemv, syrk, cholesky-solve, symmetric-eigen, svd, least-squares, cholesky-factor, cholesky-solve-factored), and
/// for the BLAS kernels (gemm, gemv, syrk) their floating-point operations by the standard counts (2mnk, 2mn, n(n+1)k),
/// so that the profile can set the achieved rate beside the machine's peak; otherwise it forwards every call
/// unchanged, so results are bit-identical to the wrapped provider. Used by the opt-in phase profile of a
/// figure (docs/benchmarks.md, "Profile of the paper-size figures"); thread-safe, since figures run in parallel.
/// </summary>
/// <param name="inner">The provider doing the work.</param>
public sealed class ProfilingLinearAlgebra(ILinearAlgebraProvider inner) : ILinearAlgebraProvider
{
    /// <summary>The kernel names in the order of <see cref="Snapshot"/>.</summary>
    public static readonly IReadOnlyList<string> KernelNames = ["gemm", "gemv", "syrk", "cholesky-solve", "symmetric-eigen", "svd", "least-squares", "cholesky-factor", "cholesky-solve-factored"];

    private readonly long[] _calls = new long[KernelNames.Count];
    private readonly long[] _ticks = new long[KernelNames.Count];
    private readonly long[] _flops = new long[KernelNames.Count];

    /// <summary>The wrapped provider.</summary>
    public ILinearAlgebraProvider Inner { get; } = inner;

    /// <inheritdoc />
    public string Name => Inner.Name;

    /// <inheritdoc />
    public bool IsNative => Inner.IsNative;

    /// <summary>Calls, seconds and counted operations per kernel so far (summed over threads), in the order of <see cref="KernelNames"/>.</summary>
    public IReadOnlyList<KernelCount> Snapshot() =>
        KernelNames.Select((n, i) => new KernelCount(n, Interlocked.Read(ref _calls[i]), Interlocked.Read(ref _ticks[i]) / (double)Stopwatch.Frequency,
            Interlocked.Read(ref _flops[i]))).ToList();

    private void Record(int kernel, long start, long flops = 0)
    {
        Interlocked.Increment(ref _calls[kernel]);
        Interlocked.Add(ref _ticks[kernel], Stopwatch.GetTimestamp() - start);
        if (flops > 0) Interlocked.Add(ref _flops[kernel], flops);
    }

    /// <inheritdoc />
    public void Gemm(Op opA, Op opB, double alpha, Matrix a, Matrix b, double beta, Matrix c)
    {
        long t = Stopwatch.GetTimestamp();
        Inner.Gemm(opA, opB, alpha, a, b, beta, c);
        var (m, n, k) = GemmShape.Check(opA, opB, a, b, c);
        Record(0, t, 2L * m * n * k);
    }

    /// <inheritdoc />
    public void Gemv(Op opA, double alpha, Matrix a, ReadOnlySpan<double> x, double beta, Span<double> y)
    {
        long t = Stopwatch.GetTimestamp();
        Inner.Gemv(opA, alpha, a, x, beta, y);
        Record(1, t, 2L * a.Rows * a.Cols);
    }

    /// <inheritdoc />
    public Matrix Syrk(Op opA, double alpha, Matrix a)
    {
        long t = Stopwatch.GetTimestamp();
        var r = Inner.Syrk(opA, alpha, a);
        // op(A)·op(A)ᵀ of size n×n with inner dimension k: the symmetric half, n(n+1)k operations.
        long n = r.Rows, k = opA == Op.None ? a.Cols : a.Rows;
        Record(2, t, n * (n + 1) * k);
        return r;
    }

    /// <inheritdoc />
    public Matrix CholeskySolve(Matrix a, Matrix b)
    {
        long t = Stopwatch.GetTimestamp();
        try { return Inner.CholeskySolve(a, b); }
        finally { Record(3, t); }
    }

    /// <inheritdoc />
    public void CholeskyFactorInPlace(Matrix a)
    {
        long t = Stopwatch.GetTimestamp();
        try { Inner.CholeskyFactorInPlace(a); }
        finally { Record(7, t); }
    }

    /// <inheritdoc />
    public void CholeskySolveFactored(Matrix factor, Span<double> b)
    {
        long t = Stopwatch.GetTimestamp();
        Inner.CholeskySolveFactored(factor, b);
        Record(8, t);
    }

    /// <inheritdoc />
    public SymmetricEigen SymmetricEigen(Matrix a)
    {
        long t = Stopwatch.GetTimestamp();
        var r = Inner.SymmetricEigen(a);
        Record(4, t);
        return r;
    }

    /// <inheritdoc />
    public Svd Svd(Matrix a)
    {
        long t = Stopwatch.GetTimestamp();
        var r = Inner.Svd(a);
        Record(5, t);
        return r;
    }

    /// <inheritdoc />
    public double[] LeastSquares(Matrix a, ReadOnlySpan<double> b)
    {
        long t = Stopwatch.GetTimestamp();
        var r = Inner.LeastSquares(a, b);
        Record(6, t);
        return r;
    }
}
