using TransferLab.Cli;
using TransferLab.Data.Readers;

namespace TransferLab.Tests.Cli;

[Collection("console")]
public sealed class ReluCliTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "tl-relu-cli-" + Guid.NewGuid().ToString("N"));

    public ReluCliTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Out, string Err) Run(params string[] args) => TransferLab.Tests.Cli.CliHarness.Run(args);

    [Fact]
    public void WidthZeroExitsTwoNamingTheOption()
    {
        var (code, _, err) = Run("simulate", "relu", "--width", "0", "--seeds", "2");
        Assert.Equal(2, code);
        Assert.Contains("--width", err);
    }

    [Fact]
    public void TruncatedCifarFileExitsTwoNamingTheFile()
    {
        string f = Path.Combine(_dir, "batch.bin");
        CifarReader.Write(f, CifarVariant.Cifar10, new byte[2 * 3072], [1, 2]);
        File.WriteAllBytes(f, File.ReadAllBytes(f)[..5000]);
        var (code, _, err) = Run("theory", "relu-ntk", "--d", "3", "--n", "1", "--data", f, "--format", "cifar10");
        Assert.Equal(2, code);
        Assert.Contains("batch.bin", err);
        Assert.Contains("not a multiple", err);
    }

    [Fact]
    public void MnistLabelCountMismatchExitsTwo()
    {
        string img = Path.Combine(_dir, "img"), lab = Path.Combine(_dir, "lab");
        MnistIdxReader.Write(img, [4, 2, 2], new byte[16]);
        MnistIdxReader.Write(lab, [3], [1, 2, 3]);
        var (code, _, err) = Run("theory", "relu-ntk", "--d", "2", "--n", "2", "--data", img, lab, "--format", "mnist");
        Assert.Equal(2, code);
        Assert.Contains("3 labels", err);
    }

    [Fact]
    public void TheoryJsonOnRealCsvInputsReportsTheBounds()
    {
        string f = Path.Combine(_dir, "x.csv");
        var rng = new global::TransferLab.Numerics.Rng(3);
        CsvMatrixReader.Write(f, rng.GaussianMatrix(30, 6));
        var (code, output, err) = Run("theory", "relu-ntk", "--d", "4", "--n", "20", "--data", f, "--format", "csv", "--json");
        Assert.True(code == 0, err);
        var doc = System.Text.Json.JsonDocument.Parse(output).RootElement;
        Assert.Equal("data", doc.GetProperty("inputs").GetString());
        double q = doc.GetProperty("fine_tune_quadratic_form").GetDouble();
        double rkhs = doc.GetProperty("fine_tune_rkhs_norm_squared").GetDouble();
        Assert.True(q > 0 && double.IsFinite(q));
        Assert.Equal(Math.Sqrt(2 * q / 20), doc.GetProperty("fine_tune_bound").GetDouble(), 12);
        Assert.True(rkhs > 0);
    }

    [Fact]
    public void SimulateFeaturesJsonRuns()
    {
        var (code, output, err) = Run("simulate", "relu", "--experiment", "features", "--d", "4", "--width", "8", "--teacher-width", "3", "--n", "10",
            "--n-source", "20", "--pretrain-steps", "20", "--steps", "20", "--seeds", "2", "--threads", "1", "--n-test", "50", "--json");
        Assert.True(code == 0, err);
        Assert.Contains("linear_transfer", output);
    }
}
