namespace TransferLab.Numerics;

/// <summary>Whether an operand enters a product as itself or transposed.</summary>
public enum Op
{
    /// <summary>Use the matrix as stored.</summary>
    None,
    /// <summary>Use the transpose.</summary>
    Transpose,
}

/// <summary>Result of a symmetric eigendecomposition A = V diag(λ) Vᵀ.</summary>
/// <param name="Values">Eigenvalues in ascending order.</param>
/// <param name="Vectors">Eigenvectors as the columns of an n×n matrix, in the order of <paramref name="Values"/>.</param>
public sealed record SymmetricEigen(double[] Values, Matrix Vectors);

/// <summary>Thin singular value decomposition A = U diag(S) Vᵀ with k = min(rows, cols).</summary>
/// <param name="U">rows×k, orthonormal columns.</param>
/// <param name="S">k singular values in descending order.</param>
/// <param name="Vt">k×cols, orthonormal rows.</param>
public sealed record Svd(Matrix U, double[] S, Matrix Vt);

/// <summary>
/// The dense linear-algebra operations TransferLab needs, behind one interface so that native
/// BLAS/LAPACK and a managed implementation are interchangeable (the MathNet provider pattern).
/// All matrices are row-major <see cref="Matrix"/> values; implementations never modify inputs
/// except the explicit output argument of <see cref="Gemm"/> / <see cref="Gemv"/>.
/// </summary>
public interface ILinearAlgebraProvider
{
    /// <summary>Short name, e.g. "openblas (0.3.21 …)", "reference-blas", "managed (MathNet)".</summary>
    string Name { get; }

    /// <summary>True for a native library.</summary>
    bool IsNative { get; }

    /// <summary>C ← α·op(A)·op(B) + β·C.</summary>
    void Gemm(Op opA, Op opB, double alpha, Matrix a, Matrix b, double beta, Matrix c);

    /// <summary>y ← α·op(A)·x + β·y.</summary>
    void Gemv(Op opA, double alpha, Matrix a, ReadOnlySpan<double> x, double beta, Span<double> y);

    /// <summary>Symmetric rank-k update: returns α·AᵀA (<paramref name="opA"/> = Transpose) or α·AAᵀ (None), full (both triangles).</summary>
    Matrix Syrk(Op opA, double alpha, Matrix a);

    /// <summary>Solves A X = B for symmetric positive-definite A by Cholesky. Throws <see cref="NotPositiveDefiniteException"/> otherwise.</summary>
    Matrix CholeskySolve(Matrix a, Matrix b);

    /// <summary>
    /// Overwrites the symmetric positive-definite <paramref name="a"/> (n×n) with its Cholesky factor L: lower triangular,
    /// zeros above the diagonal, A = L Lᵀ. Throws <see cref="NotPositiveDefiniteException"/> otherwise (then the contents
    /// of <paramref name="a"/> are unspecified). For solvers that reuse one factorization for many right-hand sides.
    /// </summary>
    void CholeskyFactorInPlace(Matrix a);

    /// <summary>Solves L Lᵀ x = b in place (b becomes x) for a factor L from <see cref="CholeskyFactorInPlace"/>.</summary>
    void CholeskySolveFactored(Matrix factor, Span<double> b);

    /// <summary>Eigendecomposition of a symmetric matrix (the input must be symmetric; one triangle is read).</summary>
    SymmetricEigen SymmetricEigen(Matrix a);

    /// <summary>Thin SVD.</summary>
    Svd Svd(Matrix a);

    /// <summary>
    /// Minimum-norm least-squares solution x = A⁺b of min ‖Ax − b‖ (rank-revealing, SVD based):
    /// the unique least-squares solution when A has full column rank, and the minimum-norm
    /// interpolant when A is wide with full row rank.
    /// </summary>
    double[] LeastSquares(Matrix a, ReadOnlySpan<double> b);
}

/// <summary>Thrown when a Cholesky factorization meets a non-positive pivot.</summary>
public sealed class NotPositiveDefiniteException(string message) : ArithmeticException(message);
