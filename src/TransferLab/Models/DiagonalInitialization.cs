using TransferLab.Validation;

namespace TransferLab.Models;

/// <summary>
/// Initialization parameters of the pretraining → fine-tuning pipeline of a diagonal linear network
/// (Anguita et al. 2026, §3 set-up; docs/anguita2026.md §1.2–1.3).
/// </summary>
/// <param name="CPt">Absolute scale c_PT &gt; 0: each coordinate starts with total squared parameter norm 2c_PT.</param>
/// <param name="LambdaPt">Relative layer scale λ_PT = w² − v² (first layer² − readout²), |λ_PT| ≤ c_PT.
/// λ_PT → −c_PT puts all initial scale into the readout ("smaller early layers").</param>
/// <param name="GammaFt">Readout re-initialization at fine-tuning: each readout weight is set to γ_FT/√2.</param>
public sealed record DiagonalInitialization(double CPt, double LambdaPt, double GammaFt)
{
    /// <summary>Throws <see cref="ParameterException"/> naming the parameter (as the diagonal schema spells it) when a value is out of range.</summary>
    public DiagonalInitialization Validate()
    {
        Require.Positive("c-pt", CPt);
        if (double.IsNaN(LambdaPt) || Math.Abs(LambdaPt) > CPt)
            throw new ParameterException("lambda-pt", LambdaPt, $"must lie in [−c_PT, c_PT] = [{-CPt}, {CPt}]");
        Require.NonNegative("gamma-ft", GammaFt);
        if (!double.IsFinite(GammaFt)) throw new ParameterException("gamma-ft", GammaFt, "must be finite");
        if (CPt + LambdaPt == 0 && GammaFt == 0)
            throw new ParameterException("gamma-ft", GammaFt, "must be > 0 when λ_PT = −c_PT: the first layer is then zero and so is the re-initialized readout, a saddle where gradient flow does not move (use e.g. 1e-6)");
        return this;
    }

    /// <summary>
    /// The fine-tuning invariant c_FT,d of a coordinate whose pretrained predictor is <paramref name="pretrainedBeta"/>:
    /// c_FT = (c_PT + λ_PT)(1 + √(1 + β̂_PT²/c_PT²)) + γ_FT²/2 (docs/anguita2026.md §1.3, derived from the conserved quantities of
    /// gradient flow; it is (w₊+w₋)² + v₊v₋ at the start of fine-tuning).
    /// </summary>
    public double FineTuneScale(double pretrainedBeta)
    {
        double b = pretrainedBeta / CPt;
        return (CPt + LambdaPt) * (1 + Math.Sqrt(1 + b * b)) + 0.5 * GammaFt * GammaFt;
    }
}
