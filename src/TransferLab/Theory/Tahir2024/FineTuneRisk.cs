using TransferLab.Theory.Shachaf2021;
using TransferLab.Theory.Shared;

namespace TransferLab.Theory.Tahir2024;

/// <summary>
/// Fine-tuning all layers from the pretrained (balanced, rank-one along β_s) network. The first-layer
/// gradient lies in the row space of X, so the null-space part stays c·(I − P)β_s and the limit is
/// β_ft = β_sc + c(I − P)β_s (Tahir et al. Theorem 3.9, v2 eq. 143 with c = 1).
/// With label noise the balanced flow gives c ≠ 1 (docs/tahir2024.md §2.4, reconstructed, depth-dependent):
/// c solves the c_L equation of <see cref="DeepDepthScaleFactor"/> with a = 1, b = 1 − γ, q = γ + γσ²/(1 − γ).
/// </summary>
public static class FineTuneRisk
{
    /// <summary>The balancedness factor c(γ, σ, L) in the proportional limit (1 for γ ≥ 1, where Q = 0 and c is irrelevant).</summary>
    public static double ScaleFactor(double gamma, double sigma, double depth)
        => FiniteSourceRisk.ScaleFactor(gamma, sigma, source: null, depth); // the population source: A = M = 1

    /// <summary>
    /// R_ft = γσ²/(1 − γ) + (1 − γ)(1 + c² − 2c cos θ) for γ &lt; 1 and R_sc for γ ≥ 1 (fine-tuning forgets its
    /// start when the interpolant is unique). <paramref name="depth"/> = null uses the paper's c = 1.
    /// </summary>
    public static double Asymptotic(double gamma, double overlap, double sigma, double? depth = null)
        => FiniteSourceRisk.FineTune(gamma, overlap, sigma, source: null, depth); // A = M = 1: multiplying by them is exact

    /// <summary>
    /// Exact finite-size mean with the paper's c = 1: (1 − n/d)(2 − 2cos θ) + σ²n/(d − n − 1), n ≤ d − 2, i.e.
    /// <see cref="IsotropicMinimumDistanceRisk"/> with w = β_s − β_t, ‖w‖² = 2 − 2cos θ for unit teachers; from
    /// n = d − 1 on the scratch value (<see cref="ScratchRisk.Exact"/>).
    /// </summary>
    public static double Exact(int n, int d, double overlap, double sigma)
    {
        if (n >= d - 1) return ScratchRisk.Exact(n, d, sigma);
        return IsotropicMinimumDistanceRisk.Bias(n, d, 1.0, 2 - 2 * overlap) + IsotropicMinimumDistanceRisk.Variance(n, d, sigma * sigma);
    }
}
