namespace TransferLab.Theory.Tahir2024;

/// <summary>
/// Linear transfer: after pretraining the features are rank one along β_s (Theorem 3.4), so retraining the
/// readout is the 1-D regression of y on z = Xβ_s; with y = cos θ z + (sin θ w + ε) the fitted scalar is
/// b = zᵀy/(‖z‖² + nλ) and R_lt = (b − cos θ)² + sin²θ (Tahir et al. Theorems 3.7 and 3.8).
/// </summary>
public static class LinearTransferRisk
{
    /// <summary>Theorem 3.7 (proportional limit): R_lt = sin²θ, independent of γ and σ.</summary>
    public static double Asymptotic(double overlap)
        => FeaturesAreFateParameters.SinSquared(FeaturesAreFateParameters.Overlap(overlap));

    /// <summary>
    /// Exact mean at finite n &gt; 2 for the unregularised readout: sin²θ + (σ² + sin²θ)/(n − 2)
    /// (E[1/χ²_n] = 1/(n − 2)); tends to <see cref="Asymptotic"/> as n → ∞.
    /// </summary>
    public static double Exact(int n, double overlap, double sigma)
        => n <= 2 ? double.PositiveInfinity : FiniteN(Asymptotic(overlap), n, sigma);

    /// <summary>
    /// Finite-n mean of an unregularised 1-D readout refit whose n → ∞ risk is <paramref name="limit"/>: the residual is
    /// independent of the regressor, so E R = R∞ + (R∞ + σ²)/(n − 2) (E[1/χ²_n] = 1/(n − 2)); +∞ for n ≤ 2.
    /// </summary>
    public static double FiniteN(double limit, int n, double sigma)
        => n <= 2 ? double.PositiveInfinity : limit + (sigma * sigma + limit) / (n - 2.0);

    /// <summary>
    /// n → ∞ risk of the ridge-refit readout along a pretrained vector: ‖β_t‖² − B²(A + 2λ)/(A + λ)² (floored at 0), with
    /// A = ‖β̂_s‖², B = β̂_s·β_t in the risk norm; λ = 0 gives the projection residual ‖β_t‖² − B²/A.
    /// </summary>
    public static double RidgeRefit(double targetNorm2, double sourceNorm2, double inner, double lambda)
        => Math.Max(0, targetNorm2 - inner * inner * (sourceNorm2 + 2 * lambda) / ((sourceNorm2 + lambda) * (sourceNorm2 + lambda)));

    /// <summary>
    /// Theorem 3.8 (v2 eq. 13): ridge penalty λ on the readout, n → ∞: b → cos θ/(1 + λ), so
    /// R = sin²θ + cos²θ·(λ/(1 + λ))² = 1 − (1 + 2λ)cos²θ/(1 + λ)², increasing in λ.
    /// </summary>
    public static double Ridge(double overlap, double lambda)
    {
        FeaturesAreFateParameters.Overlap(overlap);
        Validation.Require.NonNegative("lambda", lambda);
        double shrink = lambda / (1 + lambda);
        return FeaturesAreFateParameters.SinSquared(overlap) + overlap * overlap * shrink * shrink;
    }
}
