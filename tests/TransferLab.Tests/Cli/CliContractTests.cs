using System.Text.Json;
using TransferLab.Cli;

namespace TransferLab.Tests.Cli;

/// <summary>
/// The command-line contract other work scripts against: exit codes, JSON shapes and the guarantee of
/// no partial output. Runs the real command tree in-process (System.Console is redirected, so tests
/// in this class must not run in parallel with each other).
/// </summary>
[Collection("console")]
public class CliContractTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => CliHarness.Run(args);

    [Theory]
    [InlineData("theory", "linear", "--n", "0")]
    [InlineData("theory", "linear", "--n", "5", "--sigma", "-1")]
    [InlineData("theory", "linear", "--n", "5", "--d", "3", "--spectrum", "explicit", "--eigenvalues", "1,2")]
    [InlineData("simulate", "linear", "--n", "5", "--seeds", "1")]
    [InlineData("reproduce", "no-such-figure")]
    [InlineData("theory", "linear", "--n", "not-a-number")]
    public void BadInputExitsTwoWithOneLineNamingTheParameter(params string[] args)
    {
        var (code, _, err) = Run(args);
        Assert.Equal(2, code);
        Assert.StartsWith("error: ", err);
        string first = err.Split('\n')[0];
        Assert.True(first.Contains("--") || first.Contains("id"), first);
    }

    [Fact]
    public void ParseErrorsPrintOneLineEachNamingTheOption()
    {
        var (code, _, err) = Run("reproduce", "x", "--seed", "abc", "--threads");
        Assert.Equal(2, code);
        var lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(["error: --seed = abc: expected a non-negative integer", "error: --threads: needs a value (expected an integer)"], lines);

        (code, _, err) = Run("theory", "linear", "--d", "x");
        Assert.Equal(2, code);
        lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(["error: --d = x: expected an integer ≥ 1", "error: --n: required, not given (expected an integer ≥ 1)"], lines);

        (code, _, err) = Run("reproduce", "x", "--no-such-option");
        Assert.Equal(2, code);
        Assert.Equal("error: --no-such-option: not an option of `transferlab reproduce` (see `transferlab reproduce --help`)", err.Trim());
    }

    [Fact]
    public void HelpUsageNamesTheTransferlabCommand()
    {
        var (code, output, _) = Run("reproduce", "--help");
        Assert.Equal(0, code);
        Assert.Contains("transferlab reproduce <id> [options]", output);
        Assert.DoesNotContain("TransferLab.Cli", output);
    }

    [Fact]
    public void TheoryLinearJsonMatchesTheClosedForm()
    {
        // Σ = I, d = 50, n = 20, σ = 0.3: FT bias = (1 − n/d)‖w‖², variance = σ² n/(d − n − 1).
        var (code, json, _) = Run("theory", "linear", "--d", "50", "--n", "20", "--sigma", "0.3", "--teacher", "angle", "--angle", "60", "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(json);
        var ft = doc.RootElement.GetProperty("protocols")[0];
        Assert.Equal("fine-tune", ft.GetProperty("protocol").GetString());
        double w2 = doc.RootElement.GetProperty("norm2_source_minus_target").GetDouble();
        Assert.Equal(2 - 2 * Math.Cos(Math.PI / 3), w2, 10); // unit vectors at 60°
        Assert.Equal(0.6 * w2, ft.GetProperty("bias").GetDouble(), 10);
        Assert.Equal(0.09 * 20 / 29.0, ft.GetProperty("variance").GetDouble(), 10);
    }

    [Fact]
    public void UnwritableOutputExitsTwoAndLeavesNothing()
    {
        string file = Path.GetTempFileName();
        try
        {
            var (code, _, err) = Run("reproduce", "shachaf-linear-isotropic", "--quick", "--out", file);
            Assert.Equal(2, code);
            Assert.Contains("--out", err);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void ListJsonContainsTheLinearFigures()
    {
        var (code, json, _) = Run("list", "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(json);
        var ids = doc.RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetString()).ToList();
        Assert.Contains("shachaf-linear-isotropic", ids);
        Assert.Contains("shachaf-linear-anisotropic", ids);
    }
}
