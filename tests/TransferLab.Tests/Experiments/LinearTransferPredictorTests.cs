using System.Globalization;
using System.Text.Json;
using TransferLab.Data;
using TransferLab.Data.Readers;
using TransferLab.Experiments;
using TransferLab.Numerics;
using TransferLab.Tests.Cli;

namespace TransferLab.Tests.Experiments;

/// <summary>The practitioner's predictor (<c>predict linear</c>): statistics in, theory and bootstrap check out.</summary>
[Collection("console")]
public sealed class LinearTransferPredictorTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "tl-predict-" + Guid.NewGuid().ToString("N"));

    public LinearTransferPredictorTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (Matrix X, double[] Source, double[] Target) GaussianTask(int rows, int d, ulong seed)
    {
        var rng = new Rng(seed);
        var cov = CovarianceModel.PowerLaw(d, 1.0).Rotated(rng);
        var pair = LinearTeacherPair.ScaledNoisyCopy(d, 1.0, 0.4, rng);
        return (cov.Sample(rows, rng), pair.Source, pair.Target);
    }

    [Fact]
    public void EmpiricalCovarianceIsTheSecondMomentMatrix()
    {
        var (x, s, t) = GaussianTask(300, 6, 3);
        var (task, from, rows) = LinearTransferPredictor.BuildTask(new PractitionerTask(x, s, t, null, 0.2));
        Assert.Equal("given", from);
        Assert.Equal(300, rows);
        // Independent check: vᵀΣ̂v = (1/N)‖Xv‖² for any v, against the eigendecomposed model.
        var v = new Rng(4).Gaussian(6);
        var xv = LinearAlgebra.Multiply(x, v);
        Assert.Equal(Vec.NormSquared(xv) / 300, task.Covariance.Norm2(v), 10);
        Assert.Equal(0.2, task.NoiseSd);
    }

    [Fact]
    public void LabelsGiveTheLeastSquaresTargetAndResidualNoise()
    {
        // N = 4000 ≫ d = 10: the fitted θ_T is within a few σ/√N of the truth and σ̂ within ~2 % of σ.
        const int d = 10, rows = 4000;
        const double sigma = 0.5;
        var (x, s, t) = GaussianTask(rows, d, 5);
        var rng = new Rng(6);
        var y = LinearAlgebra.Multiply(x, t);
        for (int i = 0; i < rows; i++) y[i] += sigma * rng.NextGaussian();
        var (task, from, _) = LinearTransferPredictor.BuildTask(new PractitionerTask(x, s, null, y, null));
        Assert.StartsWith("least-squares", from);
        Assert.True(Math.Abs(task.NoiseSd - sigma) < 0.03, $"σ̂ = {task.NoiseSd}");
        // Excess risk of the estimate ≈ σ²d/N = 6e-4 in expectation; allow 5×.
        Assert.True(task.Covariance.Norm2(Vec.Subtract(task.Teachers.Target, t)) < 5 * sigma * sigma * d / rows);
    }

    [Fact]
    public void TheoryAgreesWithTheBootstrapOnGaussianInputs()
    {
        // The bootstrap resamples the user's rows, so its risk is measured in Σ̂ exactly; on Gaussian rows the
        // deterministic equivalent should agree within the proportional-limit error (a few %) plus 3 SE.
        var (x, s, t) = GaussianTask(3000, 40, 7);
        var p = LinearTransferPredictor.Predict(new PractitionerTask(x, s, t, null, 0.1), [8, 20, 30], checkRepetitions: 150, seed: 9, threads: 2);
        foreach (var pt in p.Points)
        {
            Assert.True(Math.Abs(pt.FineTuneSimulated!.Value - pt.FineTune) < 3 * pt.FineTuneSe!.Value + 0.08 * pt.FineTune,
                $"n = {pt.N}: fine-tune {pt.FineTuneSimulated} ± {pt.FineTuneSe} vs {pt.FineTune}");
            Assert.True(Math.Abs(pt.ScratchSimulated!.Value - pt.Scratch) < 3 * pt.ScratchSe!.Value + 0.08 * pt.Scratch,
                $"n = {pt.N}: scratch {pt.ScratchSimulated} ± {pt.ScratchSe} vs {pt.Scratch}");
            Assert.True(pt.FineTune < pt.Scratch); // θ_S is close to θ_T here
        }
        Assert.Equal(30, p.PretrainingHelpsUpTo);
    }

    [Fact]
    public void CliWritesTidyOutputAndRejectsMismatchedWeights()
    {
        var (x, s, t) = GaussianTask(200, 5, 11);
        string inputs = Path.Combine(_dir, "x.csv"), src = Path.Combine(_dir, "s.txt"), tgt = Path.Combine(_dir, "t.txt"), bad = Path.Combine(_dir, "bad.txt");
        CsvMatrixReader.Write(inputs, x);
        File.WriteAllLines(src, s.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        File.WriteAllText(tgt, string.Join(",", t.Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
        File.WriteAllLines(bad, s.Take(4).Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        string outDir = Path.Combine(_dir, "out");

        var (code, json, _) = CliHarness.Run("predict", "linear", "--inputs", inputs, "--source-weights", src, "--target-weights", tgt, "--n", "2,4", "--out", outDir, "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(json);
        var points = doc.RootElement.GetProperty("prediction").GetProperty("points");
        Assert.Equal(2, points.GetArrayLength());
        Assert.True(File.Exists(Path.Combine(outDir, "predict-linear.csv")));
        Assert.True(File.Exists(Path.Combine(outDir, "predict-linear-manifest.json")));

        string outBad = Path.Combine(_dir, "out-bad");
        var (code2, _, err) = CliHarness.Run("predict", "linear", "--inputs", inputs, "--source-weights", bad, "--target-weights", tgt, "--out", outBad);
        Assert.Equal(2, code2);
        Assert.Contains("--source-weights", err);
        Assert.False(Directory.Exists(outBad) && Directory.EnumerateFileSystemEntries(outBad).Any());
    }
}
