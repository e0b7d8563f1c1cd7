using TransferLab.Numerics;
using TransferLab.Validation;

namespace TransferLab.Data;

/// <summary>
/// A linear-teacher fine-tuning task: Gaussian target inputs x ~ N(0, Σ), labels y = θ_Tᵀx + ξ with
/// ξ ~ N(0, σ²), and a pretrained source solution θ_S.
/// </summary>
public sealed record LinearTask(CovarianceModel Covariance, LinearTeacherPair Teachers, double NoiseSd)
{
    /// <summary>Validates shapes and σ ≥ 0.</summary>
    public static LinearTask Create(CovarianceModel covariance, LinearTeacherPair teachers, double noiseSd)
    {
        Require.NonNegative("sigma", noiseSd);
        if (teachers.Dimension != covariance.Dimension)
            throw new ParameterException("d", $"teachers have dimension {teachers.Dimension} but the covariance has {covariance.Dimension}");
        return new(covariance, teachers, noiseSd);
    }

    /// <summary>Dimension d.</summary>
    public int Dimension => Covariance.Dimension;

    /// <summary>Draws n target samples (X, y).</summary>
    public (Matrix X, double[] Y) SampleTarget(int n, Rng rng)
    {
        var x = Covariance.Sample(n, rng);
        var y = LinearAlgebra.Multiply(x, Teachers.Target);
        if (NoiseSd > 0)
            for (int i = 0; i < n; i++) y[i] += NoiseSd * rng.NextGaussian();
        return (x, y);
    }

    /// <summary>Excess population risk ‖θ − θ_T‖²_Σ (add σ² for the risk on noisy labels).</summary>
    public double ExcessRisk(ReadOnlySpan<double> theta) => Covariance.Norm2(Vec.Subtract(theta, Teachers.Target));
}
