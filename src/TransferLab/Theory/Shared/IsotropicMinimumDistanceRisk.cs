namespace TransferLab.Theory.Shared;

/// <summary>
/// Exact finite-n expected excess risk E‖θ̂ − θ_T‖²_Σ of the interpolant closest to a start θ₀ (gradient descent's
/// limit from θ₀; least squares when n &gt; d) for isotropic Gaussian inputs Σ = s·I and w = θ₀ − θ_T. One formula for
/// fine-tuning (θ₀ = θ_S) and training from scratch (θ₀ = 0), used by Shachaf et al. 2021 (linear regression,
/// docs/shachaf2021.md) and by Tahir et al. 2024 (Theorem 3.6 at finite size, docs/tahir2024.md):
/// P = X⁺X is a uniformly random rank-n projector, so E‖(I − P)w‖² = (1 − n/d)‖w‖², and inverse-Wishart moments give
/// E tr(XXᵀ)⁻¹ = n/(s(d − n − 1)) for n ≤ d − 2 and E tr(XᵀX)⁻¹ = d/(s(n − d − 1)) for n ≥ d + 2.
/// Pure formula: callers validate their inputs.
/// </summary>
public static class IsotropicMinimumDistanceRisk
{
    /// <summary>Bias s(1 − n/d)‖w‖² for n &lt; d (the start's component in the design's null space); 0 for n ≥ d.</summary>
    /// <param name="n">Samples.</param>
    /// <param name="d">Dimension.</param>
    /// <param name="scale">s in Σ = s·I.</param>
    /// <param name="differenceNorm2">‖w‖² = ‖θ₀ − θ_T‖².</param>
    public static double Bias(int n, int d, double scale, double differenceNorm2) =>
        n < d ? scale * (1.0 - (double)n / d) * differenceNorm2 : 0;

    /// <summary>
    /// Variance σ²n/(d − n − 1) for n ≤ d − 2, σ²d/(n − d − 1) for n ≥ d + 2, +∞ for n ∈ {d − 1, d, d + 1}
    /// (<see cref="IsSingular"/>) and 0 whenever σ = 0. Independent of s: the label noise enters through X⁺, whose
    /// scale cancels against the risk's Σ.
    /// </summary>
    /// <param name="n">Samples.</param>
    /// <param name="d">Dimension.</param>
    /// <param name="noiseVariance">σ².</param>
    public static double Variance(int n, int d, double noiseVariance)
    {
        if (noiseVariance == 0) return 0;
        if (n <= d - 2) return noiseVariance * n / (d - n - 1.0);
        if (n >= d + 2) return noiseVariance * d / (n - d - 1.0);
        return double.PositiveInfinity;
    }

    /// <summary>n ∈ {d − 1, d, d + 1}: the inverse-Wishart mean does not exist, so the variance is infinite when σ &gt; 0.</summary>
    public static bool IsSingular(int n, int d) => n >= d - 1 && n <= d + 1;
}
