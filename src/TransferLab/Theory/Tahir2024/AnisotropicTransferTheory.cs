using TransferLab.Data;
using TransferLab.Numerics;
using TransferLab.Theory.Shachaf2021;
using TransferLab.Validation;

namespace TransferLab.Theory.Tahir2024;

/// <summary>Deep-linear transfer risks ‖β̂ − β_t‖²_Σ (σ² excluded) for Gaussian inputs x ~ N(0, Σ) and fixed teachers.</summary>
/// <param name="Scratch">Min-norm interpolant / OLS: linear deterministic equivalent with θ₀ = 0 (exact OLS variance for n ≥ rank Σ).</param>
/// <param name="LinearTransfer">Readout refit on the rank-one features along β_s, n → ∞ (λ = readout ridge).</param>
/// <param name="LinearTransferFiniteN">Unregularised readout at this n: exact mean R∞ + (R∞ + σ²)/(n − 2).</param>
/// <param name="FineTunePaper">Fine-tuning with the paper's c = 1 (the min-distance interpolant from β_s).</param>
/// <param name="FineTuneScaleFactor">The balanced-flow factor c_L from the design-averaged norms.</param>
/// <param name="FineTuneDepth">Fine-tuning with c_L (depth L).</param>
/// <param name="FrozenFirstLayerFloor">Risk floor of linear transfer / a frozen first layer: ‖β_t‖²_Σ − (β_sᵀΣβ_t)²/‖β_s‖²_Σ.</param>
/// <param name="KL">KL(p_s‖p_t) = ‖β_s − β_t‖²_Σ/(2σ²) (+∞ at σ = 0).</param>
public sealed record AnisotropicTransferRisks(double Scratch, double LinearTransfer, double LinearTransferFiniteN, double FineTunePaper,
    double FineTuneScaleFactor, double FineTuneDepth, double FrozenFirstLayerFloor, double KL)
{
    /// <summary>T_lt = R_sc − R_lt.</summary>
    public double TransferabilityLinearTransfer => Scratch - LinearTransfer;
    /// <summary>T_ft with c = 1.</summary>
    public double TransferabilityFineTunePaper => Scratch - FineTunePaper;
    /// <summary>T_ft with c_L.</summary>
    public double TransferabilityFineTuneDepth => Scratch - FineTuneDepth;
}

/// <summary>
/// The Features-are-fate protocols under a general input covariance Σ (the authors' rebuttal: the gradient-flow results hold
/// for Gaussian data with any covariance; the risks are not in the paper). The pretrained features are still rank one along
/// β_s (the population source loss ½‖β − β_s‖²_Σ has the unique minimiser β_s, and balancedness forces rank one), so:
/// <list type="bullet">
/// <item>scratch = min-norm interpolant: the linear deterministic equivalent (<see cref="DeterministicEquivalent"/>) with θ₀ = 0;</item>
/// <item>linear transfer: z = Xβ_s and y − b*z (b* = B/A) are independent Gaussians, so b → B/(A + λ) and
/// R_lt = ‖β_t‖²_Σ − B²(A + 2λ)/(A + λ)², with A = ‖β_s‖²_Σ, B = β_sᵀΣβ_t; at finite n and λ = 0 the mean is exactly
/// R∞ + (R∞ + σ²)/(n − 2);</item>
/// <item>fine-tuning: the c_L law is design-level, so its risk is <see cref="DeepDeterministicEquivalent"/> (c = 1 at depth 1).</item>
/// </list>
/// Only the isotropic case has the closed-form phase boundaries, the optimal-ridge baseline, the break-even angle and the
/// finite-source (App. C) formulas; those are not offered here.
/// </summary>
public static class AnisotropicTransferTheory
{
    /// <summary>Every protocol's risk for <paramref name="task"/> (its Σ, teachers and σ) at n target samples and depth L.</summary>
    public static AnisotropicTransferRisks Predict(LinearTask task, int n, double depth, double lambda = 0)
    {
        ArgumentNullException.ThrowIfNull(task);
        Require.Positive("n", n);
        Require.NonNegative("lambda", lambda);
        if (double.IsNaN(depth) || depth < 1) throw new ParameterException("depth", depth, "must be ≥ 1 (or infinite)");
        var cov = task.Covariance;
        double sigma = task.NoiseSd;
        var de = new DeterministicEquivalent(cov.Eigenvalues, n);
        var tEig = cov.ToEigenbasis(task.Teachers.Target);
        double scratch = de.Bias(Vec.Scaled(tEig, -1)) + de.Variance(sigma);

        double a = cov.Norm2(task.Teachers.Source), b = cov.Inner(task.Teachers.Source, task.Teachers.Target), t = cov.Norm2(task.Teachers.Target);
        if (!(a > 0)) throw new ParameterException("overlap", "‖β_s‖_Σ = 0", "the source teacher must not lie in the null space of Σ");
        double floor = Math.Max(0, t - b * b / a);
        double lt = LinearTransferRisk.RidgeRefit(t, a, b, lambda);
        double ltFinite = LinearTransferRisk.FiniteN(floor, n, sigma);

        double ftPaper, ftDepth, c;
        if (de.Underparameterized)
        {
            // n ≥ rank Σ: the interpolant is unique and fine-tuning forgets its start at every depth
            ftPaper = ftDepth = scratch;
            c = 1;
        }
        else
        {
            ftPaper = DeepDeterministicEquivalent.Predict(task, n, 1).Excess;
            var deep = DeepDeterministicEquivalent.Predict(task, n, depth);
            ftDepth = deep.Excess;
            c = deep.ScaleFactor;
        }
        double kl = sigma > 0 ? cov.Norm2(task.Teachers.Difference) / (2 * sigma * sigma) : double.PositiveInfinity;
        return new AnisotropicTransferRisks(scratch, lt, ltFinite, ftPaper, c, ftDepth, floor, kl);
    }
}
