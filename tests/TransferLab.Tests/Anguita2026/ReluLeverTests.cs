using TransferLab.Tests.Cli;
using System.Text.Json;
using TransferLab.Cli;
using TransferLab.Data;
using TransferLab.Data.Readers;
using TransferLab.Experiments.Anguita2026;
using TransferLab.Experiments.Shachaf2021;
using TransferLab.Experiments.Tahir2024;
using TransferLab.Models;
using TransferLab.Numerics;
using TransferLab.Theory.Tahir2024;
using TransferLab.Training;
using TransferLab.Validation;

namespace TransferLab.Tests.Anguita2026;

/// <summary>The initialisation levers c_PT, κ, γ_FT on the two-layer ReLU network (Anguita et al. 2026 nonlinear check).</summary>
public sealed class ReluLeverTests
{
    [Theory]
    [InlineData(0.0, 1.0, 0.0, "c-pt")]
    [InlineData(-1.0, 1.0, 0.0, "c-pt")]
    [InlineData(double.NaN, 1.0, 0.0, "c-pt")]
    [InlineData(double.PositiveInfinity, 1.0, 0.0, "c-pt")]
    [InlineData(1.0, 0.0, 0.0, "kappa")]
    [InlineData(1.0, -2.0, 0.0, "kappa")]
    [InlineData(1.0, double.PositiveInfinity, 0.0, "kappa")]
    [InlineData(1.0, 1.0, -0.1, "gamma-ft")]
    [InlineData(1.0, 1.0, double.NaN, "gamma-ft")]
    public void LeversOutOfRangeThrowNamingTheOption(double c, double kappa, double gamma, string option)
    {
        var e = Assert.Throws<ParameterException>(() => new ReluLevers(c, kappa, gamma).Validate());
        Assert.Equal(option, e.Parameter);
        Assert.StartsWith(option + " = ", e.Message);
        // The same check guards every entry point that takes levers.
        Assert.Throws<ParameterException>(() => ReluLeverPipeline.PretrainingInitialization(new ReluLevers(c, kappa, gamma), 3, 4, new Rng(1)));
    }

    [Fact]
    public void BoundaryValuesAreAccepted()
    {
        new ReluLevers(1e-12, 1e-6, 0.0).Validate();
        new ReluLevers(1e6, 1e6, 1e3).Validate();
        Assert.Throws<ParameterException>(() => ReluLeverPipeline.BaseInitialization(3, 5, new Rng(1))); // odd width
        Assert.Equal("width", Assert.Throws<ParameterException>(() => ReluLeverPipeline.BaseInitialization(3, 0, new Rng(1))).Parameter);
    }

    [Theory]
    [InlineData(1.0, 1.0)]
    [InlineData(0.01, 0.1)]
    [InlineData(100.0, 10.0)]
    [InlineData(3.0, 0.25)]
    public void PretrainingInitializationHasTheRequestedScales(double c, double kappa)
    {
        const int d = 7, m = 10, half = m / 2;
        const ulong seed = 42;
        var net = ReluLeverPipeline.PretrainingInitialization(new ReluLevers(c, kappa), d, m, new Rng(seed));

        // Independent reconstruction of the base draw: m/2 mean-field neurons (w ~ N(0, I/d), then a ~ N(0, 1)), mirrored.
        var rng = new Rng(seed);
        var w0 = rng.GaussianMatrix(half, d, 1.0 / Math.Sqrt(d));
        var a0 = rng.Gaussian(half);
        double wBase2 = 2 * Vec.NormSquared(w0.Data), aBase2 = 2 * Vec.NormSquared(a0);
        double wRatio = Math.Sqrt(Vec.NormSquared(net.W.Data) / wBase2);
        double aRatio = Math.Sqrt(Vec.NormSquared(net.A) / aBase2);
        Assert.Equal(Math.Sqrt(c * kappa), wRatio, 1e-12 * Math.Sqrt(c * kappa));
        Assert.Equal(Math.Sqrt(c / kappa), aRatio, 1e-12 * Math.Sqrt(c / kappa));
        Assert.Equal(kappa, wRatio / aRatio, 1e-12 * kappa);   // first-layer / readout scale ratio
        Assert.Equal(c, wRatio * aRatio, 1e-12 * c);           // absolute scale
        for (int r = 0; r < half; r++)
        {
            for (int j = 0; j < d; j++)
            {
                Assert.Equal(Math.Sqrt(c * kappa) * w0[r, j], net.W[r, j], 1e-14 * Math.Max(1, c * kappa));
                Assert.Equal(net.W[r, j], net.W[half + r, j]);
            }
            Assert.Equal(Math.Sqrt(c / kappa) * a0[r], net.A[r], 1e-14 * Math.Max(1, c / kappa));
            Assert.Equal(-net.A[r], net.A[half + r]);
        }
        // Mirrored pairs: the network is exactly zero at initialisation (the diagonal network's β(0) = 0).
        var x = new Rng(7).GaussianMatrix(25, d);
        foreach (var f in net.Forward(x)) Assert.True(Math.Abs(f) < 1e-12 * Math.Max(1, c), $"f = {f}");
    }

    [Theory]
    [InlineData(1.0, 0.3)]
    [InlineData(0.5, 4.0)]
    public void MeanNeuronImbalanceIsCTimesKappaMinusInverse(double c, double kappa)
    {
        // E[‖w_r‖² − a_r²] = c_PT(κ − 1/κ); Monte Carlo over many neurons, tolerance 5 standard errors.
        const int d = 20, m = 20000;
        var net = ReluLeverPipeline.PretrainingInitialization(new ReluLevers(c, kappa), d, m, new Rng(5));
        var v = new double[m / 2];
        for (int r = 0; r < m / 2; r++) v[r] = Vec.NormSquared(net.W.Row(r)) - net.A[r] * net.A[r];
        var (mean, se) = global::TransferLab.Experiments.Statistics.MeanAndStandardError(v);
        double expected = c * (kappa - 1 / kappa);
        Assert.True(Math.Abs(mean - expected) < 5 * se, $"mean {mean} ± {se}, expected {expected}");
        Assert.Equal(expected, new ReluLevers(c, kappa).ExpectedImbalance, 12);
        Assert.Equal((kappa * kappa - 1) / (kappa * kappa + 1), new ReluLevers(c, kappa).DiagonalRelativeScale, 14);
    }

    [Fact]
    public void GradientDescentConservesEachNeuronsImbalanceUpToStepSizeError()
    {
        // The reason κ is the analogue of λ_PT: gradient flow conserves ‖w_r‖² − a_r² for every neuron (ReLU homogeneity).
        // GD drifts by O(η²) per step, so over a fixed time η·steps the drift is O(η): halving η must halve it, and it must be
        // small next to how much ‖w_r‖² itself changed.
        const int d = 5, m = 12;
        var init = ReluLeverPipeline.PretrainingInitialization(new ReluLevers(0.5, 0.3), d, m, new Rng(11));
        var task = ReluFeatureTask.Create(d, 2, 1, new Rng(12));
        var x = ReluInputs.Gaussian(40, d, new Rng(13));
        var y = task.Source.Evaluate(x);
        double Imbalance(TwoLayerRelu n, int r) => Vec.NormSquared(n.W.Row(r)) - n.A[r] * n.A[r];
        (double Drift, double Change) Run(double eta, int steps)
        {
            var net = init.Clone();
            var res = ReluTrainer.Train(net, x, y, new ReluTrainingOptions(eta, steps, GradientTolerance: 0));
            Assert.False(res.Diverged);
            double drift = 0, change = 0;
            for (int r = 0; r < m; r++)
            {
                drift = Math.Max(drift, Math.Abs(Imbalance(net, r) - Imbalance(init, r)));
                change = Math.Max(change, Math.Abs(Vec.NormSquared(net.W.Row(r)) - Vec.NormSquared(init.W.Row(r))));
            }
            return (drift, change);
        }
        var coarse = Run(0.01, 300);
        var fine = Run(0.005, 600);
        Assert.True(coarse.Change > 0.1, $"‖w_r‖² barely changed ({coarse.Change}); the check would be vacuous");
        Assert.True(coarse.Drift < 0.02 * coarse.Change, $"drift {coarse.Drift} vs change {coarse.Change}");
        Assert.InRange(fine.Drift / coarse.Drift, 0.35, 0.65);
    }

    [Theory]
    [InlineData(40, 6)]
    [InlineData(5, 12)]
    public void InputScaleIsTheTopEigenvalueOfTheSecondMomentAndSetsTheStep(int n, int d)
    {
        var rng = new Rng(31);
        var x = rng.GaussianMatrix(n, d);
        for (int i = 0; i < n; i++) x[i, 0] += 2.0; // an anisotropic direction, so λ_max is well separated
        double expected = LinearAlgebra.Eigen(LinearAlgebra.Gram(x)).Values.Max() / n;
        Assert.Equal(expected, ReluLeverPipeline.InputScale(x), 1e-9 * expected);
        var net = ReluLeverPipeline.PretrainingInitialization(new ReluLevers(3.0, 2.0), d, 8, new Rng(2));
        double s = 0.5 * (Vec.NormSquared(net.W.Data) + Vec.NormSquared(net.A)) / 8;
        Assert.Equal(0.7 / Math.Max(1, s * expected), ReluLeverPipeline.StepSize(net, x, 0.7), 1e-9);
    }

    [Fact]
    public void FineTuningKeepsTheFirstLayerAndRedrawsTheReadout()
    {
        const int d = 6, m = 20000;
        const double gamma = 2.5;
        var pre = ReluLeverPipeline.PretrainingInitialization(new ReluLevers(2.0, 0.5), d, m, new Rng(3));
        var ft = ReluLeverPipeline.FineTuningInitialization(pre, gamma, new Rng(99));
        Assert.NotSame(pre.W, ft.W);
        Assert.Equal(pre.W.Data, ft.W.Data);
        Assert.Equal(ReluParameterization.MeanField, ft.Parameterization);
        // a_r ~ N(0, γ²) i.i.d.: mean, variance and fourth moment within 4 standard errors; uncorrelated with the old readout.
        var (mean, _) = global::TransferLab.Experiments.Statistics.MeanAndStandardError(ft.A);
        double var = ft.A.Sum(v => (v - mean) * (v - mean)) / (m - 1);
        double kurt = ft.A.Sum(v => Math.Pow(v - mean, 4)) / m / (var * var);
        Assert.True(Math.Abs(mean) < 4 * gamma / Math.Sqrt(m), $"mean {mean}");
        Assert.True(Math.Abs(var / (gamma * gamma) - 1) < 4 * Math.Sqrt(2.0 / m), $"variance {var}");
        Assert.True(Math.Abs(kurt - 3) < 4 * Math.Sqrt(24.0 / m), $"kurtosis {kurt}");
        Assert.True(Math.Abs(global::TransferLab.Experiments.Statistics.Pearson(ft.A, pre.A)) < 4 / Math.Sqrt(m));
        // Same stream: the head is γ·z with one z, so heads for different γ are exact multiples (common random numbers); γ = 0 is a zero head.
        var ft1 = ReluLeverPipeline.FineTuningInitialization(pre, 1.0, new Rng(99));
        for (int r = 0; r < 50; r++) Assert.Equal(gamma * ft1.A[r], ft.A[r], 1e-15 * gamma * Math.Abs(ft1.A[r]) + 1e-300);
        Assert.All(ReluLeverPipeline.FineTuningInitialization(pre, 0.0, new Rng(99)).A, v => Assert.Equal(0.0, v));
        Assert.Equal("gamma-ft", Assert.Throws<ParameterException>(() => ReluLeverPipeline.FineTuningInitialization(pre, -1, new Rng(1))).Parameter);
    }

    [Fact]
    public void FeatureTaskTargetsUseASubsetOrNewOrthogonalFeatures()
    {
        var t = ReluFeatureTask.Create(12, 6, 3, new Rng(8));
        var src = t.Source.Neurons;
        var g = LinearAlgebra.Multiply(src, src, Op.None, Op.Transpose);
        for (int i = 0; i < 6; i++)
            for (int j = 0; j < 6; j++) Assert.Equal(i == j ? 1.0 : 0.0, g[i, j], 1e-12);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(src.Row(i).ToArray(), t.SubsetTarget.Neurons.Row(i).ToArray());
            Assert.Equal(1.0, Vec.Norm(t.NewTarget.Neurons.Row(i)), 12);
            for (int j = 0; j < 6; j++) Assert.True(Math.Abs(Vec.Dot(t.NewTarget.Neurons.Row(i), src.Row(j))) < 1e-12);
        }
        Assert.All(t.Source.OutputWeights.Concat(t.SubsetTarget.OutputWeights).Concat(t.NewTarget.OutputWeights), c => Assert.Equal(1.0, Math.Abs(c)));
        // The subset target lies in the span of the source features; the new one does not.
        Assert.True(ReluFeatureOverlap.Compute(src, t.SubsetTarget).OutOfSpanNormSquared < 1e-8);
        var o = ReluFeatureOverlap.Compute(src, t.NewTarget);
        Assert.True(o.OutOfSpanNormSquared > 0.3 * o.TargetNormSquared, $"{o.OutOfSpanNormSquared} of {o.TargetNormSquared}");
        Assert.Equal("d", Assert.Throws<ParameterException>(() => ReluFeatureTask.Create(8, 6, 3, new Rng(1))).Parameter);
        Assert.Equal("target-neurons", Assert.Throws<ParameterException>(() => ReluFeatureTask.Create(20, 3, 4, new Rng(1))).Parameter);
    }

    [Fact]
    public void MultiOutputGradientMatchesFiniteDifferencesAndTheScalarNetwork()
    {
        var rng = new Rng(21);
        var net = new MultiOutputRelu(rng.GaussianMatrix(5, 3), rng.GaussianMatrix(5, 4));
        var x = rng.GaussianMatrix(7, 3);
        var y = rng.GaussianMatrix(7, 4);
        var (_, gw, ga) = net.LossAndGradient(x, y);
        double Loss() => net.LossAndGradient(x, y).Loss;
        void Check(double[] theta, double[] grad)
        {
            const double h = 1e-6;
            for (int k = 0; k < theta.Length; k++)
            {
                double keep = theta[k];
                theta[k] = keep + h; double up = Loss();
                theta[k] = keep - h; double dn = Loss();
                theta[k] = keep;
                Assert.Equal((up - dn) / (2 * h), grad[k], 1e-7);
            }
        }
        Check(net.W.Data, gw.Data);
        Check(net.A.Data, ga.Data);

        // K = 1 is the mean-field TwoLayerRelu.
        var w = rng.GaussianMatrix(6, 3);
        var a = rng.Gaussian(6);
        var single = new MultiOutputRelu(w.Clone(), new Matrix(6, 1, (double[])a.Clone()));
        var scalar = new TwoLayerRelu(w.Clone(), (double[])a.Clone(), ReluParameterization.MeanField);
        var yy = rng.Gaussian(7);
        var g1 = single.LossAndGradient(x, new Matrix(7, 1, (double[])yy.Clone()));
        var g2 = scalar.LossAndGradient(x, yy);
        Assert.Equal(g2.Loss, g1.Loss, 1e-13);
        Assert.True(Vec.MaxAbsDiff(g1.GradW.Data, g2.GradW.Data) < 1e-13);
        Assert.True(Vec.MaxAbsDiff(g1.GradA.Data, g2.GradA) < 1e-13);
        Assert.True(Vec.MaxAbsDiff(single.Forward(x).Data, scalar.Forward(x)) < 1e-13);
    }

    [Fact]
    public void MultiOutputInitializationHasTheRequestedScalesAndIsZero()
    {
        const int d = 9, m = 8, k = 5;
        const double c = 0.3, kappa = 2.0;
        var net = ReluLeverPipeline.MultiOutputInitialization(new ReluLevers(c, kappa), d, m, k, new Rng(4));
        var rng = new Rng(4);
        var w0 = rng.GaussianMatrix(m / 2, d, 1.0 / Math.Sqrt(d));
        var a0 = rng.GaussianMatrix(m / 2, k, 1.0 / Math.Sqrt(k));
        double wr = Math.Sqrt(Vec.NormSquared(net.W.Data) / (2 * Vec.NormSquared(w0.Data)));
        double ar = Math.Sqrt(Vec.NormSquared(net.A.Data) / (2 * Vec.NormSquared(a0.Data)));
        Assert.Equal(kappa, wr / ar, 1e-12);
        Assert.Equal(c, wr * ar, 1e-12);
        Assert.True(net.Forward(new Rng(2).GaussianMatrix(10, d)).Data.All(v => Math.Abs(v) < 1e-12));
    }

    [Fact]
    public void SyntheticTrialIsReproducibleAndFineTuningReusesSubsetFeatures()
    {
        var s = new ReluLeverSettings(D: 8, Width: 16, SourceNeurons: 3, TargetNeurons: 1, SourceSamples: 150, TestSamples: 300,
            PretrainSteps: 600, TrainSteps: 400);
        var kinds = new[] { TargetFeatures.Subset, TargetFeatures.New };
        var a = ReluLeverTrial.Run(s, new ReluLevers(1, 1, 0), [0.0, 2.0], kinds, [6, 24], 3, 0);
        var b = ReluLeverTrial.Run(s, new ReluLevers(1, 1, 0), [0.0, 2.0], kinds, [6, 24], 3, 0);
        Assert.Equal(2, a.Length);
        for (int g = 0; g < 2; g++)
            for (int i = 0; i < a[g].Outcomes.Count; i++)
            {
                Assert.Equal(a[g].Outcomes[i].FineTune, b[g].Outcomes[i].FineTune);  // bit for bit
                Assert.Equal(a[g].Outcomes[i].Scratch, b[g].Outcomes[i].Scratch);
            }
        // Scratch appears once (first γ); γ does not change pretraining.
        Assert.All(a[0].Outcomes, o => Assert.True(double.IsFinite(o.Scratch)));
        Assert.All(a[1].Outcomes, o => Assert.True(double.IsNaN(o.Scratch)));
        Assert.Equal(a[0].PretrainSourceError, a[1].PretrainSourceError);
        Assert.True(a[0].PretrainSourceError < 0.1, $"pretraining did not learn the source: {a[0].PretrainSourceError}");
        // Subset target: the pretrained features span it (frozen-feature limit small) and fine-tuning beats scratch at n = 24.
        Assert.True(a[0].SubsetSpanResidual < 0.05, $"{a[0].SubsetSpanResidual}");
        var sub = a[0].Outcomes.First(o => o.Target == TargetFeatures.Subset && o.N == 24);
        Assert.True(sub.FineTune < sub.Scratch, $"fine-tune {sub.FineTune} vs scratch {sub.Scratch}");
    }

    private static string WriteCifar100(string dir, int perClass)
    {
        // 100 fine classes, records ordered cyclically (label = i mod 100), coarse = fine / 5; pixels carry a class-dependent mean.
        int n = 100 * perClass;
        var rng = new Rng(17);
        var pixels = new byte[n * CifarReader.PixelCount];
        var fine = new int[n];
        var coarse = new int[n];
        for (int i = 0; i < n; i++)
        {
            fine[i] = i % 100;
            coarse[i] = fine[i] / 5;
            for (int j = 0; j < CifarReader.PixelCount; j++)
            {
                double v = 128 + 60 * Math.Sin(0.01 * j * (1 + fine[i] % 7) + fine[i]) + 20 * rng.NextGaussian();
                pixels[i * CifarReader.PixelCount + j] = (byte)Math.Clamp((int)Math.Round(v), 0, 255);
            }
        }
        string f = Path.Combine(dir, "train.bin");
        CifarReader.Write(f, CifarVariant.Cifar100, pixels, fine, coarse);
        return f;
    }

    [Fact]
    public void CifarPathRunsEndToEndOnASmallCifar100File()
    {
        string dir = Path.Combine(Path.GetTempPath(), "tl-relu-levers-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string f = WriteCifar100(dir, 6);
            var data = ReluLeverCifarTrial.Load(f, maxImages: 500, dims: 8, pcaRows: 200);
            Assert.Equal(500, data.X.Rows);
            Assert.Equal(8, data.X.Cols);
            Assert.Equal(Enumerable.Range(0, 500).Select(i => i % 100), data.Labels);          // fine label byte
            Assert.Equal(Enumerable.Range(0, 500).Select(i => (i % 100) / 5), data.CoarseLabels); // coarse label byte
            for (int i = 0; i < 500; i++) Assert.Equal(Math.Sqrt(8), Vec.Norm(data.X.Row(i)), 10);
            Assert.InRange(data.ExplainedVariance, 0.0, 1.0);

            var s = new ReluLeverCifarSettings(D: 8, Width: 16, MaxImages: 500, PcaRows: 200, PretrainSteps: 40, TrainSteps: 60, HoldoutClasses: [3, 7]);
            var run = ReluLeverCifarTrial.Run(data, s, new ReluLevers(1, 0.5, 0.5), [2, 4], 9, 0);
            Assert.Equal((3, 7), (run.HoldoutA, run.HoldoutB));
            Assert.Equal(98, run.PretrainClasses);
            Assert.Equal(490, run.PretrainImages);   // every image except the 5 + 5 of the held-out classes
            Assert.Equal(6, run.TestImages);         // 10 held-out images minus the 4 fine-tuning candidates
            Assert.InRange(run.PretrainAccuracy, 0.0, 1.0);
            foreach (var o in run.Outcomes)
            {
                Assert.True(double.IsFinite(o.FineTuneMse) && o.FineTuneMse >= 0);
                Assert.True(double.IsFinite(o.ScratchMse) && o.ScratchMse >= 0);
                Assert.Equal(0.0, o.FineTuneAccuracy * 6 - Math.Round(o.FineTuneAccuracy * 6), 12);
                Assert.InRange(o.ScratchAccuracy, 0.0, 1.0);
            }
            var again = ReluLeverCifarTrial.Run(data, s, new ReluLevers(1, 0.5, 0.5), [2, 4], 9, 0);
            Assert.Equal(run.Outcomes.Select(o => o.FineTuneMse), again.Outcomes.Select(o => o.FineTuneMse));

            // Default: a held-out pair drawn from the seed, two distinct classes.
            var drawn = ReluLeverCifarTrial.Run(data, s with { HoldoutClasses = null }, new ReluLevers(), [2], 9, 1);
            Assert.NotEqual(drawn.HoldoutA, drawn.HoldoutB);
            Assert.Equal(490, drawn.PretrainImages);
            // Too many fine-tuning samples for the 10 held-out images: a parameter error naming --n.
            Assert.Equal("n", Assert.Throws<ParameterException>(() => ReluLeverCifarTrial.Run(data, s, new ReluLevers(), [9], 9, 0)).Parameter);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void SignAccuracyCountsZeroAsPositive()
    {
        Assert.Equal(0.75, ReluLeverCifarTrial.SignAccuracy([0.0, -2, 3, 1], [1, -1, 1, -1]));
    }
}

/// <summary>The <c>simulate relu-levers</c> command contract.</summary>
[Collection("console")]
public sealed class ReluLeverCliTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "tl-relu-levers-cli-" + Guid.NewGuid().ToString("N"));

    public ReluLeverCliTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("--kappa", "0", "--kappa")]
    [InlineData("--kappa", "-1", "--kappa")]
    [InlineData("--c-pt", "0", "--c-pt")]
    [InlineData("--gamma-ft", "-0.5", "--gamma-ft")]
    [InlineData("--width", "7", "--width")]
    [InlineData("--n", "10,x", "--n")]
    [InlineData("--seeds", "0", "--seeds")]
    [InlineData("--steps", "0", "--steps")]
    [InlineData("--d", "5", "--d")]
    public void BadOptionExitsTwoWithOneLineAndWritesNothing(string option, string value, string named)
    {
        string outFile = Path.Combine(_dir, "levers.csv");
        var args = new List<string> { "simulate", "relu-levers", option, value, "--out", outFile };
        if (option != "--n") args.AddRange(["--n", "5"]);
        if (option != "--seeds") args.AddRange(["--seeds", "1"]);
        var (code, stdout, stderr) = Cli.CliHarness.Run([.. args]);
        Assert.Equal(CliRoot.BadInput, code);
        Assert.Equal("", stdout);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("error: " + named, lines[0]);
        Assert.False(File.Exists(outFile));
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public void MissingCifarFileExitsTwo()
    {
        var (code, stdout, stderr) = Cli.CliHarness.Run("simulate", "relu-levers", "--cifar100", Path.Combine(_dir, "nope.bin"), "--n", "2", "--seeds", "1");
        Assert.Equal(CliRoot.BadInput, code);
        Assert.Equal("", stdout);
        Assert.Contains("--cifar100", stderr);
    }

    [Fact]
    public void SyntheticJsonMatchesTheLibraryAndDoesNotDependOnThreads()
    {
        string[] args = ["simulate", "relu-levers", "--d", "6", "--width", "8", "--source-neurons", "3", "--target-neurons", "1", "--n", "4,8",
            "--n-source", "60", "--n-test", "100", "--pretrain-steps", "80", "--steps", "60", "--seeds", "2", "--kappa", "0.5", "--gamma-ft", "0.3", "--json"];
        var (code, output, err) = Cli.CliHarness.Run([.. args, "--threads", "1"]);
        Assert.True(code == 0, err);
        var (code2, output2, _) = Cli.CliHarness.Run([.. args, "--threads", "2"]);
        Assert.Equal(0, code2);
        Assert.Equal(output, output2);
        var doc = JsonDocument.Parse(output).RootElement;
        Assert.Equal(0.5, doc.GetProperty("kappa").GetDouble());
        var rows = doc.GetProperty("rows").EnumerateArray().ToArray();
        Assert.Equal(4, rows.Length); // 2 targets × 2 sizes
        // The mean over seeds equals the library's per-seed results.
        var s = new ReluLeverSettings(D: 6, Width: 8, SourceNeurons: 3, TargetNeurons: 1, SourceSamples: 60, TestSamples: 100, PretrainSteps: 80, TrainSteps: 60);
        var lv = new ReluLevers(1, 0.5, 0.3);
        var kinds = new[] { TargetFeatures.Subset, TargetFeatures.New };
        var r0 = ReluLeverTrial.Run(s, lv, kinds, [4, 8], 1, 0);
        var r1 = ReluLeverTrial.Run(s, lv, kinds, [4, 8], 1, 1);
        var first = rows[0];
        Assert.Equal("subset", first.GetProperty("target").GetString());
        Assert.Equal(4, first.GetProperty("n").GetInt32());
        Assert.Equal((r0.Outcomes[0].FineTune + r1.Outcomes[0].FineTune) / 2, first.GetProperty("fine_tune").GetDouble(), 12);
        Assert.Equal((r0.Outcomes[0].Scratch + r1.Outcomes[0].Scratch) / 2, first.GetProperty("scratch").GetDouble(), 12);
    }

    [Fact]
    public void CifarCommandRunsEndToEndAndWritesTidyCsv()
    {
        int n = 300;
        var rng = new Rng(5);
        var pixels = new byte[n * CifarReader.PixelCount];
        rng.Gaussian(pixels.Length).Select((v, i) => (byte)Math.Clamp(128 + 40 * v, 0, 255)).ToArray().CopyTo(pixels, 0);
        var fine = Enumerable.Range(0, n).Select(i => i % 100).ToArray();
        string f = Path.Combine(_dir, "train.bin"), csv = Path.Combine(_dir, "out.csv");
        CifarReader.Write(f, CifarVariant.Cifar100, pixels, fine, fine.Select(v => v / 5).ToArray());
        var (code, output, err) = Cli.CliHarness.Run("simulate", "relu-levers", "--cifar100", f, "--max-images", "250", "--pca-rows", "100", "--d", "6",
            "--width", "8", "--n", "2,3", "--seeds", "2", "--pretrain-steps", "10", "--steps", "20", "--holdout-classes", "1,2", "--json", "--out", csv);
        Assert.True(code == 0, err);
        var doc = JsonDocument.Parse(output).RootElement;
        Assert.Equal("cifar100", doc.GetProperty("task").GetString());
        Assert.Equal(250, doc.GetProperty("images").GetInt32());
        Assert.Equal(98, doc.GetProperty("pretrain_classes").GetInt32());
        Assert.Equal(2, doc.GetProperty("rows").GetArrayLength());
        Assert.Equal(1 + 2 * 2, File.ReadAllLines(csv).Length); // header + seeds × sizes
    }
}
