namespace TransferLab.Numerics;

/// <summary>
/// Entry point to dense linear algebra: picks the provider once per process and offers convenience
/// wrappers. Selection: <c>TRANSFERLAB_BLAS=managed</c> forces the managed provider;
/// <c>TRANSFERLAB_BLAS=native</c> requires the native one (an error if it does not load);
/// otherwise native when <c>libblas.so.3</c>/<c>liblapack.so.3</c> load, managed if not.
/// </summary>
public static class LinearAlgebra
{
    /// <summary>Environment variable that selects the backend: <c>managed</c>, <c>native</c> or unset (auto).</summary>
    public const string BackendVariable = "TRANSFERLAB_BLAS";

    /// <summary>
    /// Environment variable that turns on the phase profile (any non-empty value other than <c>0</c>): the default
    /// provider is then wrapped in a <see cref="ProfilingLinearAlgebra"/> that counts calls and seconds per kernel.
    /// Off (unset), no wrapper exists and nothing is counted.
    /// </summary>
    public const string ProfileVariable = "TRANSFERLAB_PROFILE";

    private static readonly Lazy<ILinearAlgebraProvider> s_default = new(SelectProfiledDefault, isThreadSafe: true);
    private static ILinearAlgebraProvider? s_override;

    /// <summary>Why the native provider was not used, if it was not.</summary>
    public static string? NativeFailure { get; private set; }

    /// <summary>The provider in use.</summary>
    public static ILinearAlgebraProvider Provider => s_override ?? s_default.Value;

    /// <summary>Replaces the provider for the rest of the process (tests and benchmarks); null restores the default.</summary>
    public static void Use(ILinearAlgebraProvider? provider) => s_override = provider;

    /// <summary>True when <see cref="ProfileVariable"/> asks for the phase profile.</summary>
    public static bool ProfilingRequested => Environment.GetEnvironmentVariable(ProfileVariable)?.Trim() is { Length: > 0 } v && v != "0";

    /// <summary>The kernel counter of the phase profile, or null when profiling is off or a provider override is in use.</summary>
    public static ProfilingLinearAlgebra? Profiler => Provider as ProfilingLinearAlgebra;

    private static ILinearAlgebraProvider SelectProfiledDefault()
    {
        var provider = SelectDefault();
        return ProfilingRequested ? new ProfilingLinearAlgebra(provider) : provider;
    }

    private static ILinearAlgebraProvider SelectDefault()
    {
        string? choice = Environment.GetEnvironmentVariable(BackendVariable)?.Trim().ToLowerInvariant();
        if (choice == "managed")
        {
            NativeFailure = $"{BackendVariable}=managed";
            return new ManagedLinearAlgebra();
        }
        var native = NativeLinearAlgebra.TryCreate(out var failure);
        if (native != null) return native;
        NativeFailure = failure;
        if (choice == "native")
            throw new InvalidOperationException($"{BackendVariable}=native but the native library did not load: {failure}");
        return new ManagedLinearAlgebra();
    }

    /// <summary>op(A)·op(B) as a new matrix.</summary>
    public static Matrix Multiply(Matrix a, Matrix b, Op opA = Op.None, Op opB = Op.None)
    {
        var c = new Matrix(opA == Op.None ? a.Rows : a.Cols, opB == Op.None ? b.Cols : b.Rows);
        Provider.Gemm(opA, opB, 1.0, a, b, 0.0, c);
        return c;
    }

    /// <summary>op(A)·x as a new array.</summary>
    public static double[] Multiply(Matrix a, ReadOnlySpan<double> x, Op opA = Op.None)
    {
        var y = new double[opA == Op.None ? a.Rows : a.Cols];
        Provider.Gemv(opA, 1.0, a, x, 0.0, y);
        return y;
    }

    /// <summary>AᵀA (Gram matrix of the columns).</summary>
    public static Matrix Gram(Matrix a) => Provider.Syrk(Op.Transpose, 1.0, a);

    /// <summary>AAᵀ (Gram matrix of the rows).</summary>
    public static Matrix RowGram(Matrix a) => Provider.Syrk(Op.None, 1.0, a);

    /// <summary>
    /// λ_max(AᵀA) = λ_max(AAᵀ) = σ_max(A)², from the eigendecomposition of the smaller of the two Gram matrices
    /// (0 for an empty matrix). Exact and cheap for the step sizes of gradient descent.
    /// </summary>
    public static double LargestGramEigenvalue(Matrix a)
    {
        var values = Eigen(a.Rows <= a.Cols ? RowGram(a) : Gram(a)).Values;
        return values.Length == 0 ? 0 : values[^1];
    }

    /// <summary>Symmetric eigendecomposition (ascending eigenvalues).</summary>
    public static SymmetricEigen Eigen(Matrix a) => Provider.SymmetricEigen(a);

    /// <summary>Thin SVD.</summary>
    public static Svd Svd(Matrix a) => Provider.Svd(a);

    /// <summary>Cholesky solve of SPD A X = B.</summary>
    public static Matrix CholeskySolve(Matrix a, Matrix b) => Provider.CholeskySolve(a, b);

    /// <summary>Overwrites SPD <paramref name="a"/> with its lower Cholesky factor L (A = L Lᵀ).</summary>
    public static void CholeskyFactorInPlace(Matrix a) => Provider.CholeskyFactorInPlace(a);

    /// <summary>Solves L Lᵀ x = b in place for a factor from <see cref="CholeskyFactorInPlace"/>.</summary>
    public static void CholeskySolveFactored(Matrix factor, Span<double> b) => Provider.CholeskySolveFactored(factor, b);

    /// <summary>Minimum-norm least squares A⁺b.</summary>
    public static double[] LeastSquares(Matrix a, ReadOnlySpan<double> b) => Provider.LeastSquares(a, b);
}
