using TransferLab.Theory.Shachaf2021;
using TransferLab.Validation;

namespace TransferLab.Theory.Tahir2024;

/// <summary>
/// A finite source data set (Tahir et al. v2 App. C, Theorem C.1): pretraining sees n_s = γ_s·d samples
/// x ~ N(0, I_d), y = β_s·x + ε_s with ε_s ~ N(0, σ_s²), instead of the population loss of the main text.
/// Parameters: <c>alpha-source</c> is γ_s (the paper's γ_src), <c>sigma-source</c> is σ_s.
/// </summary>
public sealed record FiniteSource
{
    /// <summary>γ_s = n_s/d &gt; 0.</summary>
    public double Gamma { get; }

    /// <summary>σ_s ≥ 0, the source label-noise standard deviation.</summary>
    public double Sigma { get; }

    /// <summary>
    /// Validates γ_s &gt; 0 and σ_s ≥ 0. γ_s = 1 with σ_s &gt; 0 is refused: the min-norm source fit then has
    /// infinite expected norm (the source's own double-descent peak), so no transfer risk is finite.
    /// </summary>
    public FiniteSource(double gamma, double sigma)
    {
        Gamma = Require.Positive("alpha-source", gamma);
        Sigma = Require.NonNegative("sigma-source", sigma);
        if (gamma == 1 && sigma > 0)
            throw new ParameterException("alpha-source", gamma, "must differ from 1 when sigma-source > 0 (the min-norm source fit diverges at γ_s = 1)");
    }

    /// <summary>n_s = round(γ_s·d), at least 1.</summary>
    public int SampleCount(int d) => Require.Count("alpha-source", Gamma, Gamma * d, "n_s = round(α_s·d)");
}

/// <summary>
/// Moments of the pretrained end-to-end vector β̂_s: ‖β̂_s‖² → <paramref name="NormSquared"/> (A) and
/// β̂_s·β_t → <paramref name="Alignment"/>·cos θ (M·cos θ). Infinite source data: A = M = 1 (β̂_s = β_s).
/// </summary>
/// <param name="NormSquared">A = E‖β̂_s‖² (may be +∞ at the source's interpolation peak).</param>
/// <param name="Alignment">M with E β̂_s·β_t = M cos θ.</param>
public readonly record struct SourceFitMoments(double NormSquared, double Alignment)
{
    /// <summary>The infinite-source values A = M = 1.</summary>
    public static SourceFitMoments Population => new(1, 1);
}

/// <summary>
/// Transfer from a network pretrained on a finite source set (Tahir et al. v2 App. C, Theorem C.1, eqs. 22–23 and 152;
/// docs/tahir2024.md §2.5). Pretraining by gradient flow from a vanishing initialisation on the empirical source loss is scratch
/// training on the source, so (Theorems 3.4–3.5) it ends at β̂_s = X_s⁺y_s with balanced rank-one features along β̂_s.
/// Only two numbers of β̂_s matter in the proportional limit (<see cref="SourceFitMoments"/>):
/// <code>
///   γ_s &lt; 1:  A = γ_s + σ_s²γ_s/(1 − γ_s),   M = γ_s       (β̂_s = P_sβ_s + noise in the source row space)
///   γ_s &gt; 1:  A = 1 + σ_s²/(γ_s − 1),        M = 1         (OLS: β̂_s = β_s + noise)
/// </code>
/// Linear transfer refits the readout on z = Xβ̂_s, so R_lt → 1 − B²(A + 2λ)/(A + λ)² with B = M cos θ (docs/tahir2024.md §2.5,
/// reconstructed and Monte-Carlo checked there; λ = readout ridge, λ = 0 gives 1 − M²cos²θ/A).
/// Fine-tuning ends at β_sc + c(I − P)β̂_s, so R_ft = γσ²/(1 − γ) + (1 − γ)(1 + c²A − 2cM cos θ) for γ &lt; 1:
/// with the paper's c = 1 this is Theorem C.1, T_ft = −(1 − γ)[A − 2M cos θ] (break-even cos θ* = A/(2M) =
/// ½(1 + σ_s²/|1 − γ_s|)). <b>Reconstructed correction (ours):</b> the balanced flow gives c = c_L from the c_L equation
/// with a = A, b = (1 − γ)A, q = γ + γσ²/(1 − γ) (<see cref="DeepDepthScaleFactor"/>). Because A ≠ 1 whenever γ_s &lt; 1,
/// c ≠ 1 even without noise, and the break-even angle becomes cos θ* = cA/(2M), which depends on γ.
/// γ_s → ∞ recovers the infinite-source formulas (A, M → 1).
/// </summary>
public static class FiniteSourceRisk
{
    /// <summary>Proportional-limit moments A, M of β̂_s (null source = infinite source data: A = M = 1).</summary>
    public static SourceFitMoments Moments(FiniteSource? source)
    {
        if (source is null) return SourceFitMoments.Population;
        double g = source.Gamma, s2 = source.Sigma * source.Sigma;
        if (g < 1) return new(g + s2 * g / (1 - g), g);
        if (g > 1) return new(1 + s2 / (g - 1), 1);
        return s2 == 0 ? SourceFitMoments.Population : new(double.PositiveInfinity, 1);
    }

    /// <summary>
    /// Exact finite-size means over Gaussian source designs (inverse-Wishart moments): for n_s ≤ d − 2,
    /// E‖β̂_s‖² = n_s/d + σ_s²n_s/(d − n_s − 1) and E β̂_s·β_t = (n_s/d) cos θ; for n_s ≥ d + 2, 1 + σ_s²d/(n_s − d − 1) and
    /// cos θ. In between the norm is infinite unless σ_s = 0.
    /// </summary>
    public static SourceFitMoments ExactMoments(int sourceSamples, int d, double sigmaSource)
    {
        Require.Positive("n-source", sourceSamples);
        Require.AtLeast("d", d, 2);
        double s2 = Require.NonNegative("sigma-source", sigmaSource) * sigmaSource;
        double ratio = Math.Min(sourceSamples, d) / (double)d;
        if (sourceSamples <= d - 2) return new(ratio + s2 * sourceSamples / (d - sourceSamples - 1.0), ratio);
        if (sourceSamples >= d + 2) return new(1 + s2 * d / (sourceSamples - d - 1.0), 1);
        return new(s2 == 0 ? ratio : double.PositiveInfinity, ratio);
    }

    /// <summary>
    /// Linear-transfer risk (proportional limit, readout ridge λ): R_lt = 1 − B²(A + 2λ)/(A + λ)², B = M cos θ.
    /// Null source gives Theorems 3.7/3.8: sin²θ + cos²θ(λ/(1 + λ))².
    /// </summary>
    public static double LinearTransfer(FiniteSource? source, double overlap, double lambda = 0)
    {
        FeaturesAreFateParameters.Overlap(overlap);
        Require.NonNegative("lambda", lambda);
        if (source is null) return LinearTransferRisk.Ridge(overlap, lambda);
        return LinearTransfer(Moments(source), overlap, lambda);
    }

    /// <summary>R_lt = 1 − B²(A + 2λ)/(A + λ)² for given moments (A = +∞ gives 1: the features carry no target signal).</summary>
    public static double LinearTransfer(SourceFitMoments m, double overlap, double lambda = 0)
    {
        double a = m.NormSquared, b = m.Alignment * overlap;
        if (double.IsPositiveInfinity(a)) return 1.0;
        if (a <= 0) return 1.0;
        return LinearTransferRisk.RidgeRefit(1, a, b, lambda);
    }

    /// <summary>
    /// Finite-n mean of the unregularised linear-transfer risk for a fixed pretrained vector with moments (A, B):
    /// the residual y − b*z is independent of z, so E R = R∞ + (R∞ + σ²)/(n − 2), R∞ = 1 − B²/A (n &gt; 2).
    /// </summary>
    public static double LinearTransferFiniteN(SourceFitMoments m, int n, double overlap, double sigma)
    {
        return n <= 2 ? double.PositiveInfinity : LinearTransferRisk.FiniteN(LinearTransfer(m, overlap), n, sigma);
    }

    /// <summary>
    /// The balancedness factor c for fine-tuning from β̂_s at target ratio γ &lt; 1 (1 for γ ≥ 1, where it is irrelevant):
    /// the c_L root with a = A, b = (1 − γ)A, q = γ + γσ²/(1 − γ). Reconstructed (see the class remarks).
    /// </summary>
    public static double ScaleFactor(double gamma, double sigma, FiniteSource? source, double depth)
    {
        FeaturesAreFateParameters.SampleRatio(gamma);
        FeaturesAreFateParameters.Noise(sigma);
        if (gamma >= 1) return 1.0;
        var m = Moments(source);
        if (double.IsPositiveInfinity(m.NormSquared)) return 0.0;
        double q = gamma + gamma * sigma * sigma / (1 - gamma);
        return DeepDepthScaleFactor.Solve(m.NormSquared, (1 - gamma) * m.NormSquared, q, depth);
    }

    /// <summary>
    /// Fine-tuning risk: γσ²/(1 − γ) + (1 − γ)(1 + c²A − 2cM cos θ) for γ &lt; 1, R_sc for γ ≥ 1.
    /// <paramref name="depth"/> = null uses the paper's c = 1 (Theorem C.1); otherwise the balanced-flow c_L.
    /// </summary>
    public static double FineTune(double gamma, double overlap, double sigma, FiniteSource? source, double? depth = null)
    {
        FeaturesAreFateParameters.Overlap(overlap);
        FeaturesAreFateParameters.SampleRatio(gamma);
        FeaturesAreFateParameters.Noise(sigma);
        if (gamma >= 1) return ScratchRisk.Asymptotic(gamma, sigma);
        var m = Moments(source);
        if (double.IsPositiveInfinity(m.NormSquared)) return double.PositiveInfinity;
        double c = depth is { } L ? ScaleFactor(gamma, sigma, source, L) : 1.0;
        return gamma * sigma * sigma / (1 - gamma) + (1 - gamma) * (1 + c * c * m.NormSquared - 2 * c * m.Alignment * overlap);
    }

    /// <summary>
    /// Exact finite-size mean of the fine-tuning risk with the paper's c = 1 (n ≤ d − 2): the target projector P is
    /// independent of (β̂_s, β_t), so E R_ft = (1 − n/d)(E‖β̂_s‖² − 2E β̂_s·β_t + 1) + σ²n/(d − n − 1), with the exact
    /// source moments of <see cref="ExactMoments"/>. For n ≥ d − 1 fine-tuning is scratch.
    /// </summary>
    public static double FineTuneExact(int n, int d, int sourceSamples, double overlap, double sigma, double sigmaSource)
    {
        if (n >= d - 1) return ScratchRisk.Exact(n, d, sigma);
        var m = ExactMoments(sourceSamples, d, sigmaSource);
        return (1 - (double)n / d) * (m.NormSquared - 2 * m.Alignment * overlap + 1) + sigma * sigma * n / (d - n - 1.0);
    }

    /// <summary>
    /// Break-even overlap cos θ* of fine-tuning at γ &lt; 1 (NaN for γ ≥ 1): cos θ* = [V + (1 − γ)(1 + c²A) − R_baseline]/(2cM(1 − γ)),
    /// V = γσ²/(1 − γ); ridgeless baseline: cA/(2M) (Theorem C.1 with c = 1: ½(1 + σ_s²/|1 − γ_s|)).
    /// </summary>
    public static double FineTuneCriticalOverlap(double gamma, double sigma, ScratchBaseline baseline, double? depth, FiniteSource? source)
    {
        if (gamma >= 1) return double.NaN;
        var m = Moments(source);
        if (double.IsPositiveInfinity(m.NormSquared)) return double.PositiveInfinity;
        double c = depth is { } L ? ScaleFactor(gamma, sigma, source, L) : 1.0;
        double v = gamma * sigma * sigma / (1 - gamma);
        double rb = Transferability.BaselineRisk(baseline, gamma, sigma);
        return (v + (1 - gamma) * (1 + c * c * m.NormSquared) - rb) / (2 * c * m.Alignment * (1 - gamma));
    }
}
