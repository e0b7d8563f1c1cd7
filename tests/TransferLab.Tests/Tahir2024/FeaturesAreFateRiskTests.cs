using TransferLab.Experiments.Tahir2024;
using TransferLab.Models;
using TransferLab.Numerics;
using TransferLab.Theory.Tahir2024;
using TransferLab.Training;
using TransferLab.Validation;

namespace TransferLab.Tests.Tahir2024;

/// <summary>Tahir et al. Theorems 3.6–3.9 against Monte Carlo of explicit regressions and against limiting cases.</summary>
public class FeaturesAreFateRiskTests
{
    [Theory]
    [InlineData(30)]
    [InlineData(150)]
    public void ScratchExactMatchesMonteCarlo(int n)
    {
        var risks = MonteCarlo.Risks(100, n, 0.6, 0.5, 300, 1);
        MonteCarlo.Agrees(ScratchRisk.Exact(n, 100, 0.5), MonteCarlo.Of(risks.Length, k => risks[k].Scratch), 0, "scratch");
    }

    [Fact]
    public void AsymptoticFormsAreTheLargeDLimitsOfTheExactOnes()
    {
        // γ = n/d fixed, d → ∞: exact finite-size means → Theorem 3.6 / 3.9 / 3.7 limits.
        foreach (double gamma in new[] { 0.3, 0.7, 1.6 })
        {
            int d = 200_000, n = (int)(gamma * d);
            Assert.Equal(ScratchRisk.Asymptotic(gamma, 0.4), ScratchRisk.Exact(n, d, 0.4), 3);
            Assert.Equal(FineTuneRisk.Asymptotic(gamma, 0.3, 0.4), FineTuneRisk.Exact(n, d, 0.3, 0.4), 3);
            Assert.Equal(LinearTransferRisk.Asymptotic(0.3), LinearTransferRisk.Exact(n, 0.3, 0.4), 4);
        }
    }

    [Fact]
    public void ReferenceValuesFromTheResearchNote()
    {
        // docs/tahir2024.md §2.7 (σ = 0.2), computed independently by the note's author in numpy.
        double[] gammas = [0.1, 0.25, 0.5, 0.75, 0.9, 1.1, 1.5, 2];
        double[] scratch = [0.9044, 0.7633, 0.5400, 0.3700, 0.4600, 0.4000, 0.0800, 0.0400];
        for (int i = 0; i < gammas.Length; i++) Assert.Equal(scratch[i], ScratchRisk.Asymptotic(gammas[i], 0.2), 4);
        Assert.Equal(0.2633, Transferability.LinearTransfer(0.25, Math.Cos(Math.PI / 4), 0.2), 4);
        Assert.Equal(-0.4836, Transferability.LinearTransfer(0.75, Math.Cos(3 * Math.PI / 8), 0.2), 4);
        Assert.Equal(0.4239, Transferability.FineTune(0.5, Math.Cos(Math.PI / 8), 0.2), 4);
        Assert.Equal(0.1702, LinearTransferRisk.Ridge(Math.Cos(Math.PI / 8), 0.2), 4);
        Assert.Equal(0.5348, OptimalRidgeScratchRisk.Asymptotic(0.5, 0.2), 4);
        Assert.Equal(0.1810, OptimalRidgeScratchRisk.Asymptotic(1.0, 0.2), 4);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.7)]
    [InlineData(1.0)]
    public void LinearTransferExactMatchesMonteCarlo(double overlap)
    {
        var risks = MonteCarlo.Risks(60, 20, overlap, 0.4, 400, 2);
        MonteCarlo.Agrees(LinearTransferRisk.Exact(20, overlap, 0.4), MonteCarlo.Of(risks.Length, k => risks[k].LinearTransfer), 0, "linear transfer");
    }

    [Fact]
    public void RidgeLinearTransferMatchesMonteCarloAtLargeN()
    {
        double overlap = Math.Cos(Math.PI / 8);
        foreach (double lambda in new[] { 0.1, 0.5 })
        {
            var risks = MonteCarlo.Risks(20, 2000, overlap, 0.2, 40, 3, lambda: lambda);
            MonteCarlo.Agrees(LinearTransferRisk.Ridge(overlap, lambda), MonteCarlo.Of(risks.Length, k => risks[k].LinearTransfer), 0.01, $"ridge λ={lambda}");
        }
    }

    [Theory]
    [InlineData(0.5, 0.0)]
    [InlineData(0.5, 0.9)]
    [InlineData(-0.3, 0.4)]
    public void FineTuneExactMatchesMonteCarloWithUnitFactor(double overlap, double sigma)
    {
        const int d = 100, n = 40;
        var risks = MonteCarlo.Risks(d, n, overlap, sigma, 300, 4);
        MonteCarlo.Agrees(FineTuneRisk.Exact(n, d, overlap, sigma), MonteCarlo.Of(risks.Length, k => risks[k].FineTune), 0, "fine-tune c = 1");
    }

    [Theory]
    [InlineData(2.0)]
    [InlineData(4.0)]
    public void BalancednessCorrectionMatchesMonteCarloAtHighNoise(double depth)
    {
        // docs/tahir2024.md §2.4: at σ = 1, γ = 0.5 the factor c (1.225 for L = 2, 1.408 for L = 4) changes R_ft visibly.
        const int d = 400, n = 200;
        var risks = MonteCarlo.Risks(d, n, 0.5, 1.0, 40, 5, depth: depth);
        double theory = FineTuneRisk.Asymptotic(0.5, 0.5, 1.0, depth);
        MonteCarlo.Agrees(theory, MonteCarlo.Of(risks.Length, k => risks[k].FineTune), 0.03, $"fine-tune L={depth}");
        MonteCarlo.Agrees(FineTuneRisk.ScaleFactor(0.5, 1.0, depth), MonteCarlo.Of(risks.Length, k => risks[k].ScaleFactor), 0.01, "c");
        Assert.Equal(depth == 2 ? 1.225 : 1.408, FineTuneRisk.ScaleFactor(0.5, 1.0, depth), 3);
        Assert.True(Math.Abs(theory - FineTuneRisk.Asymptotic(0.5, 0.5, 1.0)) > 0.05);
    }

    [Theory]
    [InlineData(40, 0.2)]
    [InlineData(160, 0.2)]
    [InlineData(40, 0.0)]
    public void ADrawWithoutTheOptimalRidgeHasTheSameRisksAndLeavesTheStreamAsItWas(int n, double sigma)
    {
        // The ridge is an extra factorization on the same data: leaving it out must change no other risk (bit for bit)
        // and no later random number (n = 40 < d: the n×n system; n = 160 > d: the d×d system).
        const int d = 80;
        var withRidge = new Rng(17);
        var without = new Rng(17);
        var a = ExactLimitSimulator.Draw(d, n, 0.6, sigma, withRidge, 2, 0, new FiniteSource(0.5, 0.2), withOptimalRidge: true);
        var b = ExactLimitSimulator.Draw(d, n, 0.6, sigma, without, 2, 0, new FiniteSource(0.5, 0.2));
        Assert.Equal(a with { OptimalRidge = null }, b);
        Assert.NotNull(a.OptimalRidge);
        Assert.Null(b.OptimalRidge);
        Assert.Equal(withRidge.NextGaussian(), without.NextGaussian());
        Assert.Equal(a.OptimalRidge!.Value, a.Of(ScratchBaseline.OptimalRidge));
        Assert.Throws<InvalidOperationException>(() => b.Of(ScratchBaseline.OptimalRidge));
        if (sigma == 0) Assert.Equal(a.Scratch, a.OptimalRidge!.Value); // λ* = σ²d/(n‖β_t‖²) = 0: the ridge is the min-norm fit
    }

    [Fact]
    public void OptimalRidgeMatchesMonteCarloAndHasTheNoiselessLimit()
    {
        foreach (var (gamma, sigma) in new[] { (0.5, 0.2), (1.0, 0.5), (2.0, 0.2) })
        {
            const int d = 200;
            int n = (int)(gamma * d);
            var risks = MonteCarlo.Risks(d, n, 0.5, sigma, 30, 6, withOptimalRidge: true);
            MonteCarlo.Agrees(OptimalRidgeScratchRisk.Asymptotic(gamma, sigma), MonteCarlo.Of(risks.Length, k => risks[k].OptimalRidge!.Value), 0.05, $"ridge γ={gamma}");
        }
        Assert.Equal(0.7, OptimalRidgeScratchRisk.Asymptotic(0.3, 1e-9), 8);
        Assert.Equal(0.0, OptimalRidgeScratchRisk.Asymptotic(1.5, 1e-9), 8);
        // never worse than ridgeless scratch
        foreach (double g in new[] { 0.2, 0.9, 1.1, 3.0 })
            Assert.True(OptimalRidgeScratchRisk.Asymptotic(g, 0.3) <= ScratchRisk.Asymptotic(g, 0.3));
    }

    [Fact]
    public void GradientDescentLinearTransferAfterRealPretrainingMatchesTheLimitObject()
    {
        // Pretrain a depth-2 network by GD from small init on the population source loss, then refit the readout:
        // the result equals the exact-limit object b·β_s used by the simulator (Theorems 3.4 + 3.7).
        var rng = new Rng(13);
        int d = 12, n = 6;
        var pair = OverlapTeacherPair.Draw(d, 0.6, rng);
        var init = DeepLinearNetworkInit.Random(d, 2, [d], 1e-3, DeepLinearInitKind.Gaussian, rng);
        var pre = DeepLinearProtocols.Pretrain(init, new PopulationSquaredLoss(pair.Source), new DeepLinearTrainingOptions(0.1, RelativeGradientTolerance: 1e-10));
        var x = rng.GaussianMatrix(n, d);
        var y = LinearAlgebra.Multiply(x, pair.Target);
        for (int i = 0; i < n; i++) y[i] += 0.3 * rng.NextGaussian();
        var lt = DeepLinearProtocols.LinearTransfer(pre.Network, new EmpiricalSquaredLoss(x, y));
        var z = LinearAlgebra.Multiply(x, pair.Source);
        var expected = Vec.Scaled(pair.Source, Vec.Dot(z, y) / Vec.NormSquared(z));
        Assert.True(Vec.MaxAbsDiff(lt.EndToEnd, expected) < 1e-5, $"diff {Vec.MaxAbsDiff(lt.EndToEnd, expected)} conv {pre.Converged} steps {pre.Steps} sv {string.Join(",", LinearAlgebra.Svd(pre.Network.FeatureMap()).S.Take(3))}");
    }

    [Fact]
    public void OverlapOutsideItsRangeIsRejected()
    {
        var e = Assert.Throws<ParameterException>(() => Transferability.LinearTransfer(0.5, 1.2, 0.2));
        Assert.Equal("overlap", e.Parameter);
        Assert.Throws<ParameterException>(() => ScratchRisk.Asymptotic(-0.1, 0.2));
        Assert.Throws<ParameterException>(() => FineTuneRisk.Asymptotic(0.5, 0.5, -1));
    }
}
