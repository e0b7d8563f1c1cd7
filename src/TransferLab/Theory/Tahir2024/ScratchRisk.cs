using TransferLab.Theory.Shared;

namespace TransferLab.Theory.Tahir2024;

/// <summary>
/// Generalisation error ‖β̂ − β_t‖² (σ² excluded) of a deep linear network trained from scratch by
/// gradient flow from a vanishing initialisation, i.e. of the min-norm interpolant / OLS
/// (Tahir et al. Theorem 3.5 for the limit, Theorem 3.6 for the risk; unit-norm teacher, x ~ N(0, I_d)).
/// </summary>
public static class ScratchRisk
{
    /// <summary>
    /// Theorem 3.6 (v2 eq. 8): R_sc = (1 − γ) + γσ²/(1 − γ) for γ &lt; 1, σ²/(γ − 1) for γ &gt; 1, +∞ at γ = 1
    /// (the double-descent peak). <paramref name="teacherNormSquared"/> rescales the bias term.
    /// </summary>
    public static double Asymptotic(double gamma, double sigma, double teacherNormSquared = 1.0)
    {
        FeaturesAreFateParameters.SampleRatio(gamma);
        FeaturesAreFateParameters.Noise(sigma);
        double s2 = sigma * sigma;
        if (gamma < 1) return teacherNormSquared * (1 - gamma) + gamma * s2 / (1 - gamma);
        if (gamma > 1) return s2 / (gamma - 1);
        return s2 == 0 ? 0 : double.PositiveInfinity;
    }

    /// <summary>
    /// Exact finite-size mean over Gaussian designs (inverse-Wishart moments, <see cref="IsotropicMinimumDistanceRisk"/>
    /// with Σ = I and w = −β_t): ‖β‖²(1 − n/d) + σ²n/(d − n − 1) for n ≤ d − 2, σ²d/(n − d − 1) for n ≥ d + 2.
    /// For n ∈ {d − 1, d, d + 1} the mean is reported as +∞ even when σ = 0 (the figures treat the window as undefined).
    /// </summary>
    public static double Exact(int n, int d, double sigma, double teacherNormSquared = 1.0)
    {
        if (IsotropicMinimumDistanceRisk.IsSingular(n, d)) return double.PositiveInfinity;
        return IsotropicMinimumDistanceRisk.Bias(n, d, 1.0, teacherNormSquared) + IsotropicMinimumDistanceRisk.Variance(n, d, sigma * sigma);
    }
}
