using TransferLab.Data;
using TransferLab.Numerics;
using TransferLab.Validation;

namespace TransferLab.Theory.Shachaf2021;

/// <summary>Proportional-limit prediction for deep fine-tuning under a general input covariance.</summary>
/// <param name="ScaleFactor">c_L from the averaged norms.</param>
/// <param name="Bias">Bias of the linear problem with w = c_Lθ_S − θ_T.</param>
/// <param name="Variance">Noise term (independent of θ_S and of depth).</param>
public sealed record DeepRiskPrediction(double ScaleFactor, double Bias, double Variance)
{
    /// <summary>Bias + variance (excess risk, σ² excluded).</summary>
    public double Excess => Bias + Variance;
}

/// <summary>
/// Deterministic equivalent of the deep fine-tuning risk for Gaussian inputs with covariance Σ (docs/shachaf2021.md §2.2 item 8,
/// reconstructed and checked against Monte Carlo in our tests). It reuses the linear deterministic equivalent
/// (<see cref="DeterministicEquivalent"/>, κ root of Σλ_i/(λ_i + κ) = n):
/// a = ‖θ_S‖², b ≈ E‖Qθ_S‖² = κΣ s_i²/(λ_i + κ), q ≈ E‖X⁺y‖² = Σλ_i t_i²/(λ_i + κ) + σ²Σλ_i/(λ_i + κ)²/(n − df₂);
/// then c_L solves a·c^{2L/(L−1)} = q + b·c², and the risk is the linear bias with w = c_Lθ_S − θ_T plus the linear variance.
/// Requires n &lt; rank Σ (an interpolation regime).
/// </summary>
public static class DeepDeterministicEquivalent
{
    /// <summary>Predicts the excess risk ‖θ_FT(L) − θ_T‖²_Σ averaged over designs of n samples.</summary>
    public static DeepRiskPrediction Predict(LinearTask task, int n, double depth)
    {
        ArgumentNullException.ThrowIfNull(task);
        var de = new DeterministicEquivalent(task.Covariance.Eigenvalues, Require.Positive("n", n));
        if (de.Underparameterized)
            throw new ParameterException("n", n, $"must be below rank Σ = {task.Covariance.Rank} (for n ≥ rank the source is forgotten at every depth)");
        var s = task.Covariance.ToEigenbasis(task.Teachers.Source);
        var t = task.Covariance.ToEigenbasis(task.Teachers.Target);
        double k = de.Kappa, noiseTrace = 0;
        foreach (double l in task.Covariance.Eigenvalues) noiseTrace += l / ((l + k) * (l + k));
        double variance2 = task.NoiseSd * task.NoiseSd * noiseTrace / (n - de.Df2);
        double c = DeepDepthScaleFactor.Solve(Vec.NormSquared(task.Teachers.Source), de.ExpectedUnseenNorm2(s),
            de.ExpectedSeenNorm2(t) + variance2, depth);
        var w = Vec.Scaled(s, c);
        Vec.Axpy(-1, t, w);
        return new DeepRiskPrediction(c, de.Bias(w), de.Variance(task.NoiseSd));
    }
}
