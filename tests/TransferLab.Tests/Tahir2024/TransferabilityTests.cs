using TransferLab.Models;
using TransferLab.Theory.Tahir2024;

namespace TransferLab.Tests.Tahir2024;

/// <summary>Transferability, its limits in overlap and γ, and the phase boundary (Tahir et al. §3.3).</summary>
public class TransferabilityTests
{
    [Fact]
    public void OverlapLimits()
    {
        // cos θ = 1: the pretrained feature is the target, T_lt = R_sc; cos θ = 0: R_lt = 1 = R of predicting 0.
        foreach (double g in new[] { 0.2, 0.8, 1.5 })
        {
            Assert.Equal(ScratchRisk.Asymptotic(g, 0.3), Transferability.LinearTransfer(g, 1, 0.3), 12);
            Assert.Equal(ScratchRisk.Asymptotic(g, 0.3) - 1, Transferability.LinearTransfer(g, 0, 0.3), 12);
        }
        // fine-tuning with c = 1: T_ft = (1 − γ)(2cos θ − 1), zero at θ = 60°, (1 − γ) at θ = 0, −(1 − γ) at 90°
        Assert.Equal(0.0, Transferability.FineTune(0.4, 0.5, 0.7), 12);
        Assert.Equal(0.6, Transferability.FineTune(0.4, 1, 0.7), 12);
        Assert.Equal(-0.6, Transferability.FineTune(0.4, 0, 0.7), 12);
        Assert.Equal(0.0, Transferability.FineTune(1.7, 0.2, 0.7), 12);
    }

    [Fact]
    public void SampleRatioLimits()
    {
        // γ → 0: scratch knows nothing (R_sc → 1), T_lt → cos²θ, T_ft → 2cos θ − 1; γ → ∞: R_sc → 0, T_lt → −sin²θ.
        double co = 0.8;
        Assert.Equal(co * co, Transferability.LinearTransfer(1e-9, co, 0.3), 6);
        Assert.Equal(2 * co - 1, Transferability.FineTune(1e-9, co, 0.3), 6);
        Assert.Equal(-(1 - co * co), Transferability.LinearTransfer(1e9, co, 0.3), 6);
    }

    [Fact]
    public void NegativeTransferIntervalMatchesTheNoteAndBracketsTheSignChange()
    {
        // docs/tahir2024.md §2.7: at σ = 0.2, θ = π/4 the γ < 1 negative interval is (0.5486, 0.9114); above 1 beyond 1.08.
        var iv = PhaseBoundary.LinearTransferNegativeInterval(Math.Cos(Math.PI / 4), 0.2)!.Value;
        Assert.Equal(0.5486, iv.Lower, 4);
        Assert.Equal(0.9114, iv.Upper, 4);
        Assert.Equal(1.08, PhaseBoundary.LinearTransferOverparameterisedThreshold(Math.Cos(Math.PI / 4), 0.2), 10);
        // the interval exists iff 1 − cos θ > σ (θ > 36.87° at σ = 0.2)
        Assert.Null(PhaseBoundary.LinearTransferNegativeInterval(Math.Cos(36 * Math.PI / 180), 0.2));
        Assert.NotNull(PhaseBoundary.LinearTransferNegativeInterval(Math.Cos(38 * Math.PI / 180), 0.2));
        // T changes sign across every boundary point
        foreach (double deg in new[] { 45.0, 60, 80 })
        {
            double co = Math.Cos(deg * Math.PI / 180);
            var v = PhaseBoundary.LinearTransferNegativeInterval(co, 0.2)!.Value;
            Assert.True(Transferability.LinearTransfer(v.Lower - 1e-4, co, 0.2) > 0 && Transferability.LinearTransfer(v.Lower + 1e-4, co, 0.2) < 0);
            Assert.True(Transferability.LinearTransfer(v.Upper - 1e-4, co, 0.2) < 0 && Transferability.LinearTransfer(v.Upper + 1e-4, co, 0.2) > 0);
        }
    }

    [Fact]
    public void OptimalRidgeBoundaryIsTheZeroOfTheRidgeTransferability()
    {
        var s = new TransferabilitySettings(DeepLinearProtocol.LinearTransfer, 0.2, ScratchBaseline.OptimalRidge);
        foreach (double deg in new[] { 20.0, 45, 70 })
        {
            double co = Math.Cos(deg * Math.PI / 180);
            double gc = PhaseBoundary.OptimalRidgeCriticalGamma(co, 0.2);
            Assert.Equal(co * co * (1 + 0.04 / (1 - co * co)), gc, 10);
            Assert.True(Math.Abs(Transferability.Compute(s, gc, co)) < 1e-10);
        }
    }

    [Fact]
    public void FineTuneBoundaryMovesWithDepthAtHighNoise()
    {
        // c > 1 at σ = 1 shifts cos θ* = c/2 (docs/tahir2024.md §2.4 table: 52.2° for L = 2, 45.2° for L = 4 at γ = 0.5).
        double deg2 = Math.Acos(PhaseBoundary.FineTuneCriticalOverlap(0.5, 1.0, ScratchBaseline.Ridgeless, 2)) * 180 / Math.PI;
        double deg4 = Math.Acos(PhaseBoundary.FineTuneCriticalOverlap(0.5, 1.0, ScratchBaseline.Ridgeless, 4)) * 180 / Math.PI;
        Assert.Equal(52.2, deg2, 1);
        Assert.Equal(45.2, deg4, 1);
        Assert.Equal(60.0, Math.Acos(PhaseBoundary.FineTuneCriticalOverlap(0.5, 1.0, ScratchBaseline.Ridgeless, null)) * 180 / Math.PI, 10);
    }

    [Fact]
    public void BoundaryBranchesLieOnTheZeroSetOfTheGrid()
    {
        var s = new TransferabilitySettings(DeepLinearProtocol.LinearTransfer, 0.2);
        foreach (var branch in PhaseBoundary.Branches(s, 2.0))
            for (int i = 0; i < branch.Gamma.Length; i += 7)
            {
                double co = Math.Cos(branch.ThetaDegrees[i] * Math.PI / 180);
                if (branch.Gamma[i] >= 2.0 || branch.Gamma[i] <= 0) continue;
                Assert.True(Math.Abs(Transferability.Compute(s, branch.Gamma[i], co)) < 1e-9, $"{branch.Label} at {branch.ThetaDegrees[i]}°");
            }
    }

    [Fact]
    public void HundredByHundredTheoreticalDiagramIsFast()
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var grid = TheoreticalPhaseDiagram.Compute(new TransferabilitySettings(DeepLinearProtocol.FineTune, 1.0, Depth: 3), 100, 100, 2.0);
        Assert.True(sw.Elapsed.TotalSeconds < 1.0);
        Assert.Equal(Transferability.FineTune(grid.Gamma[17], Math.Cos(grid.ThetaDegrees[42] * Math.PI / 180), 1.0, 3), grid.T[17, 42], 12);
    }
}
