using TransferLab.Validation;

namespace TransferLab.Theory.Shachaf2021;

/// <summary>
/// Exact finite-n expected risk of the min-distance interpolant for isotropic Gaussian inputs
/// Σ = s·I (note §2.1b, reconstructed and checked by Monte Carlo in our tests):
/// n ≤ d − 2: s(1 − n/d)‖w‖² + σ² n/(d − n − 1), because P = X⁺X is a uniformly random rank-n
/// projector (E Q = (1 − n/d) I) and E(XXᵀ)⁻¹ = I/(s(d − n − 1));
/// n ≥ d + 2: σ² d/(n − d − 1) (least squares; θ₀ is forgotten);
/// n ∈ {d − 1, d, d + 1}: the variance is infinite when σ &gt; 0.
/// </summary>
public static class IsotropicRisk
{
    /// <summary>Expected excess risk with w = θ₀ − θ_T (‖w‖² given).</summary>
    public static RiskPrediction Predict(int d, int n, double scale, double differenceNorm2, double noiseSd)
    {
        Require.Positive("--d", d);
        Require.AtLeast("--n", n, 0);
        Require.Positive("--scale", scale);
        Require.NonNegative("--sigma", noiseSd);
        double s2 = noiseSd * noiseSd;
        if (n < d)
        {
            double bias = scale * (1.0 - (double)n / d) * differenceNorm2;
            double variance = s2 == 0 ? 0 : n <= d - 2 ? s2 * n / (d - n - 1.0) : double.PositiveInfinity;
            return new RiskPrediction(n, "isotropic-exact", bias, variance);
        }
        double v = s2 == 0 ? 0 : n >= d + 2 ? s2 * d / (n - d - 1.0) : double.PositiveInfinity;
        return new RiskPrediction(n, "isotropic-exact", 0, v);
    }
}
