using TransferLab.Data;
using TransferLab.Experiments;
using TransferLab.Experiments.Shachaf2021;
using TransferLab.Numerics;
using TransferLab.Theory.Shachaf2021;
using TransferLab.Training;
using TransferLab.Validation;

namespace TransferLab.Tests.Shachaf2021;

public class LinearFineTuningTests
{
    [Theory]
    [InlineData(12, 30)] // n < d: interpolant closest to θ0
    [InlineData(40, 10)] // n > d: least squares
    public void GradientDescentConvergesToTheExactLimit(int n, int d)
    {
        var rng = new Rng(21);
        var x = rng.GaussianMatrix(n, d);
        var y = rng.Gaussian(n);
        var theta0 = rng.Gaussian(d);
        var gd = LinearGradientDescent.Run(x, y, theta0, relativeTolerance: 1e-12);
        Assert.True(gd.Converged);
        var exact = MinimumDistanceInterpolant.Solve(x, y, theta0);
        Assert.True(Vec.MaxAbsDiff(gd.Theta, exact) < 1e-8, $"max diff {Vec.MaxAbsDiff(gd.Theta, exact)}");
        if (n < d)
        {
            // Independent characterisation: interpolates, and θ − θ0 lies in the row space (= Xᵀa).
            var resid = LinearAlgebra.Multiply(x, exact);
            for (int i = 0; i < n; i++) Assert.Equal(y[i], resid[i], 9);
            var a = LinearAlgebra.LeastSquares(x.Transpose(), Vec.Subtract(exact, theta0));
            var back = LinearAlgebra.Multiply(x, a, Op.Transpose);
            Assert.True(Vec.MaxAbsDiff(back, Vec.Subtract(exact, theta0)) < 1e-9);
        }
    }

    [Fact]
    public void GradientDescentReportsNonConvergence()
    {
        var rng = new Rng(3);
        var x = rng.GaussianMatrix(20, 25);
        var gd = LinearGradientDescent.Run(x, rng.Gaussian(20), new double[25], relativeTolerance: 1e-14, maxIterations: 3);
        Assert.False(gd.Converged);
        Assert.Equal(3, gd.Iterations);
    }

    /// <summary>Full simulation (noise drawn, interpolant solved) against the closed form, within 4 SE.</summary>
    [Theory]
    [InlineData(10, 0.5)]
    [InlineData(25, 0.3)]
    [InlineData(60, 0.5)]
    public void IsotropicClosedFormMatchesSimulation(int n, double sigma)
    {
        const int d = 40, reps = 3000;
        var rng = new Rng(5);
        var task = LinearTask.Create(CovarianceModel.Isotropic(d, 2.0), LinearTeacherPair.ScaledNoisyCopy(d, 1.5, 0.8, rng), sigma);
        foreach (var protocol in new[] { TransferProtocol.FineTune, TransferProtocol.Scratch })
        {
            var theta0 = LinearFineTuningTheory.Initialization(task, protocol);
            var risks = ParallelRunner.Map([n], reps, 77, (nn, _, r) =>
            {
                var (x, y) = task.SampleTarget(nn, r);
                return task.ExcessRisk(MinimumDistanceInterpolant.Solve(x, y, theta0));
            }, threads: 2);
            var xs = Enumerable.Range(0, reps).Select(i => risks[0, i]).ToArray();
            var (mean, se) = Statistics.MeanAndStandardError(xs);
            // Independent closed form written out here: s(1 − n/d)‖w‖² + σ² n/(d − n − 1), or σ² d/(n − d − 1).
            double w2 = Vec.NormSquared(Vec.Subtract(theta0, task.Teachers.Target));
            double expect = n < d ? 2.0 * (1 - (double)n / d) * w2 + sigma * sigma * n / (d - n - 1.0) : sigma * sigma * d / (n - d - 1.0);
            Assert.Equal(expect, LinearFineTuningTheory.Predict(task, n, protocol).Excess, 12);
            Assert.True(Math.Abs(mean - expect) < 4 * se, $"{protocol} n={n}: simulated {mean}±{se}, theory {expect}");
        }
    }

    [Fact]
    public void ConditionalRiskEqualsNoiseAverageForAFixedDesign()
    {
        var rng = new Rng(8);
        var cov = CovarianceModel.PowerLaw(30, 1.0).Rotated(rng);
        var task = LinearTask.Create(cov, LinearTeacherPair.AtAngle(30, 0.7, 1.0, 1.3, rng), 0.4);
        var x = cov.Sample(12, rng);
        var clean = LinearAlgebra.Multiply(x, task.Teachers.Target);
        var (bias, variance) = ConditionalRisk.Compute(x, cov, task.Teachers.Source, task.Teachers.Target, 0.4);
        const int reps = 4000;
        var vals = new double[reps];
        for (int r = 0; r < reps; r++)
        {
            var y = clean.Select(v => v + 0.4 * rng.NextGaussian()).ToArray();
            vals[r] = task.ExcessRisk(MinimumDistanceInterpolant.Solve(x, y, task.Teachers.Source));
        }
        var (mean, se) = Statistics.MeanAndStandardError(vals);
        Assert.True(Math.Abs(mean - (bias + variance)) < 4 * se, $"{mean}±{se} vs {bias + variance}");
        // Noiseless: the bias is the risk itself.
        Assert.Equal(task.ExcessRisk(MinimumDistanceInterpolant.Solve(x, clean, task.Teachers.Source)), bias, 10);
    }

    [Fact]
    public void KappaSolvesItsEquationAndHasTheIsotropicClosedForm()
    {
        // Isotropic: d/(1 + κ) = n ⇒ κ = d/n − 1.
        Assert.Equal(300.0 / 40 - 1, DeterministicEquivalent.SolveKappa(Enumerable.Repeat(1.0, 300).ToArray(), 40), 10);
        var lambda = Enumerable.Range(1, 500).Select(i => 1.0 / i).ToArray();
        double k = DeterministicEquivalent.SolveKappa(lambda, 37);
        Assert.Equal(37.0, lambda.Sum(l => l / (l + k)), 9);
    }

    [Fact]
    public void IsotropicDeterministicEquivalentReducesToTheLimitFormula()
    {
        // Σ = I: bias (1 − n/d)‖w‖², variance σ² n/(d − n) (docs/shachaf2021.md §2.1c check).
        int d = 200, n = 50;
        var w = new Rng(1).Gaussian(d);
        var de = new DeterministicEquivalent(Enumerable.Repeat(1.0, d).ToArray(), n);
        Assert.Equal((1 - (double)n / d) * Vec.NormSquared(w), de.Bias(w), 9);
        Assert.Equal(0.09 * n / (d - n), de.Variance(0.3), 12);
    }

    /// <summary>Deterministic equivalent vs Monte Carlo over designs for a power-law spectrum (docs/shachaf2021.md §2.1c reports a few % at these sizes).</summary>
    [Theory]
    [InlineData(40, 0.0)]
    [InlineData(100, 0.0)]
    [InlineData(100, 0.5)]
    public void DeterministicEquivalentMatchesMonteCarloForPowerLaw(int n, double sigma)
    {
        int d = 300;
        var rng = new Rng(11);
        var cov = CovarianceModel.PowerLaw(d, 1.0);
        var task = LinearTask.Create(cov, LinearTeacherPair.DifferenceInEigendirections(cov, 0, d, 3.0, rng), sigma);
        var theory = LinearFineTuningTheory.Predict(task, n, TransferProtocol.FineTune);
        Assert.Equal("deterministic-equivalent", theory.Method);
        var mc = DesignMonteCarlo.ExpectedRisk(task, n, TransferProtocol.FineTune, 150, 5, threads: 2);
        double tol = 0.06 * theory.Excess + 3 * mc.StandardError;
        Assert.True(Math.Abs(mc.Mean - theory.Excess) < tol, $"n={n}: MC {mc.Mean}±{mc.StandardError}, theory {theory.Excess}");
    }

    [Fact]
    public void UnderparameterizedRegimeForgetsTheSource()
    {
        var rng = new Rng(2);
        var cov = CovarianceModel.PowerLaw(20, 1.0);
        var task = LinearTask.Create(cov, LinearTeacherPair.AtAngle(20, 1.0, 1, 1, rng), 0.5);
        var ft = LinearFineTuningTheory.Predict(task, 50, TransferProtocol.FineTune);
        var sc = LinearFineTuningTheory.Predict(task, 50, TransferProtocol.Scratch);
        Assert.Equal(0, ft.Bias);
        Assert.Equal(ft.Excess, sc.Excess);
        Assert.Equal(0.25 * 20 / (50 - 20 - 1.0), ft.Variance, 12);
    }

    [Fact]
    public void IsotropicSampleComplexityMatchesClosedForm()
    {
        int d = 100;
        var rng = new Rng(4);
        var pair = LinearTeacherPair.ScaledNoisyCopy(d, 1.0, 0.5, rng); // ‖w‖ = 0.5
        var task = LinearTask.Create(CovarianceModel.Isotropic(d), pair, 0);
        double w2 = Vec.NormSquared(pair.Difference), t2 = Vec.NormSquared(pair.Target);
        double eps = 0.1;
        var sc = SampleComplexity.Compute(task, eps, d);
        Assert.Equal((int)Math.Ceiling(d * (1 - eps / w2) - 1e-9), sc.FineTune);
        Assert.Equal((int)Math.Ceiling(d * (1 - eps / t2) - 1e-9), sc.Scratch);
    }

    [Fact]
    public void TsiglerBartlettBoundMatchesBruteForce()
    {
        var lambda = new[] { 5.0, 2.0, 1.0, 0.5, 0.5, 0.25, 0.25, 0.25, 0.1, 0.1 };
        var w = new[] { 1.0, -0.5, 0.3, 0.2, 0.0, 0.4, -0.1, 0.2, 0.3, -0.2 };
        int n = 3;
        double best = double.PositiveInfinity;
        for (int k = 0; k < lambda.Length; k++)
        {
            double tail = lambda.Skip(k).Sum();
            if (tail / lambda[k] < n) continue;
            double b = Enumerable.Range(k, lambda.Length - k).Sum(i => lambda[i] * w[i] * w[i])
                       + Enumerable.Range(0, k).Sum(i => w[i] * w[i] / lambda[i]) * Math.Pow(tail / n, 2);
            best = Math.Min(best, b);
        }
        Assert.Equal(best, SimilarityMeasures.TsiglerBartlett(lambda, w, n).Bound, 12);
    }
}
