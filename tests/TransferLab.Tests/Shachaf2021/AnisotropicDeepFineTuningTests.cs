using TransferLab.Data;
using TransferLab.Models;
using TransferLab.Numerics;
using TransferLab.Theory.Shachaf2021;
using TransferLab.Training;

namespace TransferLab.Tests.Shachaf2021;

/// <summary>Deep fine-tuning with a non-isotropic input covariance (Shachaf et al.'s "covariance structure of the target data").</summary>
public class AnisotropicDeepFineTuningTests
{
    [Fact]
    public void GradientDescentFollowsTheCLawOnAnisotropicDesigns()
    {
        // The design-level theorem does not depend on Σ: GD on power-law data reaches X⁺y + c_L Qθ_S.
        var rng = new Rng(71);
        var cov = CovarianceModel.PowerLaw(12, 1.0).Rotated(rng);
        var pair = LinearTeacherPair.ScaledNoisyCopy(12, 1.6, 0.3, rng);
        var task = LinearTask.Create(cov, pair, 0.2);
        var (x, y) = task.SampleTarget(5, rng);
        var exact = DeepFineTuningSolution.Compute(x, y, pair.Source, 3);
        var net = DeepLinearNetworkInit.BalancedRankOne(pair.Source, 3, [6], rng);
        var loss = new EmpiricalSquaredLoss(x, y);
        double eta = DeepLinearGradientFlow.SuggestStep(loss, 3, 2.0, 0.05);
        var gd = DeepLinearGradientFlow.Train(net, loss, new DeepLinearTrainingOptions(eta, 400_000, 1e-9));
        Assert.True(gd.Converged);
        Assert.True(Vec.Norm(Vec.Subtract(gd.EndToEnd, exact.Theta)) < 2 * eta * Vec.Norm(exact.Theta), $"GD vs c_L: {Vec.Norm(Vec.Subtract(gd.EndToEnd, exact.Theta))}, η = {eta}");
    }

    [Theory]
    [InlineData(2.0)]
    [InlineData(5.0)]
    [InlineData(double.PositiveInfinity)]
    public void DeterministicEquivalentMatchesMonteCarloForPowerLawCovariance(double depth)
    {
        // docs/shachaf2021.md §2.2 item 8 reports agreement within a few % at d = 300, λ_i = 1/i, θ_T ≈ 1.5θ_S + noise.
        const int d = 300, n = 30, draws = 80;
        var rng = new Rng(72);
        var cov = CovarianceModel.PowerLaw(d, 1.0);
        var pair = LinearTeacherPair.ScaledNoisyCopy(d, 1.5, 0.5, rng);
        var task = LinearTask.Create(cov, pair, 0.1);
        var prediction = DeepDeterministicEquivalent.Predict(task, n, depth);
        var risks = new double[draws];
        var cs = new double[draws];
        for (int k = 0; k < draws; k++)
        {
            var (x, y) = task.SampleTarget(n, SeedSequence.For(73, k));
            var sol = DeepFineTuningSolution.Compute(x, y, pair.Source, depth);
            risks[k] = task.ExcessRisk(sol.Theta);
            cs[k] = sol.ScaleFactor;
        }
        double mean = risks.Average(), se = Math.Sqrt(risks.Sum(r => (r - mean) * (r - mean)) / (draws - 1) / draws);
        Assert.True(Math.Abs(mean - prediction.Excess) < 3 * se + 0.08 * prediction.Excess, $"L = {depth}: MC {mean} ± {se} vs {prediction.Excess}");
        Assert.Equal(prediction.ScaleFactor, cs.Average(), 1);
        // depth 1 reduces to the lead's linear deterministic equivalent
        if (depth == 2.0)
        {
            var lin = new DeterministicEquivalent(cov.Eigenvalues, n).Predict(cov.ToEigenbasis(pair.Difference), 0.1);
            Assert.Equal(lin.Bias + lin.Variance, DeepDeterministicEquivalent.Predict(task, n, 1).Excess, 10);
        }
    }
}
