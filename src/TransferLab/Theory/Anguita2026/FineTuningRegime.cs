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
/// <param name="Sensitivity">m = ∂log c_FT/∂log|β̂_PT| ∈ [0, 1], so PD = (1 − ℓ)m (docs/anguita2026.md §2.3).</param>
/// <param name="Bands">The label as a function of |β_FT| (<see cref="RegimeBands"/>); the one containing <paramref name="FineTuneMagnitude"/> is where this label holds.</param>
/// <param name="Limit">Null, or the limit that was evaluated because a number overflowed (e.g. γ_FT²/2 beyond the largest double: γ_FT → ∞).</param>
public sealed record RegimeClassification(
    FineTuningRegime Regime, string Numeral, double LOrder, double Dependence,
    double ScaleOnPretrainedFeature, double ScaleOffPretrainedFeature, double CostRatio,
    double PretrainedMagnitude, double FineTuneMagnitude, string Reason,
    double Sensitivity = double.NaN, IReadOnlyList<RegimeBand>? Bands = null, string? Limit = null)
{
    /// <summary>ℓ − 1.5: negative is rich; its size is the distance to the rich/lazy threshold.</summary>
    public double LOrderMargin => LOrder - RegimeClassifier.RichThreshold;

    /// <summary>PD − (−0.1): at or below 0 is PT-dependent; its size is the distance to the dependence threshold.</summary>
    public double DependenceMargin => Dependence - RegimeClassifier.DependenceThreshold;

    /// <summary>The band of |β_FT| in which <see cref="FineTuneMagnitude"/> lies: the range over which this label holds.</summary>
    public RegimeBand? HoldingBand => Bands?.FirstOrDefault(b => FineTuneMagnitude > b.BetaFtFrom && FineTuneMagnitude <= b.BetaFtTo);
}

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
        var (l, pd, m, cA) = PretrainingDependence.Evaluate(init, pretrainedMagnitude, fineTuneMagnitude);
        double cI = init.FineTuneScale(0);
        string? limit = null;
        double ratio;
        if (double.IsFinite(cA) && double.IsFinite(cI))
            ratio = CostRatio(fineTuneMagnitude, cI, cA);
        else
        {
            // γ_FT²/2 overflows: the γ_FT → ∞ limit. c_FT → ∞ on every coordinate, so φ → b²/(4c) (lazy, ℓ = 2), m → 0
            // (PD = 0) and the cost ratio → c_A/c_I = (1 + ε_A)/(1 + ε_I) with ε = (c_PT + λ_PT)(…)/(γ²/2) → 1.
            double h = init.GammaFt / Math.Sqrt(2);
            double eA = (init.CPt + init.LambdaPt) * (1 + Math.Sqrt(1 + Math.Pow(pretrainedMagnitude / init.CPt, 2))) / h / h;
            double eI = 2 * (init.CPt + init.LambdaPt) / h / h;
            ratio = (1 + eA) / (1 + eI);
            (l, pd, m) = (2, 0, 0);
            limit = $"γ_FT²/2 with γ_FT = {init.GammaFt:G3} overflows a double (c_FT > 1.8e308): the γ_FT → ∞ limit is reported (c_FT → ∞ on and off PT features, ℓ = 2, PD = 0, cost ratio → 1)";
        }
        pd += 0.0; // −0 reads as 0
        bool rich = l < RichThreshold, dependent = pd <= DependenceThreshold;
        var regime = FromFlags(rich, dependent);
        string numeral = Numeral(regime);
        var bands = limit is null ? RegimeBands.Of(init, pretrainedMagnitude) : [new RegimeBand(numeral, 0, double.PositiveInfinity)];
        string reason =
            $"ℓ = {l:G3} {(rich ? "<" : "≥")} {RichThreshold} ({(rich ? "ℓ1-like: sparse, feature learning" : "ℓ2-like: lazy, no feature selection")}); " +
            $"PD = {pd:G3} {(dependent ? "≤" : ">")} {DependenceThreshold} ({(dependent ? "the pretrained magnitude sets the cost: features are reused" : "the cost barely depends on pretraining")}); " +
            $"c_FT = {cA:G3} on a PT feature vs {cI:G3} off it, so a new feature of size {fineTuneMagnitude:G3} costs {ratio:G3}× a reused one.";
        return new RegimeClassification(regime, numeral, l, pd, cA, cI, ratio, pretrainedMagnitude, fineTuneMagnitude, reason, m, bands, limit);
    }

    /// <summary>The regime of the two flags: rich (ℓ &lt; 1.5) and PT-dependent (PD ≤ −0.1).</summary>
    public static FineTuningRegime FromFlags(bool rich, bool dependent) => (rich, dependent) switch
    {
        (true, false) => FineTuningRegime.RichPretrainingIndependent,
        (false, true) => FineTuningRegime.LazyPretrainingDependent,
        (false, false) => FineTuningRegime.LazyPretrainingIndependent,
        (true, true) => FineTuningRegime.RichPretrainingDependent,
    };

    /// <summary>
    /// φ_{c_I}(b)/φ_{c_A}(b). Where both are deep in the lazy region (|b|/c &lt; 10⁻⁴, where r² underflows for huge c) the
    /// ratio is that of the lazy series φ = c r²/4·(1 − r²/12), r = b/c (docs/anguita2026.md §2.2): (c_A/c_I)(1 − r_I²/12)/(1 − r_A²/12).
    /// </summary>
    public static double CostRatio(double b, double cOff, double cOn)
    {
        double rOff = b / cOff, rOn = b / cOn;
        if (Math.Abs(rOff) < 1e-4 && Math.Abs(rOn) < 1e-4) return cOn / cOff * (1 - rOff * rOff / 12) / (1 - rOn * rOn / 12);
        return ImplicitBiasPotential.Value(b, cOff) / ImplicitBiasPotential.Value(b, cOn);
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
