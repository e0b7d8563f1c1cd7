using TransferLab.Data;
using TransferLab.Training;
using TransferLab.Validation;

namespace TransferLab.Theory.Shachaf2021;

/// <summary>Which formula to use for the expected risk.</summary>
public enum LinearTheoryMethod
{
    /// <summary>Isotropic exact formula when Σ = s·I, otherwise the deterministic equivalent.</summary>
    Auto,
    /// <summary>Exact finite-n formula for Σ = s·I (error for other covariances).</summary>
    IsotropicExact,
    /// <summary>Proportional-limit deterministic equivalent for any spectrum.</summary>
    DeterministicEquivalent,
}

/// <summary>
/// Expected risk of linear regression fine-tuned by gradient descent from θ_S versus trained from
/// scratch (Shachaf et al. 2021, linear-regression section). Fine-tuning from θ_S is exactly "learning
/// θ_T − θ_S from scratch" (docs/shachaf2021.md §2.1a), so both protocols are the same formula with w = θ₀ − θ_T.
/// </summary>
public static class LinearFineTuningTheory
{
    /// <summary>The initialization a protocol starts from.</summary>
    public static double[] Initialization(LinearTask task, TransferProtocol protocol) => protocol switch
    {
        TransferProtocol.Scratch => new double[task.Dimension],
        _ => task.Teachers.Source,
    };

    /// <summary>Expected excess risk of <paramref name="protocol"/> with n target samples.</summary>
    public static RiskPrediction Predict(LinearTask task, int n, TransferProtocol protocol, LinearTheoryMethod method = LinearTheoryMethod.Auto)
    {
        Require.AtLeast("n", n, 0);
        var cov = task.Covariance;
        var w = Numerics.Vec.Subtract(Initialization(task, protocol), task.Teachers.Target);
        if (protocol == TransferProtocol.ZeroShot)
            return new RiskPrediction(n, "zero-shot-exact", cov.Norm2(w), 0);
        bool isotropic = cov.Eigenvalues.All(l => l == cov.Eigenvalues[0]);
        if (method == LinearTheoryMethod.IsotropicExact && !isotropic)
            throw new ParameterException("method", "isotropic-exact", "needs an isotropic covariance (Σ = s·I); use deterministic-equivalent");
        if (method == LinearTheoryMethod.IsotropicExact || (method == LinearTheoryMethod.Auto && isotropic))
            return IsotropicRisk.Predict(cov.Dimension, n, cov.Eigenvalues[0], Numerics.Vec.NormSquared(w), task.NoiseSd);
        return new DeterministicEquivalent(cov.Eigenvalues, n).Predict(cov.ToEigenbasis(w), task.NoiseSd);
    }
}
