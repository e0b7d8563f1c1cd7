namespace TransferLab.Theory.Tahir2024;

/// <summary>
/// The optimally regularised scratch baseline (Tahir et al. v2 Fig. 5 experiment; closed form
/// reconstructed in docs/tahir2024.md §2.6). Weight decay on a two-layer linear net follows the ridge path, so the
/// oracle-tuned comparator is ridge at λ* = σ²d/(n‖β‖²) (Dobriban &amp; Wager 2018), whose
/// proportional-limit risk solves R² − (r²(1 − γ) − σ²)R − σ²r² = 0.
/// </summary>
public static class OptimalRidgeScratchRisk
{
    /// <summary>R* = ½[(r²(1 − γ) − σ²) + √((r²(1 − γ) − σ²)² + 4σ²r²)], monotone in γ, no double-descent peak.</summary>
    public static double Asymptotic(double gamma, double sigma, double teacherNormSquared = 1.0)
    {
        FeaturesAreFateParameters.SampleRatio(gamma);
        FeaturesAreFateParameters.Noise(sigma);
        double r2 = teacherNormSquared, s2 = sigma * sigma;
        double a = r2 * (1 - gamma) - s2;
        if (s2 == 0) return Math.Max(0, r2 * (1 - gamma));
        return 0.5 * (a + Math.Sqrt(a * a + 4 * s2 * r2));
    }

    /// <summary>The oracle ridge penalty λ* = σ²/(γ‖β‖²) for the estimator (XᵀX/n + λI)⁻¹Xᵀy/n.</summary>
    public static double OptimalLambda(double gamma, double sigma, double teacherNormSquared = 1.0)
        => sigma * sigma / (FeaturesAreFateParameters.SampleRatio(gamma) * teacherNormSquared);
}
