using TransferLab.Models;
using TransferLab.Tests.Cli;
using TransferLab.Theory.Anguita2026;

namespace TransferLab.Tests.Anguita2026;

/// <summary>Regime classification of the paper's recipes and the diagonal-network CLI contract.</summary>
[Collection("console")]
public class RegimeTests
{
    [Fact]
    public void PaperRecipesFallInTheirRegimes()
    {
        foreach (var (regime, init) in RegimeClassifier.PaperRecipes)
        {
            Assert.Equal(regime, RegimeClassifier.Classify(init).Regime);
            Assert.Equal(regime, RegimeClassifier.Classify(init, 1, 1 / Math.Sqrt(0.1)).Regime);
        }
        // c_PT ≫ |β̂_PT|: c_FT ≈ 2(c_PT + λ_PT) is nearly uniform, so lazy and PT-independent (docs/anguita2026.md §1.3 limits).
        Assert.Equal(FineTuningRegime.LazyPretrainingIndependent, RegimeClassifier.Classify(new DiagonalInitialization(100, 0, 0)).Regime);
        Assert.Equal(FineTuningRegime.LazyPretrainingIndependent, RegimeClassifier.Classify(new DiagonalInitialization(100, 50, 0)).Regime);
    }

    [Fact]
    public void RegimeCommandNamesTheRegimeAndWhy()
    {
        var (code, output, _) = CliHarness.Run("regime", "--c-pt", "0.001", "--lambda-pt", "-0.00099", "--json");
        Assert.Equal(0, code);
        using var doc = System.Text.Json.JsonDocument.Parse(output);
        Assert.Equal("IV", doc.RootElement.GetProperty("regime").GetString());
        Assert.Contains("ℓ =", doc.RootElement.GetProperty("reason").GetString());
        // Symbols are written as UTF-8 text, not \uXXXX escapes, so the JSON stays readable in a terminal.
        Assert.Contains("ℓ =", output);
        Assert.DoesNotContain("\\u2113", output);
    }

    [Theory]
    [InlineData("theory", "diagonal", "--rho-pt", "1.5")]
    [InlineData("theory", "diagonal", "--rho-ft-shared", "0.3")]
    [InlineData("theory", "diagonal", "--alpha-ft", "0")]
    [InlineData("simulate", "diagonal", "--c-pt", "-1")]
    [InlineData("simulate", "diagonal", "--seeds", "1")]
    [InlineData("regime", "--lambda-pt", "0.5")]
    public void BadInputExitsTwoWithOneLineNamingTheOption(params string[] args)
    {
        var (code, output, err) = CliHarness.Run(args);
        Assert.Equal(2, code);
        Assert.StartsWith("error: --", err.Trim());
        Assert.Single(err.Trim().Split('\n'));
        Assert.Contains(args[^2], err);
        Assert.Equal("", output);
    }

    [Fact]
    public void TheoryAndSimulateDiagonalAgree()
    {
        var (code, output, _) = CliHarness.Run("simulate", "diagonal", "--d", "300", "--alpha-ft", "0.3", "--seeds", "6", "--gamma-ft", "1", "--rho-ft-shared", "0", "--rho-ft-new", "0.1", "--json");
        Assert.Equal(0, code);
        using var doc = System.Text.Json.JsonDocument.Parse(output);
        var row = doc.RootElement.GetProperty("rows")[0];
        double mean = row.GetProperty("mean_error").GetDouble(), se = row.GetProperty("standard_error").GetDouble(), th = row.GetProperty("replica").GetDouble();
        Assert.Equal(0, row.GetProperty("not_converged").GetInt32());
        Assert.True(Math.Abs(mean - th) <= 3 * se + 0.1 * th, $"{mean} ± {se} vs {th}");
        var (code2, output2, _) = CliHarness.Run("theory", "diagonal", "--alpha-ft", "0.3", "--gamma-ft", "1", "--rho-ft-shared", "0", "--rho-ft-new", "0.1", "--json");
        Assert.Equal(0, code2);
        using var doc2 = System.Text.Json.JsonDocument.Parse(output2);
        Assert.Equal(th, doc2.RootElement.GetProperty("rows")[0].GetProperty("error").GetDouble(), 12);
    }
}
