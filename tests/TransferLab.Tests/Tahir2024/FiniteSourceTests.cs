using TransferLab.Experiments.Tahir2024;
using TransferLab.Models;
using TransferLab.Numerics;
using TransferLab.Theory.Tahir2024;
using TransferLab.Theory.Shachaf2021;
using TransferLab.Training;
using TransferLab.Validation;

namespace TransferLab.Tests.Tahir2024;

/// <summary>
/// Finite source data (Tahir et al. App. C, Theorem C.1; docs/tahir2024.md §2.5) against Monte Carlo of the source fit and of every
/// protocol's exact limit, against real gradient descent, and against the infinite-source formulas as γ_s → ∞.
/// </summary>
public class FiniteSourceTests
{
    private static ExactLimitRisks[] Risks(int d, int n, double overlap, double sigma, FiniteSource source, int draws, ulong seed, double? depth = null)
        => Enumerable.Range(0, draws).Select(k => ExactLimitSimulator.Draw(d, n, overlap, sigma, SeedSequence.For(seed, n, k), depth, 0, source)).ToArray();

    [Theory]
    [InlineData(60)]
    [InlineData(300)]
    public void SourceFitMomentsMatchTheExactInverseWishartMeans(int sourceSamples)
    {
        // E‖β̂_s‖² and E β̂_s·β_t: n_s/d + σ_s²n_s/(d − n_s − 1) and (n_s/d)cos θ below d; 1 + σ_s²d/(n_s − d − 1) and cos θ above.
        const int d = 150, draws = 300;
        const double sigmaS = 0.5, overlap = 0.6;
        var norms = new double[draws];
        var aligns = new double[draws];
        for (int k = 0; k < draws; k++)
        {
            var rng = SeedSequence.For(11, sourceSamples, k);
            var pair = OverlapTeacherPair.Draw(d, overlap, rng);
            var fit = ExactLimitSimulator.FitSource(pair.Source, sourceSamples, sigmaS, rng);
            norms[k] = Vec.NormSquared(fit);
            aligns[k] = Vec.Dot(fit, pair.Target);
        }
        var m = FiniteSourceRisk.ExactMoments(sourceSamples, d, sigmaS);
        MonteCarlo.Agrees(m.NormSquared, MonteCarlo.Of(draws, k => norms[k]), 0, "‖β̂_s‖²");
        MonteCarlo.Agrees(m.Alignment * overlap, MonteCarlo.Of(draws, k => aligns[k]), 0, "β̂_s·β_t");
    }

    [Theory]
    [InlineData(50, 0.5)]
    [InlineData(150, 0.5)]
    [InlineData(50, -0.3)]
    public void FineTuneWithUnitFactorMatchesTheExactMean(int sourceSamples, double overlap)
    {
        // Theorem C.1 in exact finite-size form: the target projector is independent of (β̂_s, β_t).
        const int d = 100, n = 40;
        const double sigma = 0.3, sigmaS = 0.4;
        var src = new FiniteSource(sourceSamples / (double)d, sigmaS);
        var risks = Risks(d, n, overlap, sigma, src, 400, 12);
        MonteCarlo.Agrees(FiniteSourceRisk.FineTuneExact(n, d, sourceSamples, overlap, sigma, sigmaS),
            MonteCarlo.Of(risks.Length, k => risks[k].FineTune), 0, $"fine-tune c = 1, n_s = {sourceSamples}");
    }

    [Theory]
    [InlineData(0.5, 0.9)]
    [InlineData(0.5, 0.3)]
    [InlineData(1.5, 0.7)]
    public void LinearTransferMatchesTheProportionalLimit(double gammaS, double overlap)
    {
        // R_lt → 1 − M²cos²θ/A plus the exact finite-n readout variance (R + σ²)/(n − 2); the O(1/d) fluctuation of
        // (β̂_s·β_t)²/‖β̂_s‖² is covered by an absolute slack of 0.01.
        const int d = 400, n = 200;
        const double sigma = 0.2;
        var src = new FiniteSource(gammaS, 0.3);
        var risks = Risks(d, n, overlap, sigma, src, 60, 13);
        var mc = MonteCarlo.Of(risks.Length, k => risks[k].LinearTransfer);
        double theory = FiniteSourceRisk.LinearTransferFiniteN(FiniteSourceRisk.Moments(src), n, overlap, sigma);
        Assert.True(Math.Abs(mc.Mean - theory) <= 3.5 * mc.Se + 0.01, $"LT γ_s = {gammaS}: MC {mc.Mean} ± {mc.Se} vs {theory}");
        // and the note's closed form
        double g = gammaS, s2 = 0.09;
        double note = g < 1 ? 1 - g * overlap * overlap / (1 + s2 / (1 - g)) : 1 - overlap * overlap / (1 + s2 / (g - 1));
        Assert.Equal(note, FiniteSourceRisk.LinearTransfer(src, overlap), 12);
    }

    [Theory]
    [InlineData(0.5, 2.0)]
    [InlineData(1.5, 2.0)]
    [InlineData(0.5, 4.0)]
    public void BalancedFlowFactorMatchesMonteCarloOfTheExactLimit(double gammaS, double depth)
    {
        // Reconstructed correction: per design c_L solves a·c^{2L/(L−1)} = q + b·c² with a = ‖β̂_s‖²; its limit uses
        // a = A, b = (1 − γ)A, q = γ + γσ²/(1 − γ). At γ_s = 0.5, A = 0.54 and c_2 ≈ 1.13 although σ is small.
        const int d = 400, n = 200;
        const double sigma = 0.2, overlap = 0.6;
        var src = new FiniteSource(gammaS, 0.2);
        var risks = Risks(d, n, overlap, sigma, src, 100, 14, depth);
        double c = FiniteSourceRisk.ScaleFactor(0.5, sigma, src, depth);
        // c fluctuates with ‖β̂_s‖² and ‖X⁺y‖² (relative spread ≈ 7 % each at d = 400): compare within its standard error
        MonteCarlo.Agrees(c, MonteCarlo.Of(risks.Length, k => risks[k].ScaleFactor), 0, $"c_{depth}");
        MonteCarlo.Agrees(FiniteSourceRisk.FineTune(0.5, overlap, sigma, src, depth), MonteCarlo.Of(risks.Length, k => risks[k].FineTune), 0.03,
            $"fine-tune c_{depth}, γ_s = {gammaS}");
        if (gammaS < 1) Assert.True(c > 1.08, $"c = {c}: the finite source should rescale the null-space part");
    }

    [Fact]
    public void GradientDescentFromAFiniteSourceReachesThePredictedObjects()
    {
        // Pretraining by GD from small init on n_s < d source samples ends at X_s⁺y_s with rank-one balanced features along it
        // (Theorems 3.4–3.5 applied to the source); fine-tuning by GD then follows the c_L law with θ_S = β̂_s, and c ≠ 1.
        const int d = 12, ns = 3, n = 4, depth = 2;
        var rng = new Rng(91);
        var pair = OverlapTeacherPair.Draw(d, 0.7, rng);
        var xs = rng.GaussianMatrix(ns, d);
        var ys = LinearAlgebra.Multiply(xs, pair.Source);
        for (int i = 0; i < ns; i++) ys[i] += 0.2 * rng.NextGaussian();
        var sourceLoss = new EmpiricalSquaredLoss(xs, ys);
        var init = DeepLinearNetworkInit.Random(d, depth, [d], 1e-3, DeepLinearInitKind.Gaussian, rng);
        double etaS = DeepLinearGradientFlow.SuggestStep(sourceLoss, depth, 2.0, 0.2);
        var pre = DeepLinearProtocols.Pretrain(init, sourceLoss, new DeepLinearTrainingOptions(etaS, 400_000, 1e-10));
        Assert.True(pre.Converged);
        var betaHat = LinearAlgebra.LeastSquares(xs, ys);
        Assert.True(Vec.Norm(Vec.Subtract(pre.EndToEnd, betaHat)) < 2e-3 * Vec.Norm(betaHat), "pretraining end point vs X_s⁺y_s");
        var sv = LinearAlgebra.Svd(pre.Network.Layers[0]).S;
        Assert.True(sv[1] < 1e-2 * sv[0], $"features not rank one: {sv[0]}, {sv[1]}");
        Assert.Equal(Math.Sqrt(Vec.Norm(betaHat)), sv[0], 3);

        var x = rng.GaussianMatrix(n, d);
        var y = LinearAlgebra.Multiply(x, pair.Target);
        for (int i = 0; i < n; i++) y[i] += 0.2 * rng.NextGaussian();
        var loss = new EmpiricalSquaredLoss(x, y);
        double eta = DeepLinearGradientFlow.SuggestStep(loss, depth, 2.0, 0.05);
        var ft = DeepLinearProtocols.FineTune(pre.Network, loss, new DeepLinearTrainingOptions(eta, 400_000, 1e-9));
        Assert.True(ft.Converged);
        var exact = DeepFineTuningSolution.Compute(x, y, pre.EndToEnd, depth);
        Assert.True(Vec.Norm(Vec.Subtract(ft.EndToEnd, exact.Theta)) < 0.02 * Vec.Norm(exact.Theta),
            $"GD vs c_L limit: {Vec.Norm(Vec.Subtract(ft.EndToEnd, exact.Theta))}");
        var paperLimit = DeepFineTuningSolution.Compute(x, y, pre.EndToEnd, 1).Theta; // c = 1
        Assert.True(Vec.Norm(Vec.Subtract(ft.EndToEnd, exact.Theta)) < 0.25 * Vec.Norm(Vec.Subtract(ft.EndToEnd, paperLimit)), "GD should be closer to c_L than to c = 1");
        Assert.True(Math.Abs(exact.ScaleFactor - 1) > 0.05, $"c = {exact.ScaleFactor}");

        var lt = DeepLinearProtocols.LinearTransfer(pre.Network, loss);
        var z = LinearAlgebra.Multiply(x, pre.EndToEnd);
        Assert.True(Vec.MaxAbsDiff(lt.EndToEnd, Vec.Scaled(pre.EndToEnd, Vec.Dot(z, y) / Vec.NormSquared(z))) < 1e-3 * Vec.Norm(lt.EndToEnd));
    }

    [Fact]
    public void LargeSourceRecoversTheInfiniteSourceFormulas()
    {
        var huge = new FiniteSource(1e9, 0.3);
        var m = FiniteSourceRisk.Moments(huge);
        Assert.Equal(1.0, m.NormSquared, 8);
        Assert.Equal(1.0, m.Alignment, 12);
        // σ_s = 0 and γ_s > 1: OLS recovers β_s exactly, so every formula equals the infinite-source one
        var exactFit = new FiniteSource(1.5, 0);
        foreach (double co in new[] { -0.4, 0.0, 0.5, 0.95 })
            foreach (double g in new[] { 0.2, 0.6, 1.4 })
            {
                Assert.Equal(LinearTransferRisk.Ridge(co, 0.2), FiniteSourceRisk.LinearTransfer(huge, co, 0.2), 7);
                Assert.Equal(FineTuneRisk.Asymptotic(g, co, 0.3, 3), FiniteSourceRisk.FineTune(g, co, 0.3, huge, 3), 7);
                Assert.Equal(FineTuneRisk.Asymptotic(g, co, 0.3), FiniteSourceRisk.FineTune(g, co, 0.3, exactFit), 12);
            }
        foreach (var method in new[] { DeepLinearProtocol.LinearTransfer, DeepLinearProtocol.FineTune })
        {
            var inf = TheoreticalPhaseDiagram.Compute(new TransferabilitySettings(method, 0.2, Depth: 2), 30, 30, 2.0);
            var fin = TheoreticalPhaseDiagram.Compute(new TransferabilitySettings(method, 0.2, Depth: 2, Source: huge), 30, 30, 2.0);
            for (int i = 0; i < 30; i++)
                for (int j = 0; j < 30; j++)
                    if (double.IsFinite(inf.T[i, j])) Assert.Equal(inf.T[i, j], fin.T[i, j], 6);
        }
        Assert.Equal(FineTuneRisk.ScaleFactor(0.4, 1.0, 4), FiniteSourceRisk.ScaleFactor(0.4, 1.0, huge, 4), 7);
        // and the exact finite-size fine-tune mean tends to the infinite-source exact mean
        Assert.Equal(FineTuneRisk.Exact(40, 100, 0.5, 0.3), FiniteSourceRisk.FineTuneExact(40, 100, 10_000_000, 0.5, 0.3, 0.2), 6);
    }

    [Fact]
    public void TinySourceMakesTransferUseless()
    {
        // γ_s → 0: β̂_s → 0, so linear transfer has risk 1 and fine-tuning (c = 1) is scratch (T_ft → 0).
        var tiny = new FiniteSource(1e-9, 0.3);
        Assert.Equal(1.0, FiniteSourceRisk.LinearTransfer(tiny, 0.8), 8);
        Assert.Equal(0.0, Transferability.Compute(new TransferabilitySettings(DeepLinearProtocol.FineTune, 0.2, Source: tiny), 0.5, 0.8), 8);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(1.5)]
    public void TheoremC1ClosedFormAndBreakEvenAngle(double gammaS)
    {
        // docs/tahir2024.md §2.5: T_ft = −(1 − γ_t)[γ_s(1 − 2cos θ) + σ_s²γ_s/(1 − γ_s)] (γ_s < 1) or −(1 − γ_t)[(1 − 2cos θ) + σ_s²/(γ_s − 1)],
        // break-even cos θ* = ½(1 + σ_s²/|1 − γ_s|) = 0.54 (57.3°) at σ_s = 0.2 for both γ_s = 0.5 and 1.5.
        var src = new FiniteSource(gammaS, 0.2);
        var s = new TransferabilitySettings(DeepLinearProtocol.FineTune, 0.2, Source: src);
        foreach (double gt in new[] { 0.1, 0.5, 0.8 })
            foreach (double co in new[] { -0.5, 0.2, 0.7, 1.0 })
            {
                double note = gammaS < 1
                    ? -(1 - gt) * (gammaS * (1 - 2 * co) + 0.04 * gammaS / (1 - gammaS))
                    : -(1 - gt) * ((1 - 2 * co) + 0.04 / (gammaS - 1));
                Assert.Equal(note, Transferability.Compute(s, gt, co), 12);
            }
        double critical = PhaseBoundary.FineTuneCriticalOverlap(0.5, 0.2, ScratchBaseline.Ridgeless, null, src);
        Assert.Equal(0.54, critical, 12);
        Assert.Equal(57.3, Math.Acos(critical) * 180 / Math.PI, 1);
        Assert.Equal(0.0, Transferability.Compute(s, 0.5, critical), 12);
    }

    [Theory]
    [InlineData(DeepLinearProtocol.LinearTransfer, 0.5)]
    [InlineData(DeepLinearProtocol.LinearTransfer, 1.5)]
    [InlineData(DeepLinearProtocol.FineTune, 0.5)]
    public void BoundaryBranchesAreZerosOfTheTransferability(DeepLinearProtocol method, double gammaS)
    {
        var s = new TransferabilitySettings(method, 0.2, Depth: method == DeepLinearProtocol.FineTune ? 2 : null, Source: new FiniteSource(gammaS, 0.2));
        var branches = PhaseBoundary.Branches(s, 2.0);
        Assert.NotEmpty(branches);
        foreach (var b in branches)
            for (int i = 0; i < b.Gamma.Length; i++)
            {
                double g = b.Gamma[i], co = Math.Cos(b.ThetaDegrees[i] * Math.PI / 180);
                if (g >= 2.0 - 1e-12 || g <= 1e-9) continue; // clipped at the plot edge
                Assert.True(Math.Abs(Transferability.Compute(s, g, co)) < 1e-8, $"{b.Label}: T({b.ThetaDegrees[i]}°, {g}) = {Transferability.Compute(s, g, co)}");
            }
    }

    [Fact]
    public void InvalidSourceSettingsAreRefused()
    {
        Assert.Equal("alpha-source", Assert.Throws<ParameterException>(() => new FiniteSource(0, 0.2)).Parameter);
        Assert.Equal("alpha-source", Assert.Throws<ParameterException>(() => new FiniteSource(1, 0.2)).Parameter);
        Assert.Equal("sigma-source", Assert.Throws<ParameterException>(() => new FiniteSource(0.5, -1)).Parameter);
        Assert.Equal(1.0, new FiniteSource(1, 0).Gamma); // noiseless γ_s = 1 is fine: β̂_s = β_s
    }
}
