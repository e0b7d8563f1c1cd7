using TransferLab.Models;
using TransferLab.Numerics;
using TransferLab.Training;

namespace TransferLab.Tests.Models;

/// <summary>
/// The deep-linear GD step of issue 15, item 4 (docs/benchmarks.md): the update fused with the next forward pass
/// reproduces the separate update bit for bit, and the moment form of the empirical gradient (n &gt; d) equals
/// Xᵀ(Xβ − y)/n computed directly.
/// </summary>
public class DeepLinearFusedStepTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(37)]
    [InlineData(64)]
    [InlineData(71)]
    public void AxpyThenDotEqualsAxpyFollowedByDotBitForBit(int length)
    {
        var rng = new Rng((ulong)(100 + length));
        var x = rng.Gaussian(length);
        var y = rng.Gaussian(length);
        var v = rng.Gaussian(length);
        double a = rng.NextGaussian();
        var fused = (double[])y.Clone();
        double dot = Vec.AxpyThenDot(a, x, fused, v);
        var separate = (double[])y.Clone();
        Vec.Axpy(a, x, separate);
        Assert.Equal(separate, fused);
        Assert.Equal(BitConverter.DoubleToInt64Bits(Vec.Dot(separate, v)), BitConverter.DoubleToInt64Bits(dot));
    }

    [Theory]
    [InlineData(true, true, true)]
    [InlineData(true, false, false)]
    [InlineData(true, false, true)]
    public void FusedTrainingMatchesTheSeparateUpdateBitForBit(bool first, bool second, bool third)
    {
        // The first layer trains, so the frozen-prefix reduction (tested below) is not taken.
        // d = 37 takes the SIMD path of the dot products with a scalar tail; n < d keeps the direct gradient.
        var rng = new Rng(21);
        int d = 37, n = 12, depth = 3;
        var x = rng.GaussianMatrix(n, d);
        var y = rng.Gaussian(n);
        var start = DeepLinearNetworkInit.BalancedRankOne(rng.Gaussian(d), depth, null, rng);
        var loss = new EmpiricalSquaredLoss(x, y);
        bool[] trainable = [first, second, third];
        const int steps = 40;
        const double eta = 0.002;
        var r = DeepLinearGradientFlow.Train(start, loss, new DeepLinearTrainingOptions(eta, steps, 0, 0, Trainable: trainable));
        var w = start.Clone().Layers.Select(m => m.Clone()).ToArray();
        for (int s = 0; s < steps; s++) ReferenceDeepLinearStep.Apply(w, loss, eta, trainable);
        Assert.Equal(steps, r.Steps);
        for (int l = 0; l < depth; l++) Assert.Equal(w[l].Data, r.Network.Layers[l].Data);
    }

    [Fact]
    public void MomentGradientEqualsTheDirectGradientWhenSamplesExceedDimension()
    {
        var rng = new Rng(5);
        int n = 90, d = 30;
        var x = rng.GaussianMatrix(n, d);
        var y = rng.Gaussian(n);
        var beta = rng.Gaussian(d);
        var loss = new EmpiricalSquaredLoss(x, y);
        var g = new double[d];
        loss.Gradient(beta, g);
        // Direct: residual r = Xβ − y by scalar loops, then Xᵀr/n.
        var direct = new double[d];
        for (int i = 0; i < n; i++)
        {
            double r = -y[i];
            for (int j = 0; j < d; j++) r += x[i, j] * beta[j];
            for (int j = 0; j < d; j++) direct[j] += x[i, j] * r / n;
        }
        double scale = Vec.Norm(direct);
        Assert.True(Vec.MaxAbsDiff(direct, g) <= 1e-13 * Math.Max(scale, 1), $"max |Δ| = {Vec.MaxAbsDiff(direct, g):E2}, ‖g‖ = {scale:E2}");
    }

    [Fact]
    public void TrainingWithTheMomentGradientFollowsTheDirectGradientPath()
    {
        // n > d: the moment form changes only rounding, so 2 000 steps of the depth-3 flow stay within 1e-10 of the
        // same steps driven by the direct gradient (an independent loss object implementing Xᵀ(Xβ − y)/n).
        var rng = new Rng(8);
        int n = 50, d = 20, depth = 3;
        var x = rng.GaussianMatrix(n, d);
        var y = rng.Gaussian(n);
        var start = DeepLinearNetworkInit.BalancedRankOne(rng.Gaussian(d), depth, null, rng);
        var options = new DeepLinearTrainingOptions(0.01, 2_000, 0, 0);
        var moment = DeepLinearGradientFlow.Train(start, new EmpiricalSquaredLoss(x, y), options);
        var direct = DeepLinearGradientFlow.Train(start, new DirectLoss(x, y), options);
        Assert.True(Vec.MaxAbsDiff(moment.EndToEnd, direct.EndToEnd) <= 1e-10, $"max |Δβ| = {Vec.MaxAbsDiff(moment.EndToEnd, direct.EndToEnd):E2}");
    }

    [Theory]
    [InlineData(12, false)]
    [InlineData(12, true)]
    [InlineData(60, false)]
    [InlineData(60, true)]
    public void FrozenPrefixTrainingOnFeaturesFollowsTheFullNetworkPath(int n, bool lastLayerFrozen)
    {
        // W₁ frozen: the empirical loss trains W₂, W₃ on the features XW₁; the direct loss (not an EmpiricalSquaredLoss)
        // takes the full-network path. The same GD iterates up to rounding, and W₁ untouched.
        var rng = new Rng((ulong)(30 + n));
        int d = 20, depth = 3;
        var x = rng.GaussianMatrix(n, d);
        var y = rng.Gaussian(n);
        var start = DeepLinearNetworkInit.BalancedRankOne(rng.Gaussian(d), depth, null, rng);
        var options = new DeepLinearTrainingOptions(0.005, 2_000, 0, 0, Trainable: [false, true, !lastLayerFrozen]);
        var reduced = DeepLinearGradientFlow.Train(start, new EmpiricalSquaredLoss(x, y), options);
        var full = DeepLinearGradientFlow.Train(start, new DirectLoss(x, y), options);
        Assert.Equal(start.Layers[0].Data, reduced.Network.Layers[0].Data);
        if (lastLayerFrozen) Assert.Equal(start.Layers[2].Data, reduced.Network.Layers[2].Data);
        Assert.Equal(full.Steps, reduced.Steps);
        for (int l = 1; l < depth; l++)
            Assert.True(Vec.MaxAbsDiff(full.Network.Layers[l].Data, reduced.Network.Layers[l].Data) <= 1e-10, $"layer {l + 1}");
        Assert.True(Math.Abs(full.Loss - reduced.Loss) <= 1e-12 * Math.Max(full.Loss, 1));
        Assert.True(Math.Abs(full.GradientNorm - reduced.GradientNorm) <= 1e-10 * Math.Max(full.GradientNorm, 1e-3));
    }

    private sealed class DirectLoss(Matrix x, double[] y) : IEndToEndLoss
    {
        public int Dimension => x.Cols;
        public double Curvature => 1;

        public double Value(ReadOnlySpan<double> beta)
        {
            double s = 0;
            for (int i = 0; i < x.Rows; i++) { double r = Vec.Dot(x.Row(i), beta) - y[i]; s += r * r; }
            return s / (2.0 * x.Rows);
        }

        public void Gradient(ReadOnlySpan<double> beta, Span<double> gradient)
        {
            gradient.Clear();
            for (int i = 0; i < x.Rows; i++) Vec.Axpy((Vec.Dot(x.Row(i), beta) - y[i]) / x.Rows, x.Row(i), gradient);
        }
    }
}
