using TransferLab.Models;

namespace TransferLab.Theory.Anguita2026;

/// <summary>
/// The four fine-tuning regimes of Anguita et al. 2026 (numbering of the authors' code, docs/anguita2026.md §2.4):
/// rich (ℓ1-like) or lazy (ℓ2-like) × dependent or independent of the pretrained magnitudes.
/// </summary>
public enum FineTuningRegime
{
    /// <summary>I — rich, PT-independent: tiny uniform c_FT, basis-pursuit-like (λ_PT → −c_PT, γ_FT → 0).</summary>
    RichPretrainingIndependent = 1,
    /// <summary>II — lazy, PT-dependent: c_FT ≈ (1 + λ/c)|β̂_PT| on PT features, ℓ2 weighted by 1/|β̂_PT| (λ_PT ≥ 0, γ_FT = 0, small c_PT).</summary>
    LazyPretrainingDependent = 2,
    /// <summary>III — lazy, PT-independent: large uniform c_FT, minimum-ℓ2 interpolation (large γ_FT or large c_PT).</summary>
    LazyPretrainingIndependent = 3,
    /// <summary>IV — rich, PT-dependent: c_FT ∝ ε|β̂_PT|, log-weighted ℓ1 favouring PT features, "reuse and refine" (λ_PT → −c_PT from above, γ_FT = 0).</summary>
    RichPretrainingDependent = 4,
}

/// <summary>The regime of an initialization and the numbers behind it.</summary>
/// <param name="Regime">The regime.</param>
/// <param name="Numeral">Its Roman numeral (I–IV).</param>
/// <param name="LOrder">ℓ-order at a PT feature (|β̂_PT| = <paramref name="PretrainedMagnitude"/>) for a fine-tuned coefficient of magnitude <paramref name="FineTuneMagnitude"/>.</param>
/// <param name="Dependence">Pretraining dependence PD at the same point.</param>
/// <param name="ScaleOnPretrainedFeature">c_FT on a PT feature, c_A.</param>
/// <param name="ScaleOffPretrainedFeature">c_FT on a coordinate PT did not use, c_I = 2(c_PT + λ_PT) + γ_FT²/2.</param>
/// <param name="CostRatio">φ_{c_I}(b)/φ_{c_A}(b): how much more a new feature costs than a PT feature of the same size b.</param>
/// <param name="PretrainedMagnitude">|β̂_PT| used for the evaluation.</param>
/// <param name="FineTuneMagnitude">|β_FT| used for the evaluation.</param>
/// <param name="Reason">One sentence saying why.</param>
public sealed record RegimeClassification(
    FineTuningRegime Regime, string Numeral, double LOrder, double Dependence,
    double ScaleOnPretrainedFeature, double ScaleOffPretrainedFeature, double CostRatio,
    double PretrainedMagnitude, double FineTuneMagnitude, string Reason);

/// <summary>
/// Classifies an initialization (c_PT, λ_PT, γ_FT) into the four regimes from the implicit-bias landscape
/// (<see cref="PretrainingDependence"/>) at a PT feature: rich when ℓ &lt; <see cref="RichThreshold"/> (the midpoint of
/// ℓ ∈ (1, 2]), PT-dependent when PD ≤ <see cref="DependenceThreshold"/>. The thresholds are TransferLab's choice (the
/// paper names the regimes by their limits (ℓ, PD) → (1, 0), (2, −1), (2, 0), (1⁺, 1 − ℓ)); ℓ and PD are reported so a
/// borderline case can be judged.
/// </summary>
public static class RegimeClassifier
{
    /// <summary>ℓ below this is "rich".</summary>
    public const double RichThreshold = 1.5;

    /// <summary>PD at or below this is "PT-dependent".</summary>
    public const double DependenceThreshold = -0.1;

    /// <summary>Classifies; magnitudes default to 1 (the PT amplitude a_PT and a unit-variance FT teacher).</summary>
    public static RegimeClassification Classify(DiagonalInitialization init, double pretrainedMagnitude = 1, double fineTuneMagnitude = 1)
    {
        ArgumentNullException.ThrowIfNull(init);
        init.Validate();
        if (!(pretrainedMagnitude > 0) || !double.IsFinite(pretrainedMagnitude))
            throw new Validation.ParameterException("beta-pt", pretrainedMagnitude, "must be > 0 and finite");
        if (!(fineTuneMagnitude > 0) || !double.IsFinite(fineTuneMagnitude))
            throw new Validation.ParameterException("beta-ft", fineTuneMagnitude, "must be > 0 and finite");
        var (l, pd, _, cA) = PretrainingDependence.Evaluate(init, pretrainedMagnitude, fineTuneMagnitude);
        double cI = init.FineTuneScale(0);
        double ratio = ImplicitBiasPotential.Value(fineTuneMagnitude, cI) / ImplicitBiasPotential.Value(fineTuneMagnitude, cA);
        bool rich = l < RichThreshold, dependent = pd <= DependenceThreshold;
        var regime = (rich, dependent) switch
        {
            (true, false) => FineTuningRegime.RichPretrainingIndependent,
            (false, true) => FineTuningRegime.LazyPretrainingDependent,
            (false, false) => FineTuningRegime.LazyPretrainingIndependent,
            (true, true) => FineTuningRegime.RichPretrainingDependent,
        };
        string numeral = Numeral(regime);
        string reason =
            $"ℓ = {l:G3} {(rich ? "<" : "≥")} {RichThreshold} ({(rich ? "ℓ1-like: sparse, feature learning" : "ℓ2-like: lazy, no feature selection")}); " +
            $"PD = {pd:G3} {(dependent ? "≤" : ">")} {DependenceThreshold} ({(dependent ? "the pretrained magnitude sets the cost: features are reused" : "the cost barely depends on pretraining")}); " +
            $"c_FT = {cA:G3} on a PT feature vs {cI:G3} off it, so a new feature of size {fineTuneMagnitude:G3} costs {ratio:G3}× a reused one.";
        return new RegimeClassification(regime, numeral, l, pd, cA, cI, ratio, pretrainedMagnitude, fineTuneMagnitude, reason);
    }

    /// <summary>The Roman numeral of a regime.</summary>
    public static string Numeral(FineTuningRegime regime) => regime switch
    {
        FineTuningRegime.RichPretrainingIndependent => "I",
        FineTuningRegime.LazyPretrainingDependent => "II",
        FineTuningRegime.LazyPretrainingIndependent => "III",
        _ => "IV",
    };

    /// <summary>A short name: "rich, PT-independent", …</summary>
    public static string Describe(FineTuningRegime regime) => regime switch
    {
        FineTuningRegime.RichPretrainingIndependent => "rich, PT-independent",
        FineTuningRegime.LazyPretrainingDependent => "lazy, PT-dependent",
        FineTuningRegime.LazyPretrainingIndependent => "lazy, PT-independent",
        _ => "rich, PT-dependent",
    };

    /// <summary>The recipes the authors use for each regime at c_PT = 10⁻³ (docs/anguita2026.md §2.4; Fig. 5).</summary>
    public static IReadOnlyList<(FineTuningRegime Regime, DiagonalInitialization Init)> PaperRecipes { get; } =
    [
        (FineTuningRegime.RichPretrainingIndependent, new DiagonalInitialization(1e-3, -0.999999e-3, 1e-6)),
        (FineTuningRegime.LazyPretrainingDependent, new DiagonalInitialization(1e-3, 0, 0)),
        (FineTuningRegime.LazyPretrainingIndependent, new DiagonalInitialization(1e-3, 0, 10)),
        (FineTuningRegime.RichPretrainingDependent, new DiagonalInitialization(1e-3, -0.99e-3, 0)),
    ];
}
