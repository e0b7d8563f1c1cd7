using TransferLab.Schema;
using TransferLab.Theory.Anguita2026;

namespace TransferLab.Experiments.Families;

/// <summary>
/// The fine-tuning regime of a diagonal-network initialization (c_PT, λ_PT, γ_FT) (Anguita et al. 2026: I rich
/// PT-independent, II lazy PT-dependent, III lazy PT-independent, IV rich PT-dependent) and why, behind its own schema:
/// the initialization parameters are the diagonal family's own spec objects (<see cref="DiagonalParameters"/>), plus
/// the magnitudes at which the implicit-bias landscape is read (<see cref="RegimeClassifier"/>).
/// </summary>
public static class DiagonalRegime
{
    /// <summary>The classification and the numbers behind it.</summary>
    /// <param name="Regime">I, II, III or IV.</param>
    /// <param name="Name">The regime's name (rich/lazy, PT-dependent/independent).</param>
    /// <param name="CPt">c_PT.</param>
    /// <param name="LambdaPt">λ_PT.</param>
    /// <param name="GammaFt">γ_FT.</param>
    /// <param name="LOrder">ℓ, the order of the implicit-bias potential near the origin at |β_FT| (docs/anguita2026.md §2.4).</param>
    /// <param name="PtDependence">PD = (1 − ℓ)m, the dependence of the fine-tuning cost on the pretrained weight.</param>
    /// <param name="CFtOnPtFeature">c_FT on a pretrained feature.</param>
    /// <param name="CFtOffPtFeature">c_FT on a feature pretraining did not use.</param>
    /// <param name="NewFeatureCostRatio">Cost of a new feature relative to a pretrained one.</param>
    /// <param name="BetaPt">|β̂_PT| at which the landscape is read.</param>
    /// <param name="BetaFt">|β_FT| at which the landscape is read.</param>
    /// <param name="Reason">Why this label, in words.</param>
    /// <param name="LOrderMargin">ℓ − 1.5 (negative: rich).</param>
    /// <param name="PtDependenceMargin">PD − (−0.1) (≤ 0: PT-dependent).</param>
    /// <param name="Sensitivity">m = ∂log c_FT/∂log|β̂_PT|, PD = (1 − ℓ)m.</param>
    /// <param name="HoldsForBetaFtAbove">The label holds for |β_FT| in (this, <paramref name="HoldsForBetaFtUpTo"/>].</param>
    /// <param name="HoldsForBetaFtUpTo">Upper end of that range; null = unbounded.</param>
    /// <param name="BandsByBetaFt">The label over all |β_FT| (upper end null = unbounded).</param>
    /// <param name="Limit">Null, or the limit evaluated because a number overflowed; it is also why c_FT values are null.</param>
    /// <param name="NullReasons">Why a null field is null (snake_case path → sentence).</param>
    public sealed record Result(string Regime, string Name, double CPt, double LambdaPt, double GammaFt, double LOrder, double PtDependence,
        double CFtOnPtFeature, double CFtOffPtFeature, double NewFeatureCostRatio, double BetaPt, double BetaFt, string Reason,
        double LOrderMargin, double PtDependenceMargin, double Sensitivity, double HoldsForBetaFtAbove, double? HoldsForBetaFtUpTo,
        IReadOnlyList<Band> BandsByBetaFt, string? Limit, IReadOnlyDictionary<string, string>? NullReasons = null);

    /// <summary>One band of |β_FT| with a constant label.</summary>
    public sealed record Band(string Regime, double BetaFtAbove, double? BetaFtUpTo);

    /// <summary><c>beta-pt</c>: pretrained magnitude at which the landscape is evaluated.</summary>
    public static ParameterSpec BetaPt { get; } = new()
    {
        Name = "beta-pt", Kind = ParameterKind.Real, Default = "1", Min = 0, MinExclusive = true, Max = 1e100,
        Doc = "Pretrained magnitude |β̂_PT| of a PT feature at which the landscape is evaluated (the PT amplitude).",
    };

    /// <summary><c>beta-ft</c>: magnitude of a fine-tuned coefficient.</summary>
    public static ParameterSpec BetaFt { get; } = new()
    {
        Name = "beta-ft", Kind = ParameterKind.Real, Default = "1", Min = 0, MinExclusive = true, Max = 1e100,
        Doc = "Magnitude |β_FT| of a fine-tuned coefficient (1 = unit-variance FT teacher; 1/√ρ_FT for the paper's values).",
    };

    /// <summary>The parameters: a theory-only computation (the landscape is evaluated, nothing is trained).</summary>
    public static ModelSchema Schema { get; } = new("regime", Compute.Theory, [.. DiagonalParameters.Initialization, BetaPt, BetaFt]);

    /// <summary>What the computation does (help text).</summary>
    public const string Description = "Name the fine-tuning regime (I rich PT-independent, II lazy PT-dependent, III lazy PT-independent, IV rich PT-dependent) " +
        "of an initialization (c_PT, λ_PT, γ_FT) of a diagonal network, and why: ℓ-order, pretraining dependence and c_FT on and off PT features (Anguita et al. 2026).";

    /// <summary>Classifies validated <paramref name="p"/> (cross-parameter rules of the initialization name their parameter).</summary>
    public static ModelResult Classify(ParameterValues p)
    {
        var init = DiagonalParameters.Init(p);
        var r = RegimeClassifier.Classify(init, p.Real(BetaPt.Name), p.Real(BetaFt.Name));
        static double? Upper(double to) => double.IsPositiveInfinity(to) ? null : to;
        var holding = r.HoldingBand!;
        var bands = r.Bands!.Select(b => new Band(b.Numeral, b.BetaFtFrom, Upper(b.BetaFtTo))).ToList();
        var result = new Result(r.Numeral, RegimeClassifier.Describe(r.Regime), init.CPt, init.LambdaPt, init.GammaFt, r.LOrder, r.Dependence,
            r.ScaleOnPretrainedFeature, r.ScaleOffPretrainedFeature, r.CostRatio, r.PretrainedMagnitude, r.FineTuneMagnitude, r.Reason,
            r.LOrderMargin, r.DependenceMargin, r.Sensitivity, holding.BetaFtFrom, Upper(holding.BetaFtTo), bands, r.Limit);
        result = result with
        {
            NullReasons = NullReasons.Of(result, f => f switch
            {
                nameof(Result.Limit) => "no limit needed: every number is finite",
                nameof(Result.HoldsForBetaFtUpTo) or nameof(Band.BetaFtUpTo) => "unbounded: the label holds for every larger |β_FT|",
                _ => r.Limit ?? "not finite",
            }),
        };
        string Range(RegimeBand b) => double.IsPositiveInfinity(b.BetaFtTo)
            ? b.BetaFtFrom == 0 ? "every |β_FT|" : $"|β_FT| > {b.BetaFtFrom:G3}"
            : b.BetaFtFrom == 0 ? $"|β_FT| ≤ {b.BetaFtTo:G3}" : $"{b.BetaFtFrom:G3} < |β_FT| ≤ {b.BetaFtTo:G3}";
        var report = new Report()
            .Line($"Regime {r.Numeral}: {RegimeClassifier.Describe(r.Regime)} at |β_FT| = {r.FineTuneMagnitude:G3}, |β̂_PT| = {r.PretrainedMagnitude:G3}")
            .Line($"(ℓ, PD) = ({r.LOrder:G4}, {r.Dependence:G4}); margins: ℓ − {RegimeClassifier.RichThreshold} = {r.LOrderMargin:G3}, PD − ({RegimeClassifier.DependenceThreshold}) = {r.DependenceMargin:G3}")
            .Line($"This label holds for {Range(holding)}; over |β_FT|: {string.Join(", ", r.Bands!.Select(b => $"{b.Numeral} for {Range(b)}"))}")
            .Line($"Why: {r.Reason}");
        if (r.Limit is not null) report.Line($"Limit: {r.Limit}");
        return new ModelResult(result, report);
    }
}
