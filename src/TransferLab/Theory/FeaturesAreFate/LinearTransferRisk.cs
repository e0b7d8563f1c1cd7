namespace TransferLab.Theory.FeaturesAreFate;

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
    {
        if (n <= 2) return double.PositiveInfinity;
        double s = LinearTransferRisk.Asymptotic(overlap);
        return s + (sigma * sigma + s) / (n - 2.0);
    }

    /// <summary>
    /// Theorem 3.8 (v2 eq. 13): ridge penalty λ on the readout, n → ∞: b → cos θ/(1 + λ), so
    /// R = sin²θ + cos²θ·(λ/(1 + λ))² = 1 − (1 + 2λ)cos²θ/(1 + λ)², increasing in λ.
    /// </summary>
    public static double Ridge(double overlap, double lambda)
    {
        FeaturesAreFateParameters.Overlap(overlap);
        Validation.Require.NonNegative("--lambda", lambda);
        double shrink = lambda / (1 + lambda);
        return FeaturesAreFateParameters.SinSquared(overlap) + overlap * overlap * shrink * shrink;
    }
}
