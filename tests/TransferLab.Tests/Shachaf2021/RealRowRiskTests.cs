using TransferLab.Data;
using TransferLab.Experiments;
using TransferLab.Experiments.Shachaf2021;
using TransferLab.Experiments.Tahir2024;
using TransferLab.Numerics;

namespace TransferLab.Tests.Shachaf2021;

/// <summary>
/// The real-row simulation of linear fine-tuning (docs/realdata.md §2) on generated pools with answers computed here
/// independently: exact enumeration over single rows, the pool-risk identity, principal components of data with a known
/// covariance, and the interpolation of crossing points.
/// </summary>
public sealed class RealRowRiskTests
{
    /// <summary>A small non-Gaussian pool: centred rows with skewed, dependent coordinates and 4 classes.</summary>
    private static RealLinearPool SkewedPool(int n, int d, ulong seed)
    {
        var rng = new Rng(seed);
        var x = new Matrix(n, d);
        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            labels[i] = rng.NextInt(4);
            double e = -Math.Log(1 - rng.NextDouble());
            for (int j = 0; j < d; j++) x[i, j] = (j + 1) * (rng.NextGaussian() * e + (j == labels[i] ? 1.5 : 0));
        }
        var mu = new double[d];
        for (int i = 0; i < n; i++) Vec.Axpy(1.0 / n, x.Row(i), mu);
        for (int i = 0; i < n; i++) Vec.Axpy(-1.0, mu, x.Row(i));
        return RealLinearPool.Create(x, labels, "generated");
    }

    [Fact]
    public void PoolRiskIsExcessRiskPlusResidualForTheLeastSquaresTeacher()
    {
        var pool = SkewedPool(500, 4, 3);
        var task = pool.Task("class 1 vs rest", [1]);
        var rng = new Rng(9);
        double best = pool.PoolRisk(task.Theta, task.Labels);
        Assert.Equal(task.ResidualVariance, best, 12);
        for (int k = 0; k < 5; k++)
        {
            var theta = rng.Gaussian(4, 0.3);
            // Direct (1/N)Σ(y − xᵀθ)² against ‖θ − θ_T‖²_Σ̂ + residual: equal because the residual is orthogonal to every column.
            Assert.Equal(pool.PoolRisk(theta, task.Labels), pool.Covariance.Norm2(Vec.Subtract(theta, task.Theta)) + task.ResidualVariance, 10);
        }
        // The residual is orthogonal to the columns (normal equations), checked directly.
        var fit = LinearAlgebra.Multiply(pool.X, task.Theta);
        for (int j = 0; j < 4; j++)
        {
            double s = 0;
            for (int i = 0; i < pool.Count; i++) s += pool.X[i, j] * (task.Labels[i] - fit[i]);
            Assert.True(Math.Abs(s / pool.Count) < 1e-10, $"column {j}: {s / pool.Count}");
        }
    }

    [Fact]
    public void OneRowDrawsMatchExactEnumerationOverThePool()
    {
        var pool = SkewedPool(60, 3, 5);
        var target = pool.Task("class 2 vs rest", [2]);
        var theta0 = pool.Task("class 0 vs rest", [0]).Theta;
        // Exact expectations over a uniformly drawn single row x: θ̂ = θ₀ + x(y − xᵀθ₀)/‖x‖².
        double teacher = 0, real = 0;
        double sigma2 = target.ResidualVariance;
        for (int i = 0; i < pool.Count; i++)
        {
            var x = pool.X.Row(i).ToArray();
            double xx = Vec.Dot(x, x);
            var w = Vec.Subtract(theta0, target.Theta);
            var qw = w.ToArray();
            Vec.Axpy(-Vec.Dot(x, w) / xx, x, qw); // (I − xxᵀ/‖x‖²)w
            teacher += pool.Covariance.Norm2(qw) + sigma2 * pool.Covariance.Norm2(x) / (xx * xx); // bias + σ² xᵀΣx/‖x‖⁴
            var th = theta0.ToArray();
            Vec.Axpy((target.Labels[i] - Vec.Dot(x, theta0)) / xx, x, th);
            real += pool.Covariance.Norm2(Vec.Subtract(th, target.Theta));
        }
        teacher /= pool.Count;
        real /= pool.Count;
        foreach (var (labels, exact) in new[] { (RealRowLabels.Teacher, teacher), (RealRowLabels.Real, real) })
        {
            var draws = Enumerable.Range(0, 4000).Select(r => RealRowRisk.Draw(pool, target, theta0, 1, labels, SeedSequence.For(11, r))).ToArray();
            var (mean, se) = Statistics.MeanAndStandardError(draws);
            Assert.True(Math.Abs(mean - exact) <= 4 * se, $"{labels}: {mean} ± {se} vs exact {exact}");
        }
    }

    [Fact]
    public void AllRowsRecoverTheTeacherAndItsRisk()
    {
        var pool = SkewedPool(40, 3, 8);
        var target = pool.Task("class 3 vs rest", [3]);
        // n = N: the least-squares fit on the whole pool is the teacher itself (zero excess risk).
        Assert.Equal(0.0, RealRowRisk.Draw(pool, target, new double[3], pool.Count, RealRowLabels.Real, new Rng(1)), 10);
        // Teacher labels with noise: the exact variance σ² tr(Σ̂ (XᵀX)⁻¹) = σ² d/N when the design is the pool itself.
        double v = RealRowRisk.Draw(pool, target, new double[3], pool.Count, RealRowLabels.Teacher, new Rng(1));
        Assert.Equal(target.ResidualVariance * 3 / pool.Count, v, 10);
    }

    [Fact]
    public void PrincipalComponentsRecoverAKnownCovariance()
    {
        // Rows μ ± c_k q_k (k = 1..p) have mean μ and covariance Σ_k (c_k²/p) q_k q_kᵀ exactly.
        int p = 5;
        var rng = new Rng(4);
        var q = CovarianceModel.Isotropic(p).Rotated(rng).Basis!;
        double[] c = [3, 2, 1.5, 1, 0.5];
        var mu = rng.Gaussian(p, 1);
        var x = new Matrix(2 * p, p);
        for (int k = 0; k < p; k++)
            for (int j = 0; j < p; j++)
            {
                x[2 * k, j] = mu[j] + c[k] * q[j, k];
                x[2 * k + 1, j] = mu[j] - c[k] * q[j, k];
            }
        var pcs = PrincipalComponents.Fit(x, 3);
        for (int k = 0; k < p; k++) Assert.Equal(c[k] * c[k] / p, pcs.Eigenvalues[k], 10);
        for (int k = 0; k < 3; k++)
            Assert.Equal(1.0, Math.Abs(Vec.Dot(pcs.Vectors.Column(k), q.Column(k))), 10);
        for (int j = 0; j < p; j++) Assert.Equal(mu[j], pcs.Mean[j], 12);
        // Centred, not whitened: the projected coordinates have covariance diag(λ_1..λ_3) on the fit rows.
        var z = pcs.Project(x);
        for (int a = 0; a < 3; a++)
            for (int b = 0; b < 3; b++)
            {
                double s = 0;
                for (int i = 0; i < z.Rows; i++) s += z[i, a] * z[i, b];
                Assert.Equal(a == b ? pcs.Eigenvalues[a] : 0.0, s / z.Rows, 10);
            }
        double l2 = c.Sum(v => Math.Pow(v * v / p, 2)), l1 = c.Sum(v => v * v / p);
        Assert.Equal(l1 * l1 / l2, pcs.EffectiveRank, 10);
        Assert.Equal((c[0] * c[0] + c[1] * c[1]) / c.Sum(v => v * v), pcs.ExplainedFraction(2), 12);
    }

    [Fact]
    public void CrossingAndSignChangeInterpolateBetweenGridPoints()
    {
        int[] ns = [10, 20, 40];
        // From (0, 1): 0.6 at 10, 0.2 at 20 → ε = 0.4 is crossed halfway between 10 and 20.
        Assert.Equal(15.0, RealRowRisk.Crossing(ns, [0.6, 0.2, 0.1], 1.0, 0.4)!.Value, 12);
        Assert.Equal(5.0, RealRowRisk.Crossing(ns, [0.0, 0.0, 0.0], 1.0, 0.5)!.Value, 12);
        Assert.Equal(0.0, RealRowRisk.Crossing(ns, [0.6, 0.2, 0.1], 0.3, 0.4)!.Value);
        Assert.Null(RealRowRisk.Crossing(ns, [0.9, 0.8, 0.7], 1.0, 0.5));
        // T = +1 at 10, −1 at 40 (log-linear): the sign change is at √(10·40) = 20 in log n when 20 is skipped.
        Assert.Equal(20.0, TahirReluImageTrial.SignChange([10, 40], [1.0, -1.0])!.Value, 10);
        Assert.Null(TahirReluImageTrial.SignChange(ns, [1.0, 0.5, 0.2]));
        // Two changes (− + −): the last one, between 20 and 40, at √(20·40) when T is symmetric there.
        Assert.Equal(Math.Sqrt(800), TahirReluImageTrial.SignChange(ns, [-1.0, 2.0, -2.0])!.Value, 10);
    }
}
