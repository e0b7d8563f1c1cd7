using System.Text.Json;
using TransferLab.Tests.Cli;
using TransferLab.Theory.Tahir2024;

namespace TransferLab.Tests.Cli;

/// <summary>The deep-linear commands' new options: a non-isotropic spectrum and a finite source set (JSON output).</summary>
[Collection("console")]
public class DeepLinearCliOutputTests
{
    private static JsonElement Json(params string[] args)
    {
        var (code, output, err) = CliHarness.Run(args);
        Assert.True(code == 0, err);
        return JsonDocument.Parse(output).RootElement;
    }

    [Fact]
    public void TheoryWithAFiniteSourceReportsAppendixCQuantities()
    {
        var j = Json("theory", "deep-linear", "--alpha", "0.5", "--overlap", "0.6", "--sigma", "0.2", "--alpha-source", "0.5", "--json");
        Assert.Equal(0.54, j.GetProperty("source_fit_norm_squared").GetDouble(), 12);
        Assert.Equal(57.3, j.GetProperty("finite_source_fine_tune_critical_theta_degrees_paper").GetDouble(), 1);
        Assert.Equal(FiniteSourceRisk.ScaleFactor(0.5, 0.2, new FiniteSource(0.5, 0.2), 2), j.GetProperty("finite_source_fine_tune_scale_factor").GetDouble(), 12);
        // without --alpha-source the finite-source fields are null
        var plain = Json("theory", "deep-linear", "--json");
        Assert.Equal(JsonValueKind.Null, plain.GetProperty("alpha_source").ValueKind);
    }

    [Fact]
    public void TheoryWithAPowerLawSpectrumUsesTheGeneralCovarianceTheory()
    {
        var j = Json("theory", "deep-linear", "--spectrum", "power-law", "--power", "0.5", "--d", "200", "--alpha", "0.3", "--json");
        Assert.StartsWith("power-law", j.GetProperty("spectrum").GetString());
        Assert.Contains("Σ = I", j.GetProperty("isotropic_only").GetString());
        double sc = j.GetProperty("scratch_risk").GetDouble(), lt = j.GetProperty("linear_transfer_risk").GetDouble();
        Assert.Equal(sc - lt, j.GetProperty("transferability_linear_transfer").GetDouble(), 12);
        Assert.True(j.GetProperty("source_norm_sigma").GetDouble() < 0.5); // ‖β_s‖²_Σ ≈ tr Σ/d for a random direction
    }

    [Fact]
    public void SimulateReportsTheSpectrumAndTheFiniteSource()
    {
        var a = Json("simulate", "deep-linear", "--protocol", "linear-transfer", "--d", "20", "--seeds", "3", "--spectrum", "power-law", "--json");
        Assert.True(a.GetProperty("theory_asymptotic").GetDouble() > 0);
        Assert.True(a.GetProperty("mean_distance_to_limit").GetDouble() < 1e-8);
        var b = Json("simulate", "deep-linear", "--protocol", "fine-tune", "--d", "20", "--seeds", "3", "--spectrum", "power-law", "--alpha-source", "0.5", "--json");
        Assert.Equal(JsonValueKind.Null, b.GetProperty("theory_asymptotic").ValueKind);
        Assert.Contains("isotropic", b.GetProperty("theory_note").GetString());
        var c = Json("simulate", "deep-linear", "--protocol", "fine-tune", "--d", "20", "--seeds", "3", "--alpha-source", "1.5", "--sigma-source", "0.1", "--json");
        Assert.Equal(0.1, c.GetProperty("sigma_source").GetDouble());
        Assert.True(c.GetProperty("mean_distance_to_limit").GetDouble() < 0.01);
    }
}
