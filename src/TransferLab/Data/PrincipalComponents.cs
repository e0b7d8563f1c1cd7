using TransferLab.Numerics;
using TransferLab.Validation;

namespace TransferLab.Data;

/// <summary>
/// The empirical covariance of a set of rows in eigen-form: the column mean μ, every eigenvalue of
/// Σ̂ = (1/N) Σ_i (x_i − μ)(x_i − μ)ᵀ (descending) and the top <see cref="Kept"/> eigenvectors. Projecting centred rows on
/// these eigenvectors without whitening gives coordinates whose empirical covariance on the fit rows is exactly
/// diag(λ_1, …, λ_k), the "real covariance" the linear theory is evaluated with (docs/realdata.md §2).
/// </summary>
/// <param name="Mean">Column means μ (length p).</param>
/// <param name="Eigenvalues">All p eigenvalues of Σ̂, descending (round-off negatives set to 0).</param>
/// <param name="Vectors">p×k matrix whose columns are the top k eigenvectors.</param>
/// <param name="Rows">N, the number of rows the statistics come from.</param>
public sealed record PrincipalComponents(double[] Mean, double[] Eigenvalues, Matrix Vectors, int Rows)
{
    /// <summary>Number of components kept (k).</summary>
    public int Kept => Vectors.Cols;

    /// <summary>
    /// Fits the mean and covariance of the first <paramref name="rows"/> rows of <paramref name="x"/> (all when null) and keeps
    /// the top <paramref name="keep"/> eigenvectors. Σ̂ is formed as XᵀX/N − μμᵀ so that no centred copy of a large matrix is made.
    /// </summary>
    public static PrincipalComponents Fit(Matrix x, int keep, int? rows = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        int n = Math.Min(rows ?? x.Rows, x.Rows), p = x.Cols;
        if (n < 2) throw new ParameterException("max-rows", n, "at least 2 rows are needed for a covariance");
        Require.InRange("d", keep, 1, p);
        var head = n == x.Rows ? x : new Matrix(n, p, x.Data.AsSpan(0, n * p).ToArray());
        var mean = new double[p];
        for (int i = 0; i < n; i++) Vec.Axpy(1.0 / n, head.Row(i), mean);
        var sigma = LinearAlgebra.Gram(head);
        for (int a = 0; a < p; a++)
            for (int b = 0; b < p; b++) sigma[a, b] = sigma[a, b] / n - mean[a] * mean[b];
        var eig = LinearAlgebra.Eigen(sigma); // ascending
        var values = new double[p];
        var vectors = new Matrix(p, keep);
        for (int j = 0; j < p; j++)
        {
            int src = p - 1 - j;
            values[j] = Math.Max(eig.Values[src], 0);
            if (j < keep)
                for (int i = 0; i < p; i++) vectors[i, j] = eig.Vectors[i, src];
        }
        return new PrincipalComponents(mean, values, vectors, n);
    }

    /// <summary>Coordinates (x − μ)ᵀV of every row on the kept components (centred, not whitened): an n×k matrix.</summary>
    public Matrix Project(Matrix x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Cols != Mean.Length) throw new ParameterException("d", x.Cols, $"rows must have {Mean.Length} columns");
        var c = LinearAlgebra.Multiply(x, Vectors);
        var shift = LinearAlgebra.Multiply(Vectors, Mean, Op.Transpose);
        for (int i = 0; i < c.Rows; i++) Vec.Axpy(-1.0, shift, c.Row(i));
        return c;
    }

    /// <summary>
    /// Whitened coordinates on the sphere of radius √k: each component divided by √λ_j (unit variance on the fit rows, like the
    /// synthetic x ~ N(0, I_k) of the ReLU experiments), then each row scaled to norm √k (the typical norm of a N(0, I_k) draw).
    /// </summary>
    public Matrix ProjectWhitenedOnSphere(Matrix x)
    {
        var c = Project(x);
        int k = Kept;
        for (int j = 0; j < k; j++)
            if (!(Eigenvalues[j] > 0)) throw new ParameterException("d", k, $"component {j + 1} has zero variance on the fit rows: use fewer components");
        for (int i = 0; i < c.Rows; i++)
        {
            var row = c.Row(i);
            for (int j = 0; j < k; j++) row[j] /= Math.Sqrt(Eigenvalues[j]);
            double norm = Vec.Norm(row);
            if (norm > 0) row.Scale(Math.Sqrt(k) / norm);
        }
        return c;
    }

    /// <summary>Effective rank (Σλ)²/Σλ² of the full spectrum (the number of equally strong directions that would give the same spread).</summary>
    public double EffectiveRank => EffectiveRankOf(Eigenvalues);

    /// <summary>Fraction of the total variance in the top <paramref name="k"/> components.</summary>
    public double ExplainedFraction(int k)
    {
        double total = Eigenvalues.Sum();
        return total > 0 ? Eigenvalues.Take(k).Sum() / total : 0;
    }

    /// <summary>(Σλ)²/Σλ² of a spectrum.</summary>
    public static double EffectiveRankOf(IReadOnlyList<double> lambda)
    {
        double s = 0, s2 = 0;
        foreach (var l in lambda) { s += l; s2 += l * l; }
        return s2 > 0 ? s * s / s2 : 0;
    }
}
