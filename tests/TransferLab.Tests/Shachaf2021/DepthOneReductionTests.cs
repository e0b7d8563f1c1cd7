using TransferLab.Data;
using TransferLab.Models;
using TransferLab.Numerics;
using TransferLab.Theory.Shachaf2021;
using TransferLab.Training;

namespace TransferLab.Tests.Shachaf2021;

/// <summary>Depth 1 must reduce to the foundation's linear fine-tuning (Shachaf et al. §2.1), computed by the lead's code.</summary>
public class DepthOneReductionTests
{
    [Fact]
    public void DeepSolutionAndDeepGradientDescentAtDepthOneEqualTheLinearMinDistanceInterpolant()
    {
        var rng = new Rng(17);
        var pair = LinearTeacherPair.ScaledNoisyCopy(25, 0.7, 0.4, rng);
        var task = LinearTask.Create(CovarianceModel.Isotropic(25), pair, 0.3);
        var (x, y) = task.SampleTarget(9, rng);
        var linear = MinimumDistanceInterpolant.Solve(x, y, pair.Source);
        Assert.True(Vec.MaxAbsDiff(DeepFineTuningSolution.Compute(x, y, pair.Source, 1).Theta, linear) < 1e-10);
        var net = DeepLinearNetworkInit.BalancedRankOne(pair.Source, 1, null, rng);
        var loss = new EmpiricalSquaredLoss(x, y);
        var gd = DeepLinearProtocols.FineTune(net, loss, new DeepLinearTrainingOptions(DeepLinearGradientFlow.SuggestStep(loss, 1, 1, 0.5), RelativeGradientTolerance: 1e-12));
        Assert.True(gd.Converged);
        Assert.True(Vec.MaxAbsDiff(gd.EndToEnd, linear) < 1e-8);
    }

    [Fact]
    public void IsotropicDeterministicEquivalentAtDepthOneEqualsTheExactLinearRisk()
    {
        var rng = new Rng(18);
        var pair = LinearTeacherPair.ScaledNoisyCopy(120, 1.3, 0.5, rng);
        foreach (int n in new[] { 10, 60, 110 })
        {
            var (deep, c) = DeepFineTuningSolution.IsotropicAsymptoticRisk(n, 120, Vec.NormSquared(pair.Source), Vec.NormSquared(pair.Target),
                Vec.Dot(pair.Source, pair.Target), 0.4, 1);
            var linear = IsotropicRisk.Predict(120, n, 1.0, Vec.NormSquared(pair.Difference), 0.4);
            Assert.Equal(1.0, c);
            Assert.Equal(linear.Bias + linear.Variance, deep, 12);
        }
    }
}
