using System.Runtime.InteropServices;

namespace TransferLab.Numerics;

/// <summary>
/// Native BLAS/LAPACK through the Fortran ABI of the system's <c>libblas.so.3</c> and
/// <c>liblapack.so.3</c> (Debian alternatives: OpenBLAS when <c>libopenblas0-pthread</c> is installed,
/// the reference implementation otherwise).
/// <para>
/// Layout trick: a row-major r×c matrix occupies memory exactly like the column-major c×r matrix
/// Aᵀ. Products are therefore computed as Cᵀ = op(B)ᵀ·op(A)ᵀ without copies.
/// </para>
/// <para>
/// Reproducibility: OpenBLAS runs single-threaded (see the constructor), GEMV goes through a one-column
/// GEMM, and the SVD, least-squares and symmetric-eigen routines work on copies in 64-byte aligned native
/// memory (<see cref="AlignedBuffer{T}"/>), because the vector kernels they call round differently with the
/// alignment of their operands. Same inputs, same bits, on a given machine and OpenBLAS build (another CPU
/// may select other kernels).
/// </para>
/// </summary>
public sealed unsafe class NativeLinearAlgebra : ILinearAlgebraProvider
{
    // Fortran ABI: every argument by reference; gfortran appends hidden string lengths (size_t)
    // for character arguments, which we pass explicitly so that both OpenBLAS and reference
    // LAPACK see a well-formed call.
    private readonly delegate* unmanaged<byte*, byte*, int*, int*, int*, double*, double*, int*, double*, int*, double*, double*, int*, nuint, nuint, void> _dgemm;
    private readonly delegate* unmanaged<byte*, byte*, int*, int*, double*, double*, int*, double*, double*, int*, nuint, nuint, void> _dsyrk;
    private readonly delegate* unmanaged<byte*, int*, double*, int*, int*, nuint, void> _dpotrf;
    private readonly delegate* unmanaged<byte*, int*, int*, double*, int*, double*, int*, int*, nuint, void> _dpotrs;
    private readonly delegate* unmanaged<byte*, byte*, int*, double*, int*, double*, double*, int*, int*, int*, int*, nuint, nuint, void> _dsyevd;
    private readonly delegate* unmanaged<byte*, int*, int*, double*, int*, double*, double*, int*, double*, int*, double*, int*, int*, int*, nuint, void> _dgesdd;
    private readonly delegate* unmanaged<int*, int*, int*, double*, int*, double*, int*, double*, double*, int*, double*, int*, int*, int*, void> _dgelsd;
    private readonly delegate* unmanaged<int, void> _openblasSetThreads;

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public bool IsNative => true;

    /// <summary>True when the loaded BLAS is OpenBLAS (it exports <c>openblas_get_config</c>).</summary>
    public bool IsOpenBlas { get; }

    private NativeLinearAlgebra(IntPtr blas, IntPtr lapack)
    {
        _dgemm = (delegate* unmanaged<byte*, byte*, int*, int*, int*, double*, double*, int*, double*, int*, double*, double*, int*, nuint, nuint, void>)NativeLibrary.GetExport(blas, "dgemm_");
        _dsyrk = (delegate* unmanaged<byte*, byte*, int*, int*, double*, double*, int*, double*, double*, int*, nuint, nuint, void>)NativeLibrary.GetExport(blas, "dsyrk_");
        _dpotrf = (delegate* unmanaged<byte*, int*, double*, int*, int*, nuint, void>)NativeLibrary.GetExport(lapack, "dpotrf_");
        _dpotrs = (delegate* unmanaged<byte*, int*, int*, double*, int*, double*, int*, int*, nuint, void>)NativeLibrary.GetExport(lapack, "dpotrs_");
        _dsyevd = (delegate* unmanaged<byte*, byte*, int*, double*, int*, double*, double*, int*, int*, int*, int*, nuint, nuint, void>)NativeLibrary.GetExport(lapack, "dsyevd_");
        _dgesdd = (delegate* unmanaged<byte*, int*, int*, double*, int*, double*, double*, int*, double*, int*, double*, int*, int*, int*, nuint, void>)NativeLibrary.GetExport(lapack, "dgesdd_");
        _dgelsd = (delegate* unmanaged<int*, int*, int*, double*, int*, double*, int*, double*, double*, int*, double*, int*, int*, int*, void>)NativeLibrary.GetExport(lapack, "dgelsd_");

        if (NativeLibrary.TryGetExport(blas, "openblas_get_config", out var cfg))
        {
            IsOpenBlas = true;
            var getConfig = (delegate* unmanaged<byte*>)cfg;
            string config = Marshal.PtrToStringAnsi((IntPtr)getConfig()) ?? "";
            Name = $"openblas ({config.Trim()})";
            if (NativeLibrary.TryGetExport(blas, "openblas_set_num_threads", out var st))
                _openblasSetThreads = (delegate* unmanaged<int, void>)st;
            // One BLAS thread: OpenBLAS's threaded kernels split sums differently with the thread count and
            // the setting is process-global, so concurrent runs would see each other's choice. Parallelism
            // lives in ParallelRunner (over runs), which keeps results bit-identical for any --threads.
            SetThreads(1);
        }
        else
        {
            Name = "native reference BLAS/LAPACK (libblas.so.3)";
        }
    }

    /// <summary>
    /// Loads the system BLAS and LAPACK and checks them with a small product; returns null (and the
    /// reason) when either library or a needed symbol is missing.
    /// </summary>
    public static NativeLinearAlgebra? TryCreate(out string? failure)
    {
        failure = null;
        try
        {
            ChooseOpenBlasKernel();
            if (!NativeLibrary.TryLoad("libblas.so.3", out var blas) && !NativeLibrary.TryLoad("libblas.so", out blas))
            {
                failure = "libblas.so.3 not found";
                return null;
            }
            if (!NativeLibrary.TryLoad("liblapack.so.3", out var lapack) && !NativeLibrary.TryLoad("liblapack.so", out lapack))
            {
                failure = "liblapack.so.3 not found";
                return null;
            }
            var p = new NativeLinearAlgebra(blas, lapack);
            // Smoke test: [[1,2],[3,4]]·[[1],[1]] = [[3],[7]].
            var a = new Matrix(2, 2, [1, 2, 3, 4]);
            var b = new Matrix(2, 1, [1, 1]);
            var c = new Matrix(2, 1);
            p.Gemm(Op.None, Op.None, 1, a, b, 0, c);
            if (c.Data[0] != 3 || c.Data[1] != 7)
            {
                failure = "native dgemm smoke test gave a wrong answer";
                return null;
            }
            return p;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            failure = e.Message;
            return null;
        }
    }

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetEnv(string name, string value, int overwrite);

    // OpenBLAS 0.3.21 (Debian 12) does not recognise some current x86 CPUs (virtualised "Intel Xeon Processor" among
    // them) and falls back to its generic Prescott kernels, measured here 4× slower for SYRK than SkylakeX. Unless the
    // user set OPENBLAS_CORETYPE, name the kernel family the CPU supports before the library is loaded (OpenBLAS reads
    // the variable in its load-time constructor; .NET's Environment.SetEnvironmentVariable does not reach libc's
    // environment, hence setenv). The provider tests compare every kernel with the managed implementation.
    private static void ChooseOpenBlasKernel()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE") != null) return;
        string? core = null;
        if (System.Runtime.Intrinsics.X86.Avx512F.IsSupported && System.Runtime.Intrinsics.X86.Avx512BW.IsSupported
            && System.Runtime.Intrinsics.X86.Avx512DQ.IsSupported && System.Runtime.Intrinsics.X86.Avx512F.VL.IsSupported)
            core = "SkylakeX";
        else if (System.Runtime.Intrinsics.X86.Avx2.IsSupported && System.Runtime.Intrinsics.X86.Fma.IsSupported)
            core = "Haswell";
        if (core == null) return;
        try
        {
            SetEnv("OPENBLAS_CORETYPE", core, 0); // the kernel in use shows in the provider's Name (openblas_get_config)
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // No libc setenv: OpenBLAS keeps its own detection.
        }
    }

    /// <summary>Sets OpenBLAS's thread count (no-op for other libraries).</summary>
    private void SetThreads(int threads)
    {
        if (_openblasSetThreads != null) _openblasSetThreads(Math.Max(1, threads));
    }

    private static byte Flag(Op op) => op == Op.None ? (byte)'N' : (byte)'T';

    /// <inheritdoc />
    public void Gemm(Op opA, Op opB, double alpha, Matrix a, Matrix b, double beta, Matrix c)
    {
        var (m, n, k) = GemmShape.Check(opA, opB, a, b, c);
        if (m == 0 || n == 0) return;
        if (k == 0)
        {
            for (int i = 0; i < c.Data.Length; i++) c.Data[i] *= beta;
            return;
        }
        byte ta = Flag(opB), tb = Flag(opA);
        int lda = Math.Max(1, b.Cols), ldb = Math.Max(1, a.Cols), ldc = Math.Max(1, n);
        fixed (double* pa = a.Data, pb = b.Data, pc = c.Data)
            _dgemm(&ta, &tb, &n, &m, &k, &alpha, pb, &lda, pa, &ldb, &beta, pc, &ldc, 1, 1);
    }

    /// <inheritdoc />
    public void Gemv(Op opA, double alpha, Matrix a, ReadOnlySpan<double> x, double beta, Span<double> y)
    {
        int rows = opA == Op.None ? a.Rows : a.Cols, cols = opA == Op.None ? a.Cols : a.Rows;
        if (x.Length != cols) throw new ArgumentException($"x has length {x.Length}, expected {cols}");
        if (y.Length != rows) throw new ArgumentException($"y has length {y.Length}, expected {rows}");
        if (rows == 0) return;
        if (cols == 0) { y.Scale(beta); return; }
        // Computed as a one-column dgemm, not dgemv: OpenBLAS's transposed dgemv kernel sums in an order that
        // depends on the vectors' memory alignment (measured here: the same inputs at other addresses differ in
        // the last bits), which breaks bit-for-bit reproducibility; its dgemm packs the operands first.
        // Column-major view of the storage is S = Aᵀ (a.Cols × a.Rows): A·x = Sᵀx, Aᵀ·x = S·x.
        byte ta = opA == Op.None ? (byte)'T' : (byte)'N', tb = (byte)'N';
        int m = rows, n = 1, k = cols, lda = Math.Max(1, a.Cols), ldb = Math.Max(1, k), ldc = Math.Max(1, m);
        fixed (double* pa = a.Data, px = x, py = y)
            _dgemm(&ta, &tb, &m, &n, &k, &alpha, pa, &lda, px, &ldb, &beta, py, &ldc, 1, 1);
    }

    /// <inheritdoc />
    public Matrix Syrk(Op opA, double alpha, Matrix a)
    {
        // opA = Transpose: AᵀA = (Aᵀ)(Aᵀ)ᵀ with the storage's column-major Aᵀ → trans 'N'.
        int n = opA == Op.Transpose ? a.Cols : a.Rows;
        int k = opA == Op.Transpose ? a.Rows : a.Cols;
        if (n == 0 || k == 0) return new Matrix(n, n);
        // Not zeroed: dsyrk with β = 0 writes the whole triangle (it never reads C) and the mirror writes the rest.
        var c = new Matrix(n, n, GC.AllocateUninitializedArray<double>(n * n));
        byte uplo = (byte)'U', trans = opA == Op.Transpose ? (byte)'N' : (byte)'T';
        int lda = Math.Max(1, a.Cols), ldc = n;
        double beta = 0;
        fixed (double* pa = a.Data, pc = c.Data)
            _dsyrk(&uplo, &trans, &n, &k, &alpha, pa, &lda, &beta, pc, &ldc, 1, 1);
        Matrix.MirrorLowerTriangle(c.Data, n); // column-major upper triangle = row-major lower triangle
        return c;
    }

    /// <inheritdoc />
    public Matrix CholeskySolve(Matrix a, Matrix b)
    {
        int n = a.Rows;
        if (a.Cols != n) throw new ArgumentException("matrix must be square", nameof(a));
        if (b.Rows != n) throw new ArgumentException($"right-hand side has {b.Rows} rows, expected {n}", nameof(b));
        var f = (double[])a.Data.Clone();
        var x = b.Transpose(); // column-major n×nrhs
        int info, nrhs = b.Cols, lda = Math.Max(1, n);
        byte uplo = (byte)'L';
        fixed (double* pf = f, px = x.Data)
        {
            _dpotrf(&uplo, &n, pf, &lda, &info, 1);
            if (info > 0) throw new NotPositiveDefiniteException($"matrix is not positive definite (leading minor {info})");
            if (info < 0) throw new ArgumentException($"dpotrf: illegal argument {-info}");
            if (nrhs > 0) _dpotrs(&uplo, &n, &nrhs, pf, &lda, px, &lda, &info, 1);
        }
        return x.Transpose();
    }

    /// <inheritdoc />
    public void CholeskyFactorInPlace(Matrix a)
    {
        int n = a.Rows;
        if (a.Cols != n) throw new ArgumentException("matrix must be square", nameof(a));
        if (n == 0) return;
        // The row-major storage of symmetric A is its own column-major copy; dpotrf 'U' leaves A = UᵀU with U in the
        // column-major upper triangle, which read row-major is the lower triangle L = Uᵀ, A = L Lᵀ.
        int info, lda = n;
        byte uplo = (byte)'U';
        fixed (double* pa = a.Data)
            _dpotrf(&uplo, &n, pa, &lda, &info, 1);
        if (info > 0) throw new NotPositiveDefiniteException($"matrix is not positive definite (leading minor {info})");
        if (info < 0) throw new ArgumentException($"dpotrf: illegal argument {-info}");
        for (int i = 0; i < n; i++) a.Row(i)[(i + 1)..].Clear();
    }

    /// <inheritdoc />
    public void CholeskySolveFactored(Matrix factor, Span<double> b)
    {
        int n = factor.Rows;
        if (factor.Cols != n) throw new ArgumentException("factor must be square", nameof(factor));
        if (b.Length != n) throw new ArgumentException($"right-hand side has {b.Length} entries, expected {n}", nameof(b));
        if (n == 0) return;
        int info, nrhs = 1, lda = n;
        byte uplo = (byte)'U';
        fixed (double* pf = factor.Data, pb = b)
            _dpotrs(&uplo, &n, &nrhs, pf, &lda, pb, &lda, &info, 1);
        if (info != 0) throw new ArgumentException($"dpotrs: illegal argument {-info}");
    }

    // dsyevd, dgesdd and dgelsd below run on copies in 64-byte aligned native memory (input, outputs and
    // workspaces): OpenBLAS's vector kernels sum in an order that depends on operand alignment, and these
    // routines call them on slices of every one of those buffers. See AlignedBuffer.

    /// <inheritdoc />
    public SymmetricEigen SymmetricEigen(Matrix a)
    {
        int n = a.Rows;
        if (a.Cols != n) throw new ArgumentException("matrix must be square", nameof(a));
        if (n == 0) return new SymmetricEigen([], new Matrix(0, 0));
        using var v = AlignedBuffer<double>.CopyOf(a.Data);
        using var w = new AlignedBuffer<double>(n);
        byte jobz = (byte)'V', uplo = (byte)'L';
        int lda = n, info, lwork = -1, liwork = -1, iq;
        double wq;
        _dsyevd(&jobz, &uplo, &n, v.Pointer, &lda, w.Pointer, &wq, &lwork, &iq, &liwork, &info, 1, 1);
        if (info != 0) throw new ArithmeticException($"dsyevd workspace query failed (info = {info})");
        lwork = (int)wq;
        liwork = iq;
        using (var work = new AlignedBuffer<double>(lwork))
        using (var iwork = new AlignedBuffer<int>(liwork))
            _dsyevd(&jobz, &uplo, &n, v.Pointer, &lda, w.Pointer, work.Pointer, &lwork, iwork.Pointer, &liwork, &info, 1, 1);
        if (info != 0) throw new ArithmeticException($"dsyevd failed (info = {info})");
        // Column-major eigenvectors read row-major are the rows; transpose so they are columns.
        var vectors = new Matrix(n, n);
        Matrix.TransposeInto(v.Span, n, n, vectors.Data);
        return new SymmetricEigen(w.ToArray(), vectors);
    }

    /// <inheritdoc />
    public Svd Svd(Matrix a)
    {
        // Storage is column-major Aᵀ (c×r). SVD(Aᵀ) = V S Uᵀ: LAPACK's U is our V and its Vᵀ our U,
        // and both land in exactly the row-major layout we want (see class remarks).
        int m = a.Cols, n = a.Rows, k = Math.Min(m, n);
        if (k == 0) return new Svd(new Matrix(n, k), [], new Matrix(k, m));
        using var work0 = AlignedBuffer<double>.CopyOf(a.Data);
        using var s = new AlignedBuffer<double>(k);
        using var u = new AlignedBuffer<double>(m * k);   // LAPACK u (m×k col-major) = our Vᵀ (k×c row-major)
        using var vt = new AlignedBuffer<double>(k * n);  // LAPACK vt (k×n col-major) = our U (r×k row-major)
        using var iwork = new AlignedBuffer<int>(8 * k);
        byte jobz = (byte)'S';
        int lda = m, ldu = m, ldvt = k, info, lwork = -1;
        double wq;
        _dgesdd(&jobz, &m, &n, work0.Pointer, &lda, s.Pointer, u.Pointer, &ldu, vt.Pointer, &ldvt, &wq, &lwork, iwork.Pointer, &info, 1);
        if (info != 0) throw new ArithmeticException($"dgesdd workspace query failed (info = {info})");
        lwork = (int)wq;
        using (var work = new AlignedBuffer<double>(lwork))
            _dgesdd(&jobz, &m, &n, work0.Pointer, &lda, s.Pointer, u.Pointer, &ldu, vt.Pointer, &ldvt, work.Pointer, &lwork, iwork.Pointer, &info, 1);
        if (info != 0) throw new ArithmeticException($"dgesdd failed (info = {info})");
        return new Svd(new Matrix(n, k, vt.ToArray()), s.ToArray(), new Matrix(k, m, u.ToArray()));
    }

    /// <inheritdoc />
    public double[] LeastSquares(Matrix a, ReadOnlySpan<double> b)
    {
        int m = a.Rows, n = a.Cols;
        if (b.Length != m) throw new ArgumentException($"b has length {b.Length}, expected {m}", nameof(b));
        if (n == 0) return [];
        // Column-major A (the storage of the transpose), written straight into aligned memory.
        using var colMajor = new AlignedBuffer<double>(m * n);
        Matrix.TransposeInto(a.Data, m, n, colMajor.Span);
        int ldb = Math.Max(1, Math.Max(m, n));
        using var rhs = AlignedBuffer<double>.CopyOf(b, ldb);
        using var s = new AlignedBuffer<double>(Math.Min(m, n));
        int nrhs = 1, lda = Math.Max(1, m), rank, info, lwork = -1;
        double rcond = -1, wq;
        int iq;
        _dgelsd(&m, &n, &nrhs, colMajor.Pointer, &lda, rhs.Pointer, &ldb, s.Pointer, &rcond, &rank, &wq, &lwork, &iq, &info);
        if (info != 0) throw new ArithmeticException($"dgelsd workspace query failed (info = {info})");
        lwork = (int)wq;
        using (var work = new AlignedBuffer<double>(lwork))
        using (var iwork = new AlignedBuffer<int>(Math.Max(1, iq)))
            _dgelsd(&m, &n, &nrhs, colMajor.Pointer, &lda, rhs.Pointer, &ldb, s.Pointer, &rcond, &rank, work.Pointer, &lwork, iwork.Pointer, &info);
        if (info != 0) throw new ArithmeticException($"dgelsd failed (info = {info})");
        return rhs.ToArray(n);
    }
}
