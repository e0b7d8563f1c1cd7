using TransferLab.Data;
using TransferLab.Training;
using TransferLab.Validation;

namespace TransferLab.Theory.Shachaf2021;

/// <summary>
/// Sample complexity n*(ε) = min{ n : E L(θ̂_n) ≤ ε } of fine-tuning and of training from scratch
/// (docs/shachaf2021.md §1; the paper's exact definition — expectation vs high probability — is [U]; we use the
/// expectation). For isotropic Σ = s·I and σ = 0 this is d(1 − ε/(s‖w‖²))₊ rounded up (docs/shachaf2021.md §2.1b).
/// </summary>
public sealed record SampleComplexity(double Epsilon, int? FineTune, int? Scratch, int SearchedUpTo)
{
    /// <summary>Scratch / fine-tune sample-size ratio (the reduction factor), when both are finite and n*_FT &gt; 0.</summary>
    public double? Reduction => FineTune is int f && Scratch is int s && f > 0 ? (double)s / f : null;

    /// <summary>Searches n = 0, 1, …, <paramref name="nMax"/> with the theory predictor (risk need not be monotone when σ &gt; 0).</summary>
    public static SampleComplexity Compute(LinearTask task, double epsilon, int nMax, LinearTheoryMethod method = LinearTheoryMethod.Auto)
    {
        Require.Positive("epsilon", epsilon);
        Require.AtLeast("n-max", nMax, 0);
        int? Find(TransferProtocol p)
        {
            for (int n = 0; n <= nMax; n++)
            {
                double r = n == 0
                    ? task.Covariance.Norm2(Numerics.Vec.Subtract(LinearFineTuningTheory.Initialization(task, p), task.Teachers.Target))
                    : LinearFineTuningTheory.Predict(task, n, p, method).Excess;
                if (r <= epsilon) return n;
            }
            return null;
        }
        return new SampleComplexity(epsilon, Find(TransferProtocol.FineTune), Find(TransferProtocol.Scratch), nMax);
    }
}
