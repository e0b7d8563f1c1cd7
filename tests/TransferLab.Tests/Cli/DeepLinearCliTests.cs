using TransferLab.Cli;

namespace TransferLab.Tests.Cli;

/// <summary>Bad input to the deep-linear commands: one-line error, exit code 2, no output files.</summary>
/// <remarks>The commands write to System.Console, so this class runs in the "console" collection (not beside tests that capture it).</remarks>
[Collection("console")]
public class DeepLinearCliTests
{
    [Theory]
    [InlineData("theory", "deep-linear", "--depth", "0")]
    [InlineData("theory", "deep-linear", "--overlap", "1.5")]
    [InlineData("theory", "deep-linear", "--alpha", "-1")]
    [InlineData("simulate", "deep-linear", "--depth", "3", "--widths", "3,0")]
    [InlineData("simulate", "deep-linear", "--depth", "3", "--widths", "3,3,3")]
    [InlineData("simulate", "deep-linear", "--depth", "inf")]
    [InlineData("simulate", "deep-linear", "--depth", "1", "--protocol", "frozen")]
    [InlineData("simulate", "deep-linear", "--depth", "1", "--protocol", "linear-transfer")]
    [InlineData("simulate", "deep-linear", "--protocol", "bogus")]
    [InlineData("theory", "deep-linear", "--spectrum", "cubic")]
    [InlineData("theory", "deep-linear", "--spectrum", "power-law", "--power", "-1")]
    [InlineData("theory", "deep-linear", "--spectrum", "power-law", "--alpha-source", "0.5")]
    [InlineData("theory", "deep-linear", "--task-seed", "3")]
    [InlineData("theory", "deep-linear", "--sigma-source", "0.3")]
    [InlineData("theory", "deep-linear", "--alpha-source", "1")]
    [InlineData("theory", "deep-linear", "--alpha-source", "-0.5")]
    [InlineData("simulate", "deep-linear", "--protocol", "scratch", "--alpha-source", "0.5")]
    [InlineData("simulate", "deep-linear", "--spectrum", "spiked", "--spikes", "100")]
    public void InvalidOptionsExitWithCodeTwo(params string[] args)
    {
        Assert.Equal(CliRoot.BadInput, new CliRoot().Invoke(args));
    }

    [Fact]
    public void PhaseDiagramWithBadInputWritesNothing()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"tl-deeplinear-{Guid.NewGuid():N}");
        Assert.Equal(CliRoot.BadInput, new CliRoot().Invoke(["phase-diagram", "deep-linear", "--protocol", "scratch", "--out", dir]));
        Assert.Equal(CliRoot.BadInput, new CliRoot().Invoke(["phase-diagram", "deep-linear", "--sigma", "-0.1", "--out", dir]));
        Assert.Equal(CliRoot.BadInput, new CliRoot().Invoke(["phase-diagram", "deep-linear", "--alpha-source", "1", "--out", dir]));
        Assert.Equal(CliRoot.BadInput, new CliRoot().Invoke(["phase-diagram", "deep-linear", "--sigma-source", "0.1", "--out", dir]));
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void PhaseDiagramWritesGridBoundaryAndHeatmap()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"tl-deeplinear-{Guid.NewGuid():N}");
        try
        {
            Assert.Equal(0, new CliRoot().Invoke(["phase-diagram", "deep-linear", "--protocol", "fine-tune", "--theta-points", "20", "--alpha-points", "20", "--out", dir]));
            foreach (var f in new[] { "phase-deep-linear-fine-tune.csv", "phase-deep-linear-fine-tune-boundary.csv", "phase-deep-linear-fine-tune.png" })
                Assert.True(File.Exists(Path.Combine(dir, f)), f);
            Assert.Equal(1 + 20 * 20, File.ReadAllLines(Path.Combine(dir, "phase-deep-linear-fine-tune.csv")).Length);
            // a finite source set (App. C) moves the boundary: Theorem C.1's 57.3° at α_s = 0.5, σ_s = 0.2
            Assert.Equal(0, new CliRoot().Invoke(["phase-diagram", "deep-linear", "--protocol", "fine-tune", "--alpha-source", "0.5", "--theta-points", "10", "--alpha-points", "10", "--out", dir]));
            var row = File.ReadAllLines(Path.Combine(dir, "phase-deep-linear-fine-tune-boundary.csv"))[1].Split(',');
            Assert.Equal(57.3, double.Parse(row[^2], System.Globalization.CultureInfo.InvariantCulture), 1);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }
}
