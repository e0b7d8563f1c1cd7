using TransferLab.Models;
using TransferLab.Numerics;
using TransferLab.Training;
using TransferLab.Validation;

namespace TransferLab.Tests.Models;

public class DeepLinearNetworkTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void BalancedRankOneInitReproducesThetaAndIsBalanced(int depth)
    {
        var rng = new Rng(3);
        var theta = rng.Gaussian(7);
        var net = DeepLinearNetworkInit.BalancedRankOne(theta, depth, [5], rng);
        Assert.True(Vec.MaxAbsDiff(net.EndToEnd(), theta) < 1e-12);
        Assert.True(net.Imbalance() < 1e-12);
        // every layer has the single singular value ‖θ‖^{1/L}
        foreach (var w in net.Layers)
            Assert.Equal(Math.Pow(Vec.Norm(theta), 1.0 / depth), LinearAlgebra.Svd(w).S[0], 10);
    }

    [Fact]
    public void GradientStepMatchesFiniteDifferences()
    {
        // One GD step with step η moves W by −η∇ℓ; compare ∇ℓ with central differences of the loss.
        var rng = new Rng(11);
        var net = DeepLinearNetworkInit.Random(4, 3, [3, 2], 0.8, DeepLinearInitKind.Gaussian, rng);
        var x = rng.GaussianMatrix(6, 4);
        var y = rng.Gaussian(6);
        var loss = new EmpiricalSquaredLoss(x, y);
        const double eta = 1e-3;
        var stepped = DeepLinearGradientFlow.Train(net, loss, new DeepLinearTrainingOptions(eta, MaxSteps: 1, RelativeGradientTolerance: 0, AbsoluteGradientTolerance: 0)).Network;
        for (int l = 0; l < net.Depth; l++)
            for (int i = 0; i < net.Layers[l].Data.Length; i++)
            {
                var plus = net.Clone(); plus.Layers[l].Data[i] += 1e-6;
                var minus = net.Clone(); minus.Layers[l].Data[i] -= 1e-6;
                double fd = (loss.Value(plus.EndToEnd()) - loss.Value(minus.EndToEnd())) / 2e-6;
                double analytic = (net.Layers[l].Data[i] - stepped.Layers[l].Data[i]) / eta;
                Assert.True(Math.Abs(fd - analytic) < 1e-6 * (1 + Math.Abs(fd)), $"layer {l} entry {i}: fd {fd} vs {analytic}");
            }
    }

    [Fact]
    public void BadDepthAndWidthsAreRejected()
    {
        var rng = new Rng(1);
        var e = Assert.Throws<ParameterException>(() => DeepLinearNetworkInit.Random(5, 0, null, 0.1, DeepLinearInitKind.Gaussian, rng));
        Assert.Equal("depth", e.Parameter);
        Assert.Throws<ParameterException>(() => DeepLinearNetworkInit.Random(5, 3, [4, 0], 0.1, DeepLinearInitKind.Gaussian, rng));
        Assert.Throws<ParameterException>(() => DeepLinearNetworkInit.Random(5, 3, [4, 4, 4], 0.1, DeepLinearInitKind.Gaussian, rng));
        Assert.Throws<ParameterException>(() => DeepLinearNetworkInit.Random(5, 2, null, -1, DeepLinearInitKind.Gaussian, rng));
    }
}
