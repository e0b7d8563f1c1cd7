using TransferLab.Data.Readers;

namespace TransferLab.Tests.Cli;

/// <summary>The real-data entry points report a missing data set as one line naming the Debian package, exit code 2.</summary>
[Collection("console")]
public class DataCliTests
{
    private static readonly string Missing = Path.Combine(Path.GetTempPath(), "tl-no-fashion-" + Guid.NewGuid().ToString("N"));

    [Theory]
    [InlineData("data", "info", "fashion-mnist", "--data-dir")]
    [InlineData("data", "export", "fashion-mnist", "--out", "x.csv", "--data-dir")]
    [InlineData("simulate", "relu", "--dataset", "fashion-mnist", "--data-dir")]
    [InlineData("theory", "relu-ntk", "--dataset", "fashion-mnist", "--data-dir")]
    [InlineData("simulate", "relu-levers", "--dataset", "fashion-mnist", "--data-dir")]
    [InlineData("reproduce", "tahir-relu-fashion", "--quick", "--out", "OUT", "--data-dir")]
    public void AMissingDataSetIsOneLineNamingThePackage(params string[] args)
    {
        string outDir = Path.Combine(Path.GetTempPath(), "tl-data-cli-" + Guid.NewGuid().ToString("N"));
        var full = args.Select(a => a == "OUT" ? outDir : a == "x.csv" ? Path.Combine(Path.GetTempPath(), "tl-x.csv") : a).Append(Missing).ToArray();
        var (code, _, err) = CliHarness.Run(full);
        Assert.Equal(2, code);
        var lines = err.Trim().Split('\n');
        Assert.Single(lines);
        Assert.StartsWith("error: --data-dir = " + Missing, lines[0]);
        Assert.Contains(FashionMnist.DebianPackage, lines[0]);
        // Nothing written by the figure.
        Assert.False(Directory.Exists(outDir) && Directory.EnumerateFiles(outDir, "*.csv").Any());
    }

    [Fact]
    public void AnUnknownDataSetNameIsAnInputError()
    {
        var (code, _, err) = CliHarness.Run("data", "info", "cifar-1000");
        Assert.Equal(2, code);
        Assert.Contains("<dataset>", err);
    }
}
