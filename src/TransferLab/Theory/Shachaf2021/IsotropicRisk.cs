using TransferLab.Theory.Shared;
using TransferLab.Validation;

namespace TransferLab.Theory.Shachaf2021;

/// <summary>
/// Exact finite-n expected risk of the min-distance interpolant for isotropic Gaussian inputs
/// Σ = s·I (docs/shachaf2021.md §2.1b, reconstructed and checked by Monte Carlo in our tests), split into bias and variance by
/// <see cref="IsotropicMinimumDistanceRisk"/>:
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
        Require.Positive("d", d);
        Require.AtLeast("n", n, 0);
        Require.Positive("cov-scale", scale);
        Require.NonNegative("sigma", noiseSd);
        return new RiskPrediction(n, "isotropic-exact",
            IsotropicMinimumDistanceRisk.Bias(n, d, scale, differenceNorm2),
            IsotropicMinimumDistanceRisk.Variance(n, d, noiseSd * noiseSd));
    }
}
