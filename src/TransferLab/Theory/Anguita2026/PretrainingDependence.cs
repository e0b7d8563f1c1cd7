using TransferLab.Models;
namespace TransferLab.Theory.Anguita2026;

/// <summary>
/// The two coordinates of the implicit-bias landscape of Anguita et al. 2026 (docs/anguita2026.md §2.3), for one
/// coordinate with pretrained value β̂_PT and fine-tuned value β_FT:
/// the ℓ-order ℓ = ∂ log φ_{c_FT}(β_FT)/∂ log|β_FT| ∈ (1, 2] (2: lazy, ℓ2-like; → 1: rich, ℓ1-like) and the
/// pretraining dependence PD = ∂ log φ_{c_FT(|β̂_PT|)}(β_FT)/∂ log|β̂_PT| ∈ [−1, 0] (β_FT held fixed; negative: a larger
/// pretrained magnitude makes the same fine-tuned coefficient cheaper, i.e. feature reuse).
/// Because φ is jointly 1-homogeneous in (b, c), ∂ log φ/∂ log c = 1 − ℓ, hence PD = (1 − ℓ)·m with
/// m = ∂ log c_FT/∂ log|β̂_PT| = (c_PT + λ_PT)·(r²/√(1 + r²))/c_FT, r = β̂_PT/c_PT.
/// </summary>
public static class PretrainingDependence
{
    /// <summary>(ℓ, PD, m, c_FT) for a coordinate.</summary>
    public static (double LOrder, double Dependence, double Sensitivity, double FineTuneScale) Evaluate(
        DiagonalInitialization init, double pretrainedBeta, double fineTuneBeta)
    {
        ArgumentNullException.ThrowIfNull(init);
        double cft = init.FineTuneScale(pretrainedBeta);
        double l = ImplicitBiasPotential.LOrder(fineTuneBeta, cft);
        double r = pretrainedBeta / init.CPt;
        double m = (init.CPt + init.LambdaPt) * (r * r / Math.Sqrt(1 + r * r)) / cft;
        return (l, (1 - l) * m, m, cft);
    }
}
