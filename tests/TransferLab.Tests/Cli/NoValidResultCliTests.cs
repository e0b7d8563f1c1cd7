namespace TransferLab.Tests.Cli;

/// <summary>Exit 3 "no valid result" (docs/architecture.md, "Error contract") and the regime limit on the command line.</summary>
[Collection("console")]
public class NoValidResultCliTests
{
    [Fact]
    public void SimulateReluThatDivergesEverywhereExitsThreeWithOneLine()
    {
        var (code, output, err) = CliHarness.Run("simulate", "relu", "--lr", "1000", "--d", "4", "--width", "20", "--n", "10", "--n-source", "20",
            "--n-test", "50", "--steps", "100", "--seeds", "2", "--threads", "1", "--json");
        Assert.Equal(3, code);
        Assert.StartsWith("error: no valid result: ", err.Trim());
        Assert.Single(err.Trim().Split('\n'));
        using var doc = System.Text.Json.JsonDocument.Parse(output);
        Assert.Equal("diverged", doc.RootElement.GetProperty("status").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, doc.RootElement.GetProperty("quantities").GetProperty("fine_tune_mse").GetProperty("mean").ValueKind);
    }

    [Fact]
    public void RegimeAtTheLargestGammaIsFiniteAndBeyondItIsRefused()
    {
        // The schema caps γ_FT at 1e100 (docs/architecture.md, "Error contract"); at the cap the answer is finite, and the
        // γ → ∞ limit the classifier computes where γ²/2 overflows is tested on the library (NumericalHonestyTests).
        var (code, output, _) = CliHarness.Run("regime", "--c-pt", "1", "--lambda-pt", "0", "--gamma-ft", "1e100");
        Assert.Equal(0, code);
        Assert.DoesNotContain("NaN", output);
        Assert.Contains("Regime III", output);
        var (refused, _, err) = CliHarness.Run("regime", "--c-pt", "1", "--lambda-pt", "0", "--gamma-ft", "1e308");
        Assert.Equal(2, refused);
        Assert.StartsWith("error: --gamma-ft = 1e308: ", err.Trim());
        Assert.Single(err.Trim().Split('\n'));
    }
}
