using TransferLab.Numerics;
using TransferLab.Validation;

namespace TransferLab.Data;

/// <summary>
/// Input covariance Σ = V diag(λ) Vᵀ of Gaussian inputs x ~ N(0, Σ), kept in eigen-form so that risks
/// ‖v‖²_Σ = Σ_i λ_i (v_iᵀv)² and samples x = V Λ^{1/2} z cost O(d) per vector in the eigenbasis.
/// Eigenvalues are stored in descending order (λ_1 ≥ … ≥ λ_d ≥ 0); <see cref="Basis"/> is null for the
/// standard basis (no rotation).
/// </summary>
public sealed class CovarianceModel
{
    /// <summary>Eigenvalues, descending.</summary>
    public double[] Eigenvalues { get; }

    /// <summary>Orthogonal eigenbasis V (columns are eigenvectors), or null for the identity.</summary>
    public Matrix? Basis { get; }

    /// <summary>A short description for manifests, e.g. "power-law(a=1)".</summary>
    public string Description { get; }

    /// <summary>Dimension d.</summary>
    public int Dimension => Eigenvalues.Length;

    private CovarianceModel(double[] eigenvalues, Matrix? basis, string description)
    {
        Eigenvalues = eigenvalues;
        Basis = basis;
        Description = description;
    }

    /// <summary>Σ = s·I.</summary>
    public static CovarianceModel Isotropic(int d, double scale = 1.0)
    {
        Require.Positive("d", d);
        Require.Positive("cov-scale", scale);
        return new(Enumerable.Repeat(scale, d).ToArray(), null, scale == 1 ? "isotropic" : $"isotropic(s={scale})");
    }

    /// <summary>An explicit spectrum (any order; sorted descending). Values must be ≥ 0 with at least one &gt; 0.</summary>
    public static CovarianceModel FromSpectrum(IReadOnlyList<double> eigenvalues, int? expectedDimension = null)
    {
        if (expectedDimension is int d) Require.Length("eigenvalues", eigenvalues, d);
        if (eigenvalues.Count == 0) throw new ParameterException("eigenvalues", "must list at least one eigenvalue");
        foreach (var v in eigenvalues) Require.NonNegative("eigenvalues", v);
        if (eigenvalues.All(v => v == 0)) throw new ParameterException("eigenvalues", "must contain a positive eigenvalue");
        return new(eigenvalues.OrderByDescending(v => v).ToArray(), null, $"spectrum({eigenvalues.Count})");
    }

    /// <summary>
    /// A covariance given as a dense symmetric positive semi-definite matrix (e.g. the second-moment matrix of a user's
    /// inputs): eigendecomposed, eigenvalues sorted descending; round-off negatives (above −1e-12·λ_max) are set to 0.
    /// </summary>
    public static CovarianceModel FromMatrix(Matrix sigma, string description = "empirical")
    {
        ArgumentNullException.ThrowIfNull(sigma);
        if (sigma.Rows != sigma.Cols || sigma.Rows == 0) throw new ParameterException("inputs", $"{sigma.Rows}×{sigma.Cols}", "must be a non-empty square matrix");
        int d = sigma.Rows;
        var eig = LinearAlgebra.Eigen(sigma);
        double max = eig.Values.Max();
        if (!(max > 0)) throw new ParameterException("inputs", "all eigenvalues ≤ 0", "must have a positive eigenvalue");
        var values = new double[d];
        var basis = new Matrix(d, d);
        for (int j = 0; j < d; j++)
        {
            int src = d - 1 - j; // Eigen returns ascending values
            double v = eig.Values[src];
            if (v < -1e-12 * max) throw new ParameterException("inputs", v, "must be positive semi-definite");
            values[j] = Math.Max(v, 0);
            for (int i = 0; i < d; i++) basis[i, j] = eig.Vectors[i, src];
        }
        return new(values, basis, description);
    }

    /// <summary>Power law λ_i = s·i^(−a), i = 1..d.</summary>
    public static CovarianceModel PowerLaw(int d, double exponent, double scale = 1.0)
    {
        Require.Positive("d", d);
        Require.NonNegative("power", exponent);
        Require.Positive("cov-scale", scale);
        var l = new double[d];
        for (int i = 0; i < d; i++) l[i] = scale * Math.Pow(i + 1, -exponent);
        return new(l, null, $"power-law(a={exponent})");
    }

    /// <summary>Spiked model: <paramref name="spikes"/> eigenvalues equal to <paramref name="spikeValue"/>, the rest equal to <paramref name="bulk"/>.</summary>
    public static CovarianceModel Spiked(int d, int spikes, double spikeValue, double bulk = 1.0)
    {
        Require.Positive("d", d);
        Require.InRange("spikes", spikes, 0, d);
        Require.Positive("spike-value", spikeValue);
        Require.Positive("cov-scale", bulk);
        var l = new double[d];
        for (int i = 0; i < d; i++) l[i] = i < spikes ? spikeValue : bulk;
        return new(l.OrderByDescending(v => v).ToArray(), null, $"spiked(k={spikes},spike={spikeValue},bulk={bulk})");
    }

    /// <summary>The same spectrum in a Haar-random orthogonal eigenbasis (QR of a Gaussian matrix with sign fix).</summary>
    public CovarianceModel Rotated(Rng rng)
    {
        int d = Dimension;
        var g = rng.GaussianMatrix(d, d);
        var qr = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfRowMajor(d, d, g.Data).QR();
        var q = new Matrix(d, d);
        for (int j = 0; j < d; j++)
        {
            // Multiplying column j by sign(R_jj) makes Q Haar distributed (Mezzadri 2007).
            double sign = Math.Sign(qr.R.At(j, j));
            if (sign == 0) sign = 1;
            for (int i = 0; i < d; i++) q.Data[i * d + j] = sign * qr.Q.At(i, j);
        }
        return new(Eigenvalues, q, Description + ",rotated");
    }

    /// <summary>Coordinates of <paramref name="v"/> in the eigenbasis, Vᵀv.</summary>
    public double[] ToEigenbasis(ReadOnlySpan<double> v) => Basis is null ? v.ToArray() : LinearAlgebra.Multiply(Basis, v, Op.Transpose);

    /// <summary>The vector with eigen-coordinates <paramref name="c"/>, V c.</summary>
    public double[] FromEigenbasis(ReadOnlySpan<double> c) => Basis is null ? c.ToArray() : LinearAlgebra.Multiply(Basis, c);

    /// <summary>Eigenvector i (descending order), as a new array.</summary>
    public double[] Eigenvector(int i)
    {
        if (Basis is null)
        {
            var e = new double[Dimension];
            e[i] = 1;
            return e;
        }
        return Basis.Column(i);
    }

    /// <summary>‖v‖²_Σ = vᵀΣv.</summary>
    public double Norm2(ReadOnlySpan<double> v)
    {
        var c = ToEigenbasis(v);
        double s = 0;
        for (int i = 0; i < c.Length; i++) s += Eigenvalues[i] * c[i] * c[i];
        return s;
    }

    /// <summary>uᵀΣv.</summary>
    public double Inner(ReadOnlySpan<double> u, ReadOnlySpan<double> v)
    {
        var cu = ToEigenbasis(u);
        var cv = ToEigenbasis(v);
        double s = 0;
        for (int i = 0; i < cu.Length; i++) s += Eigenvalues[i] * cu[i] * cv[i];
        return s;
    }

    /// <summary>The dense matrix Σ.</summary>
    public Matrix ToMatrix()
    {
        int d = Dimension;
        if (Basis is null) return Matrix.Diagonal(Eigenvalues);
        var vl = Basis.Clone();
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++) vl.Data[i * d + j] *= Eigenvalues[j];
        return LinearAlgebra.Multiply(vl, Basis, Op.None, Op.Transpose);
    }

    /// <summary>Number of strictly positive eigenvalues (rank of Σ).</summary>
    public int Rank => Eigenvalues.Count(v => v > 0);

    /// <summary>Draws an n×d design with i.i.d. rows x ~ N(0, Σ): X = Z Λ^{1/2} Vᵀ.</summary>
    public Matrix Sample(int n, Rng rng)
    {
        Require.AtLeast("n", n, 0);
        int d = Dimension;
        var z = rng.GaussianMatrix(n, d);
        for (int i = 0; i < n; i++)
        {
            var row = z.Row(i);
            for (int j = 0; j < d; j++) row[j] *= Math.Sqrt(Eigenvalues[j]);
        }
        return Basis is null ? z : LinearAlgebra.Multiply(z, Basis, Op.None, Op.Transpose);
    }
}
