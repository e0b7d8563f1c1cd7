using TransferLab.Data;
using TransferLab.Numerics;
using TransferLab.Theory.Shachaf2021;
using TransferLab.Training;

namespace TransferLab.Experiments.Shachaf2021;

/// <summary>How a real-row simulation labels the sampled rows.</summary>
public enum RealRowLabels
{
    /// <summary>y = xᵀθ_T + ξ with Gaussian ξ of the task's residual variance, averaged in closed form (<see cref="ConditionalRisk"/>): only the design is real.</summary>
    Teacher,
    /// <summary>The rows' own real labels: design and noise are both the data's (the noise is neither Gaussian nor independent of x).</summary>
    Real,
}

/// <summary>
/// Simulation of linear fine-tuning that samples real rows (not Gaussian draws) from a <see cref="RealLinearPool"/>: n rows
/// without replacement, the exact limit of gradient descent from θ₀ (θ_S for fine-tuning, 0 for scratch) and the exact excess
/// risk ‖θ̂ − θ_T‖²_Σ̂ on the pool. Next to <see cref="LinearFineTuningTheory"/> evaluated with the pool's Σ̂ it shows where the
/// Gaussian-design theory of Shachaf et al. 2021 holds on real rows (docs/realdata.md §2).
/// </summary>
public static class RealRowRisk
{
    /// <summary>One draw: the excess risk of the interpolant closest to <paramref name="theta0"/> fitted on n sampled rows.</summary>
    public static double Draw(RealLinearPool pool, RealLabelTask task, ReadOnlySpan<double> theta0, int n, RealRowLabels labels, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(task);
        Validation.Require.InRange("n", n, 1, pool.Count);
        var idx = RowSampling.SampleRows(pool.Count, n, rng);
        var x = RowSampling.Rows(pool.X, idx, 0, n);
        if (labels == RealRowLabels.Teacher)
        {
            var (bias, variance) = ConditionalRisk.Compute(x, pool.Covariance, theta0, task.Theta, Math.Sqrt(task.ResidualVariance));
            return bias + variance;
        }
        var y = idx.Select(i => task.Labels[i]).ToArray();
        var theta = MinimumDistanceInterpolant.Solve(x, y, theta0);
        return pool.Covariance.Norm2(Vec.Subtract(theta, task.Theta));
    }

    /// <summary>
    /// The interpolated sample size at which a risk curve first reaches <paramref name="epsilon"/>: the curve starts at
    /// (0, <paramref name="riskAtZero"/>) and is linear in n between the points of the grid <paramref name="ns"/>. 0 when it starts
    /// below ε, null when it never gets there on the grid.
    /// </summary>
    public static double? Crossing(IReadOnlyList<int> ns, IReadOnlyList<double> risks, double riskAtZero, double epsilon)
    {
        ArgumentNullException.ThrowIfNull(ns);
        ArgumentNullException.ThrowIfNull(risks);
        if (riskAtZero <= epsilon) return 0;
        double n0 = 0, r0 = riskAtZero;
        for (int j = 0; j < ns.Count; j++)
        {
            double n1 = ns[j], r1 = risks[j];
            if (r1 <= epsilon) return n0 + (n1 - n0) * (r0 - epsilon) / (r0 - r1);
            (n0, r0) = (n1, r1);
        }
        return null;
    }
}
