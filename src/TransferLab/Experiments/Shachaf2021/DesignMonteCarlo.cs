using TransferLab.Data;
using TransferLab.Theory.Shachaf2021;
using TransferLab.Training;
using TransferLab.Validation;

namespace TransferLab.Experiments.Shachaf2021;

/// <summary>
/// Exact finite-n expected risk for a general covariance by Monte Carlo over designs X only: the
/// label-noise average is done in closed form per design (<see cref="ConditionalRisk"/>), so the
/// estimate's only randomness is the design. Returns mean and standard error. It checks the deterministic
/// equivalent of Shachaf et al. 2021 (<see cref="DeterministicEquivalent"/>) at finite n; a simulation, so it
/// lives in Experiments (docs/architecture.md: Theory holds formulas only).
/// </summary>
public static class DesignMonteCarlo
{
    /// <summary>Mean and standard error of E_ξ risk over <paramref name="designs"/> random designs.</summary>
    public static (double Mean, double StandardError, double MeanBias, double MeanVariance) ExpectedRisk(
        LinearTask task, int n, TransferProtocol protocol, int designs, ulong seed, int threads = 1)
    {
        ArgumentNullException.ThrowIfNull(task);
        Require.Positive("seeds", designs);
        Require.AtLeast("n", n, 1);
        var theta0 = LinearFineTuningTheory.Initialization(task, protocol);
        var res = ParallelRunner.Map([n], designs, seed, (nn, _, rng) =>
        {
            var x = task.Covariance.Sample(nn, rng);
            return ConditionalRisk.Compute(x, task.Covariance, theta0, task.Teachers.Target, task.NoiseSd);
        }, threads);
        var totals = new double[designs];
        double b = 0, v = 0;
        for (int r = 0; r < designs; r++)
        {
            totals[r] = res[0, r].Bias + res[0, r].Variance;
            b += res[0, r].Bias;
            v += res[0, r].Variance;
        }
        var (mean, se) = Statistics.MeanAndStandardError(totals);
        return (mean, se, b / designs, v / designs);
    }
}
