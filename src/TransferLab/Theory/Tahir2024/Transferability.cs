using TransferLab.Models;
using TransferLab.Validation;

namespace TransferLab.Theory.Tahir2024;

/// <summary>Which scratch model transfer is compared with.</summary>
public enum ScratchBaseline
{
    /// <summary>Unregularised gradient flow = min-norm interpolant (the paper's baseline; double descent at γ = 1).</summary>
    Ridgeless,
    /// <summary>Oracle-tuned ridge (the revision's Fig. 5 baseline; no peak).</summary>
    OptimalRidge,
}

/// <summary>Settings that pick one transferability surface T(θ, γ).</summary>
/// <param name="Method">
/// The transfer protocol: <see cref="DeepLinearProtocol.LinearTransfer"/> (Theorem 3.7; ridge λ: Theorem 3.8) or
/// <see cref="DeepLinearProtocol.FineTune"/> (Theorem 3.9, optionally with the balancedness correction c), the two with a
/// transferability surface in Tahir et al. §3.
/// </param>
/// <param name="Sigma">Label-noise standard deviation σ.</param>
/// <param name="Baseline">Scratch comparator.</param>
/// <param name="Lambda">Readout ridge λ for linear transfer (0 = unregularised).</param>
/// <param name="Depth">Depth L for the fine-tuning balancedness factor c; null = the paper's c = 1.</param>
/// <param name="Source">Finite source data set (Tahir et al. App. C); null = infinite source data (population pretraining, main text).</param>
public sealed record TransferabilitySettings(DeepLinearProtocol Method, double Sigma, ScratchBaseline Baseline = ScratchBaseline.Ridgeless,
    double Lambda = 0, double? Depth = null, FiniteSource? Source = null);

/// <summary>
/// Transferability T = E[R_scratch − R_transfer] (Tahir et al. §3, v2 eqs. 11 and 15): T &gt; 0 means transfer
/// beats scratch. Proportional limit, unit-norm teachers with overlap cos θ, x ~ N(0, I_d).
/// </summary>
public static class Transferability
{
    /// <summary>Risk of the chosen scratch baseline at γ.</summary>
    public static double BaselineRisk(ScratchBaseline baseline, double gamma, double sigma) => baseline switch
    {
        ScratchBaseline.Ridgeless => ScratchRisk.Asymptotic(gamma, sigma),
        ScratchBaseline.OptimalRidge => OptimalRidgeScratchRisk.Asymptotic(gamma, sigma),
        _ => throw new ArgumentOutOfRangeException(nameof(baseline)),
    };

    /// <summary>Risk of the chosen transfer method at (γ, cos θ).</summary>
    public static double TransferRisk(TransferabilitySettings s, double gamma, double overlap) => s.Method switch
    {
        DeepLinearProtocol.LinearTransfer => FiniteSourceRisk.LinearTransfer(s.Source, overlap, s.Lambda),
        DeepLinearProtocol.FineTune => FiniteSourceRisk.FineTune(gamma, overlap, s.Sigma, s.Source, s.Depth),
        _ => throw NoSurface(s.Method),
    };

    /// <summary>T(γ, cos θ) = R_baseline − R_transfer. At γ = 1 with σ &gt; 0 the ridgeless baseline gives +∞.</summary>
    public static double Compute(TransferabilitySettings s, double gamma, double overlap)
    {
        FeaturesAreFateParameters.SampleRatio(gamma);
        FeaturesAreFateParameters.Overlap(overlap);
        FeaturesAreFateParameters.Noise(s.Sigma);
        double baseline = BaselineRisk(s.Baseline, gamma, s.Sigma);
        if (s.Method == DeepLinearProtocol.FineTune && gamma >= 1 && s.Baseline == ScratchBaseline.Ridgeless) return 0.0;
        return baseline - TransferRisk(s, gamma, overlap);
    }

    /// <summary>T_lt for the paper's setting (ridgeless scratch, unregularised readout): R_sc(γ, σ) − sin²θ (v2 eq. 11).</summary>
    public static double LinearTransfer(double gamma, double overlap, double sigma)
        => Compute(new TransferabilitySettings(DeepLinearProtocol.LinearTransfer, sigma), gamma, overlap);

    /// <summary>T_ft for the paper's setting: (1 − γ)(2c cos θ − c²) for γ &lt; 1, 0 for γ ≥ 1 (c = 1: Theorem 3.9).</summary>
    public static double FineTune(double gamma, double overlap, double sigma, double? depth = null)
        => Compute(new TransferabilitySettings(DeepLinearProtocol.FineTune, sigma, Depth: depth), gamma, overlap);

    /// <summary>
    /// The transferability of one simulated draw under the same settings: the chosen baseline's risk minus the chosen
    /// method's risk (the draw must come from the exact-limit simulator of Experiments/Tahir2024 with the settings' depth, λ and source).
    /// </summary>
    public static double FromDraw(TransferabilitySettings s, ExactLimitRisks r) => r.Of(s.Baseline) - r.Of(s.Method);

    /// <summary>Validates a settings object at the public boundary.</summary>
    public static void Validate(TransferabilitySettings s)
    {
        if (s.Method is not (DeepLinearProtocol.LinearTransfer or DeepLinearProtocol.FineTune)) throw NoSurface(s.Method);
        FeaturesAreFateParameters.Noise(s.Sigma);
        Require.NonNegative("lambda", s.Lambda);
        if (s.Depth is { } L && !(L >= 1)) throw new ParameterException("depth", L, "must be ≥ 1");
    }

    private static ParameterException NoSurface(DeepLinearProtocol p) =>
        new("protocol", p.Name(), "must be linear-transfer or fine-tune (the protocols with a transferability surface, Tahir et al. §3)");
}
