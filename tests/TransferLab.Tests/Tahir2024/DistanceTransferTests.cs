using TransferLab.Experiments.Tahir2024;
using TransferLab.Numerics;
using TransferLab.Theory.Tahir2024;

namespace TransferLab.Tests.Tahir2024;

/// <summary>Theorem 2.2 (v1) / A.2 (v2): distances vs transfer.</summary>
public class DistanceTransferTests
{
    [Fact]
    public void KullbackLeiblerMatchesMonteCarloLogLikelihoodRatio()
    {
        // KL = E_{p_a}[log p_a(y|x) − log p_b(y|x)], estimated by sampling.
        var rng = new Rng(4);
        var a = rng.UnitVector(5);
        var b = Vec.Scaled(a, -1.5);
        const double sigma = 0.7;
        var mc = MonteCarlo.Of(20000, _ =>
        {
            var x = rng.Gaussian(5);
            double y = Vec.Dot(a, x) + sigma * rng.NextGaussian();
            double ra = y - Vec.Dot(a, x), rb = y - Vec.Dot(b, x);
            return (rb * rb - ra * ra) / (2 * sigma * sigma);
        });
        MonteCarlo.Agrees(DistributionDistances.KullbackLeibler(a, b, sigma), mc, 0, "KL");
    }

    [Fact]
    public void DudleyBoundIsBelowTwoAndDominatesTheCosineTestFunction()
    {
        var rng = new Rng(5);
        var a = rng.UnitVector(6);
        const double sigma = 0.3;
        double previous = 0;
        foreach (double scale in new[] { 0.5, 2, 8, 50, 1e4 })
        {
            var b = Vec.Scaled(a, -scale);
            double dudley = DistributionDistances.DudleyLower(a, b, sigma);
            // h(y) = ½cos y has ‖h‖_BL = 1 and E cos y = e^{−Var(y)/2} for Gaussian y.
            double cosine = 0.5 * Math.Abs(Math.Exp(-(1 + sigma * sigma) / 2) - Math.Exp(-(scale * scale + sigma * sigma) / 2));
            Assert.True(dudley >= cosine - 1e-12 && dudley <= 2, $"{dudley} {cosine}");
            Assert.True(dudley >= previous);
            previous = dudley;
            Assert.True(DistributionDistances.WassersteinLower(a, b, sigma) <= DistributionDistances.WassersteinUpper(a, b));
        }
        Assert.True(previous > 1.8, $"{previous}"); // approaches the metric's maximum 2
    }

    [Fact]
    public void ClippedAbsoluteMeanMatchesQuadrature()
    {
        const double v = 2.3, k = 1.1;
        double s = Math.Sqrt(v), sum = 0;
        const int m = 200000;
        for (int i = 0; i < m; i++)
        {
            double u = -12 * s + 24 * s * (i + 0.5) / m;
            sum += Math.Min(Math.Abs(u), k) * Math.Exp(-u * u / (2 * v)) / Math.Sqrt(2 * Math.PI * v) * 24 * s / m;
        }
        Assert.Equal(sum, DistributionDistances.MeanClippedAbs(v, k), 8);
    }

    [Fact]
    public void DistancesGrowWhileTransferStaysPositiveAndAFixedPairFlipsSign()
    {
        var rows = DistanceTransferDemonstration.Run(60, 0.2, 0.5, [1, 4, 16], Math.Cos(Math.PI / 4), [0.3, 0.75, 2.0], 60, 9);
        var scaled = rows.Where(r => r.Construction == "scaled-copy").ToArray();
        for (int i = 1; i < scaled.Length; i++)
        {
            Assert.True(scaled[i].KL > scaled[i - 1].KL && scaled[i].WassersteinLower > scaled[i - 1].WassersteinLower);
            Assert.True(scaled[i].TransferTheory > scaled[i - 1].TransferTheory && scaled[i].TransferTheory > 0);
        }
        foreach (var r in rows) MonteCarlo.Agrees(r.TransferTheory, (r.TransferMean, r.TransferSe), 0.02, $"{r.Construction} {r.Parameter}");
        var fixedPair = rows.Where(r => r.Construction == "fixed-pair").ToArray();
        Assert.Single(fixedPair.Select(r => r.KL).Distinct());
        Assert.True(fixedPair[0].TransferTheory > 0 && fixedPair[1].TransferTheory < 0);
    }
}
