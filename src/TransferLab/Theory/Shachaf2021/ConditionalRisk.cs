using TransferLab.Data;
using TransferLab.Numerics;

namespace TransferLab.Theory.Shachaf2021;

/// <summary>
/// The risk of the min-distance interpolant for one fixed design X, averaged over label noise only
/// (docs/shachaf2021.md §2.1a): θ̂ − θ_T = Q w + X⁺ξ with Q = I − X⁺X and w = θ₀ − θ_T, so
/// E_ξ‖θ̂ − θ_T‖²_Σ = wᵀQΣQw + σ² tr(X⁺ᵀΣX⁺).
/// Computed from the thin SVD X = U S Vᵀ: P = V Vᵀ and tr(X⁺ᵀΣX⁺) = Σ_p s_p⁻² v_pᵀΣv_p.
/// </summary>
public static class ConditionalRisk
{
    /// <summary>Bias and variance for initialization θ₀ (θ_S for fine-tuning, 0 for scratch).</summary>
    public static (double Bias, double Variance) Compute(Matrix x, CovarianceModel cov, ReadOnlySpan<double> theta0, ReadOnlySpan<double> thetaT, double noiseSd)
    {
        var svd = LinearAlgebra.Svd(x);
        double smax = svd.S.Length > 0 ? svd.S[0] : 0;
        // Same rank cut-off as the least-squares solver (LAPACK dgelsd with rcond < 0).
        double cut = smax * 2.220446049250313e-16;
        int rank = svd.S.Count(s => s > cut);
        int d = x.Cols;
        var w = Vec.Subtract(theta0, thetaT);
        var qw = w.ToArray();
        for (int p = 0; p < rank; p++)
        {
            var v = svd.Vt.Row(p);
            Vec.Axpy(-Vec.Dot(v, w), v, qw);
        }
        double bias = cov.Norm2(qw);
        double variance = 0;
        if (noiseSd > 0 && rank > 0)
        {
            var vr = new Matrix(rank, d, svd.Vt.Data.AsSpan(0, rank * d).ToArray());
            var coords = cov.Basis is null ? vr : LinearAlgebra.Multiply(vr, cov.Basis);
            for (int p = 0; p < rank; p++)
            {
                var c = coords.Row(p);
                double q = 0;
                for (int j = 0; j < d; j++) q += cov.Eigenvalues[j] * c[j] * c[j];
                variance += q / (svd.S[p] * svd.S[p]);
            }
            variance *= noiseSd * noiseSd;
        }
        return (bias, variance);
    }
}
