using TransferLab.Data;
using TransferLab.Models;
using TransferLab.Numerics;
using TransferLab.Training;
using TransferLab.Validation;

namespace TransferLab.Tests.Models;

public class TwoLayerReluTests
{
    private static (Matrix X, double[] Y) Data(int n, int d, ulong seed)
    {
        var rng = new Rng(seed);
        var x = rng.GaussianMatrix(n, d);
        var y = rng.Gaussian(n);
        return (x, y);
    }

    [Theory]
    [InlineData(ReluParameterization.Ntk, 0.0)]
    [InlineData(ReluParameterization.MeanField, 0.0)]
    [InlineData(ReluParameterization.Standard, 0.3)]
    [InlineData(ReluParameterization.Ntk, 0.7)]
    public void GradientMatchesCentralFiniteDifferences(ReluParameterization p, double lambda)
    {
        var (x, y) = Data(7, 4, 11);
        var net = TwoLayerRelu.Initialize(4, 6, p, new Rng(3));
        var anchor = TwoLayerRelu.Initialize(4, 6, p, new Rng(4));
        var g = net.LossAndGradient(x, y, lambda, anchor);
        const double h = 1e-6;
        double worst = 0;
        for (int k = 0; k < net.W.Data.Length; k++)
        {
            double keep = net.W.Data[k];
            net.W.Data[k] = keep + h; double lp = net.LossAndGradient(x, y, lambda, anchor).Loss;
            net.W.Data[k] = keep - h; double lm = net.LossAndGradient(x, y, lambda, anchor).Loss;
            net.W.Data[k] = keep;
            worst = Math.Max(worst, Math.Abs((lp - lm) / (2 * h) - g.GradW.Data[k]));
        }
        for (int r = 0; r < net.Width; r++)
        {
            double keep = net.A[r];
            net.A[r] = keep + h; double lp = net.LossAndGradient(x, y, lambda, anchor).Loss;
            net.A[r] = keep - h; double lm = net.LossAndGradient(x, y, lambda, anchor).Loss;
            net.A[r] = keep;
            worst = Math.Max(worst, Math.Abs((lp - lm) / (2 * h) - g.GradA[r]));
        }
        // Central differences: O(h²) truncation plus O(ε/h) rounding; ReLU kinks are hit with probability ~0.
        Assert.True(worst < 1e-7, $"max |FD − analytic| = {worst}");
    }

    [Fact]
    public void ForwardMatchesExplicitSum()
    {
        var (x, _) = Data(5, 3, 2);
        foreach (var p in Enum.GetValues<ReluParameterization>())
        {
            var net = TwoLayerRelu.Initialize(3, 9, p, new Rng(8));
            var f = net.Forward(x);
            double s = p == ReluParameterization.Ntk ? 1 / 3.0 : p == ReluParameterization.MeanField ? 1 / 9.0 : 1.0;
            for (int i = 0; i < 5; i++)
            {
                double sum = 0;
                for (int r = 0; r < 9; r++)
                {
                    double h = 0;
                    for (int j = 0; j < 3; j++) h += net.W[r, j] * x[i, j];
                    sum += net.A[r] * Math.Max(0, h);
                }
                Assert.Equal(s * sum, f[i], 12);
            }
        }
    }

    [Theory]
    [InlineData(21, 5000, true, true)]   // m = 5000: row blocks of 8 samples (8, 8 and a tail of 5)
    [InlineData(21, 5000, true, false)]  // readout frozen: ∂a is not computed
    [InlineData(5, 40, false, true)]     // n < 8, one block; first layer frozen: ∂W is not computed
    [InlineData(13, 37, true, true)]     // m = 37: the vector loops' scalar tails
    public void BlockedFusedGradientMatchesExplicitLoops(int n, int m, bool firstLayer, bool readout)
    {
        // Independent path: explicit loops over samples and neurons, no BLAS.
        int d = 3;
        var (x, y) = Data(n, d, 31);
        var net = TwoLayerRelu.Initialize(d, m, ReluParameterization.MeanField, new Rng(32));
        var gradW = new Matrix(m, d);
        var gradA = new double[m];
        var f = new double[n];
        gradW.Data.AsSpan().Fill(double.NaN);   // must be overwritten, not accumulated into
        gradA.AsSpan().Fill(double.NaN);
        double loss = net.DataLossAndGradient(x, y, gradW, gradA, f, firstLayer, readout);
        double s = net.OutputScale, lossRef = 0;
        var gw = new double[m * d];
        var ga = new double[m];
        for (int i = 0; i < n; i++)
        {
            var h = new double[m];
            double fi = 0;
            for (int r = 0; r < m; r++)
            {
                for (int j = 0; j < d; j++) h[r] += net.W[r, j] * x[i, j];
                fi += s * net.A[r] * Math.Max(0, h[r]);
            }
            Assert.Equal(fi, f[i], 12);
            double g = (fi - y[i]) / n;
            lossRef += (fi - y[i]) * (fi - y[i]) / (2.0 * n);
            for (int r = 0; r < m; r++)
            {
                ga[r] += s * g * Math.Max(0, h[r]);
                if (h[r] > 0) for (int j = 0; j < d; j++) gw[r * d + j] += s * g * net.A[r] * x[i, j];
            }
        }
        Assert.Equal(lossRef, loss, 12);
        if (firstLayer) Assert.True(Vec.MaxAbsDiff(gw, gradW.Data) < 1e-14, $"∂W diff {Vec.MaxAbsDiff(gw, gradW.Data)}");
        else Assert.True(double.IsNaN(gradW.Data[0]));
        if (readout) Assert.True(Vec.MaxAbsDiff(ga, gradA) < 1e-14, $"∂a diff {Vec.MaxAbsDiff(ga, gradA)}");
        else Assert.True(double.IsNaN(gradA[0]));
        // The allocating overload (both layers) returns the same numbers: the same bits where this call also trained the first
        // layer; with the first layer frozen the readout gradient is summed over the rows instead of taken from Q, the same
        // to rounding.
        var g2 = net.LossAndGradient(x, y);
        Assert.Equal(loss, g2.Loss);
        if (firstLayer) Assert.Equal(gradW.Data, g2.GradW.Data);
        if (readout && firstLayer) Assert.Equal(gradA, g2.GradA);
        if (readout && !firstLayer) Assert.True(Vec.MaxAbsDiff(gradA, g2.GradA) < 1e-14, $"∂a diff {Vec.MaxAbsDiff(gradA, g2.GradA)}");
    }

    [Theory]
    [InlineData(40, 300)]
    [InlineData(13, 37)]
    [InlineData(9, 5)]
    public void BothLayersTrainedGiveTheBitsOfTheFirstLayerAloneAndTheReadoutToRounding(int n, int m)
    {
        // Training the first layer alone skips only the readout's m·d dot products with Q, so ∂W and the loss must agree bit
        // for bit with the both-layers pass. The readout alone sums s·g_i·ReLU(h_i) over the rows instead of taking
        // ⟨w_r, Q_r⟩ (the same number in exact arithmetic): the same loss bits, the gradient to rounding.
        int d = 30;
        var (x, y) = Data(n, d, 41);
        var net = TwoLayerRelu.Initialize(d, m, ReluParameterization.MeanField, new Rng(42));
        var (gwBoth, gaBoth, gwOnly, gaOnly) = (new Matrix(m, d), new double[m], new Matrix(m, d), new double[m]);
        var f = new double[n];
        double both = net.DataLossAndGradient(x, y, gwBoth, gaBoth, f, firstLayer: true, readout: true);
        double first = net.DataLossAndGradient(x, y, gwOnly, new double[m], f, firstLayer: true, readout: false);
        double second = net.DataLossAndGradient(x, y, new Matrix(m, d), gaOnly, f, firstLayer: false, readout: true);
        Assert.Equal(gwOnly.Data, gwBoth.Data);
        double scale = gaBoth.Max(Math.Abs);
        Assert.True(Vec.MaxAbsDiff(gaOnly, gaBoth) <= 1e-13 * scale, $"∂a diff {Vec.MaxAbsDiff(gaOnly, gaBoth)} at scale {scale}");
        Assert.Equal(first, both);
        Assert.Equal(second, both);
    }

    [Fact]
    public void WidthZeroIsRejectedWithParameterName()
    {
        var ex = Assert.Throws<ParameterException>(() => TwoLayerRelu.Initialize(3, 0, ReluParameterization.Ntk, new Rng(1)));
        Assert.Contains("width", ex.Message);
    }

    [Fact]
    public void GradientDescentOnReadoutConvergesToMinimumDistanceInterpolant()
    {
        // Frozen first layer: GD on a from a₀ is linear least squares; its limit is a₀ + Φ⁺(y − Φa₀) (overparameterised m > n).
        var (x, y) = Data(8, 3, 5);
        var pre = TwoLayerRelu.Initialize(3, 40, ReluParameterization.Ntk, new Rng(9));
        var rng = new Rng(1);
        var gd = ReluProtocols.Run(ReluProtocol.FrozenFirstLayer, pre, x, y,
            new ReluTrainingOptions(LearningRate: 1.0, MaxSteps: 200000, GradientTolerance: 1e-13), rng);
        Assert.True(gd.Training!.Converged);
        var exact = ReluProtocols.FitReadout(pre, x, y, fromCurrent: true);
        Assert.True(Vec.MaxAbsDiff(gd.Model.A, exact.A) < 1e-8, $"diff {Vec.MaxAbsDiff(gd.Model.A, exact.A)}");
        Assert.True(Vec.MaxAbsDiff(gd.Model.Forward(x), y) < 1e-8);
        Assert.Equal(pre.W.Data, gd.Model.W.Data); // first layer untouched
    }

    [Fact]
    public void RidgeReadoutSatisfiesNormalEquations()
    {
        var (x, y) = Data(12, 4, 6);
        var pre = TwoLayerRelu.Initialize(4, 7, ReluParameterization.MeanField, new Rng(2));
        double lambda = 0.3;
        var net = ReluProtocols.FitReadout(pre, x, y, lambda);
        // Stationarity of (1/n)‖y − Φa‖² + λ‖a‖²: −(2/n)Φᵀ(y − Φa) + 2λa = 0 (checked via the model's own loss gradient with λ/… independent path)
        var phi = pre.Features(x);
        phi.Data.AsSpan().Scale(pre.OutputScale);
        var resid = Vec.Subtract(y, LinearAlgebra.Multiply(phi, net.A));
        var g = LinearAlgebra.Multiply(phi, resid, Op.Transpose);
        for (int r = 0; r < g.Length; r++) Assert.Equal(0.0, -2.0 / x.Rows * g[r] + 2 * lambda * net.A[r], 10);
    }

    [Fact]
    public void FullBatchGradientDescentFitsSmallDataAndHalvingTheStepAgrees()
    {
        var rng = new Rng(21);
        var x = ReluInputs.Sphere(6, 3, rng);
        var y = rng.Gaussian(6);
        var init = TwoLayerRelu.Initialize(3, 200, ReluParameterization.Ntk, new Rng(4));
        var opt = new ReluTrainingOptions(LearningRate: 0.5, MaxSteps: 100000, LossTolerance: 1e-14, GradientTolerance: 0);
        var a = init.Clone();
        var ra = ReluTrainer.Train(a, x, y, opt);
        var b = init.Clone();
        var rb = ReluTrainer.Train(b, x, y, opt with { LearningRate = 0.25 });
        Assert.True(ra.Converged && rb.Converged);
        var xt = ReluInputs.Sphere(20, 3, new Rng(5));
        // Gradient-flow limit: predictions off the training set agree between η and η/2 to O(η) (small here: lazy regime).
        double diff = Vec.MaxAbsDiff(a.Forward(xt), b.Forward(xt));
        Assert.True(diff < 2e-3, $"η vs η/2 prediction gap {diff}");
    }

    [Fact]
    public void SgdReducesLossAndIsSeedReproducible()
    {
        var rng = new Rng(3);
        var x = rng.GaussianMatrix(40, 5);
        var teacher = ReluTeacher.Random(5, 3, rng);
        var y = teacher.Evaluate(x);
        var init = TwoLayerRelu.Initialize(5, 30, ReluParameterization.MeanField, new Rng(7));
        double l0 = init.LossAndGradient(x, y).Loss;
        var opt = new ReluTrainingOptions(LearningRate: 0.05, MaxSteps: 2000, BatchSize: 8);
        var a = init.Clone(); ReluTrainer.Train(a, x, y, opt, new Rng(99));
        var b = init.Clone(); ReluTrainer.Train(b, x, y, opt, new Rng(99));
        Assert.Equal(a.W.Data, b.W.Data);
        Assert.True(a.LossAndGradient(x, y).Loss < 0.2 * l0);
    }

    [Fact]
    public void AnchorPenaltyKeepsWeightsCloserToInitialization()
    {
        var rng = new Rng(8);
        var x = rng.GaussianMatrix(30, 4);
        var y = ReluTeacher.Random(4, 2, rng).Evaluate(x);
        var init = TwoLayerRelu.Initialize(4, 20, ReluParameterization.MeanField, new Rng(1));
        double Dist(TwoLayerRelu n) => Math.Sqrt(Vec.NormSquared(Vec.Subtract(n.W.Data, init.W.Data)) + Vec.NormSquared(Vec.Subtract(n.A, init.A)));
        var free = init.Clone(); ReluTrainer.Train(free, x, y, new ReluTrainingOptions(0.05, 3000));
        var reg = init.Clone(); ReluTrainer.Train(reg, x, y, new ReluTrainingOptions(0.05, 3000, AnchorPenalty: 1e-2));
        Assert.True(Dist(reg) < 0.5 * Dist(free), $"{Dist(reg)} vs {Dist(free)}");
    }
}

public class ReluTrainingPenaltyTests
{
    [Fact]
    public void ProximalPenaltyStepsConvergeToAStationaryPointOfThePenalisedLoss()
    {
        // The trainer applies λ‖θ − θ₀‖² by an exact proximal step; its fixed points must be zeros of the gradient of the
        // penalised loss, which LossAndGradient computes independently (analytic penalty gradient).
        var rng = new Rng(12);
        var x = rng.GaussianMatrix(15, 3);
        var y = rng.Gaussian(15);
        var net = TwoLayerRelu.Initialize(3, 10, ReluParameterization.MeanField, new Rng(2));
        var anchor = net.Clone();
        var r = ReluTrainer.Train(net, x, y, new ReluTrainingOptions(0.02, 200000, GradientTolerance: 1e-11, AnchorPenalty: 5.0));
        Assert.True(r.Converged, $"gradient norm {r.GradientNorm}");
        var g = net.LossAndGradient(x, y, 5.0, anchor);
        double gn = Math.Sqrt(Vec.NormSquared(g.GradW.Data) + Vec.NormSquared(g.GradA));
        Assert.True(gn < 1e-9, $"penalised gradient {gn}");
        Assert.Equal(g.Loss, r.FinalLoss, 12);
    }

    [Fact]
    public void LargePenaltyIsStableAndKeepsTheInitialization()
    {
        // Plain GD would diverge for 2ηλ > 2 (here η·m·2λ = 0.5·10·2·100); the proximal step stays at θ₀ + O(1/λ).
        var rng = new Rng(13);
        var x = rng.GaussianMatrix(10, 3);
        var y = rng.Gaussian(10);
        var net = TwoLayerRelu.Initialize(3, 10, ReluParameterization.MeanField, new Rng(3));
        var anchor = net.Clone();
        var r = ReluTrainer.Train(net, x, y, new ReluTrainingOptions(0.5, 500, AnchorPenalty: 100.0));
        Assert.False(r.Diverged);
        Assert.True(Vec.MaxAbsDiff(net.W.Data, anchor.W.Data) < 1e-2);
    }

    [Fact]
    public void RelativeRidgeIsInvariantToFeatureScale()
    {
        // Scaling the first layer by c scales the features by c; with the relative ridge the fitted function is unchanged.
        var rng = new Rng(14);
        var x = rng.GaussianMatrix(12, 4);
        var y = rng.Gaussian(12);
        var net = TwoLayerRelu.Initialize(4, 30, ReluParameterization.MeanField, new Rng(5));
        var small = net.Clone();
        small.W.Data.AsSpan().Scale(1e-3);
        var xt = rng.GaussianMatrix(7, 4);
        var f1 = ReluProtocols.FitReadout(net, x, y, 0.01, relativeRidge: true).Forward(xt);
        var f2 = ReluProtocols.FitReadout(small, x, y, 0.01, relativeRidge: true).Forward(xt);
        Assert.True(Vec.MaxAbsDiff(f1, f2) < 1e-8);
    }
}
