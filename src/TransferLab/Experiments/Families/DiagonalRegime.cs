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
    public sealed record Result(string Regime, string Name, double CPt, double LambdaPt, double GammaFt, double LOrder, double PtDependence,
        double CFtOnPtFeature, double CFtOffPtFeature, double NewFeatureCostRatio, double BetaPt, double BetaFt, string Reason);

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
        var result = new Result(r.Numeral, RegimeClassifier.Describe(r.Regime), init.CPt, init.LambdaPt, init.GammaFt, r.LOrder, r.Dependence,
            r.ScaleOnPretrainedFeature, r.ScaleOffPretrainedFeature, r.CostRatio, r.PretrainedMagnitude, r.FineTuneMagnitude, r.Reason);
        var report = new Report()
            .Line($"Regime {r.Numeral}: {RegimeClassifier.Describe(r.Regime)}")
            .Line($"Why: {r.Reason}");
        return new ModelResult(result, report);
    }
}
