using TransferLab.Numerics;
using TransferLab.Validation;

namespace TransferLab.Theory.Shachaf2021;

/// <summary>
/// The NTK Gram H of a design X and what the relu-ntk theory needs of it for every leading sample X_n (the first n rows):
/// the quadratic forms rᵀH_n⁻¹r and λ_min(H_n) (docs/shachaf2021.md §2.4, nested samples). Entries are H_ij = Θ(x_i, x_j)
/// from one <see cref="Vec.Dot"/> each (no GEMM blocking), so the Gram of X_n is bit for bit the leading n×n block of the
/// Gram of X, and its <see cref="NestedCholesky"/> factor is the leading block of the factor of H. A curve over n therefore
/// factors once at the largest n, and a single point (X with n rows) computes exactly the numbers of that curve's point.
/// </summary>
public sealed class NestedNtkGram
{
    /// <summary>Designs with fewer rows build their Gram on one thread (the entries are too few to pay for more).</summary>
    private const int ParallelRows = 128;

    /// <summary>The design X (inputs as rows).</summary>
    public Matrix Design { get; }

    /// <summary>The Gram H over all rows of the design (symmetric).</summary>
    public Matrix Gram { get; }

    /// <summary>The nested Cholesky factor L of H.</summary>
    public Matrix Factor { get; }

    /// <summary>Number of rows of the design.</summary>
    public int Rows => Gram.Rows;

    /// <summary>Builds the Gram of the rows of <paramref name="x"/> and factors it.</summary>
    /// <exception cref="ParameterException">H is not positive definite (duplicate or parallel inputs).</exception>
    public NestedNtkGram(Matrix x, NtkLayers layers, double weightScale = 1.0)
    {
        ArgumentNullException.ThrowIfNull(x);
        Require.Positive("init-scale", weightScale);
        Design = x;
        int n = x.Rows;
        var norms = ReluNtk.RowNorms(x);
        var gram = new Matrix(n, n);
        // Rows in parallel: every entry is its own computation (row i writes only H_ij and H_ji, j ≤ i), so the bits do
        // not depend on the schedule.
        Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = n >= ParallelRows ? -1 : 1 }, i =>
        {
            for (int j = 0; j <= i; j++)
                gram[i, j] = gram[j, i] = ReluNtk.Kernel(Vec.Dot(x.Row(i), x.Row(j)), norms[i], norms[j], layers, weightScale);
        });
        Gram = gram;
        try { Factor = NestedCholesky.Factor(Gram); }
        catch (NotPositiveDefiniteException e)
        {
            throw new ParameterException("inputs", n, $"the NTK Gram matrix is singular ({e.Message}): remove duplicate or parallel inputs");
        }
    }

    /// <summary>
    /// rᵀH_n⁻¹r = ‖L_n⁻¹r‖² for the leading block of size n = the length of <paramref name="r"/> (at most <see cref="Rows"/>).
    /// </summary>
    public double QuadraticForm(ReadOnlySpan<double> r) =>
        NestedCholesky.PrefixSquaredNorms(NestedCholesky.ForwardSubstitute(Factor, r))[r.Length];

    /// <summary>λ_min(H_n) of the leading n×n block (Arora et al.'s λ₀), <see cref="LeadingSmallestEigenvalue"/>.</summary>
    public double SmallestEigenvalue(int n)
    {
        Require.InRange("n", n, 1, Rows);
        return LeadingSmallestEigenvalue.Of(Factor, n);
    }
}
