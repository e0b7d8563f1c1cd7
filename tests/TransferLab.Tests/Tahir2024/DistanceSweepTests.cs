using TransferLab.Experiments.Tahir2024;
using TransferLab.Experiments;
using TransferLab.Numerics;
using TransferLab.Theory.Tahir2024;

namespace TransferLab.Tests.Tahir2024;

/// <summary>The Fig. 4 θ-sweep (v2 App. A): closed forms, symmetry, and the simulated transferabilities.</summary>
public class DistanceSweepTests
{
    [Fact]
    public void ClosedFormsAndTheUShape()
    {
        double[] thetas = Enumerable.Range(0, 37).Select(k => 5.0 * k).ToArray();
        var rows = DistanceTransferDemonstration.ThetaSweep(500, 0.2, 0.5, thetas);
        foreach (var r in rows)
        {
            Assert.Equal((1 - r.Overlap) / 0.04, r.KL, 9);
            Assert.True(r.WassersteinLower <= r.WassersteinUpper + 1e-12);
            Assert.InRange(r.DudleyLower, 0, 2);
            Assert.Equal(ScratchRisk.Asymptotic(0.5, 0.2) - (1 - r.Overlap * r.Overlap), r.LinearTransfer, 12);
        }
        // every distance increases with θ; T_lt is symmetric about 90°, T_ft decreases
        for (int i = 1; i < rows.Count; i++)
        {
            Assert.True(rows[i].KL > rows[i - 1].KL && rows[i].WassersteinUpper > rows[i - 1].WassersteinUpper && rows[i].DudleyLower >= rows[i - 1].DudleyLower - 1e-9);
            Assert.True(rows[i].FineTune < rows[i - 1].FineTune);
        }
        for (int i = 0; i < rows.Count; i++) Assert.Equal(rows[i].LinearTransfer, rows[^(i + 1)].LinearTransfer, 12);
        var half = rows.Take(19).ToArray();
        Assert.Equal(-1.0, Statistics.Spearman(half.Select(r => r.KL).ToArray(), half.Select(r => r.LinearTransfer).ToArray()), 12);
        Assert.True(Math.Abs(Statistics.Spearman(rows.Select(r => r.KL).ToArray(), rows.Select(r => r.LinearTransfer).ToArray())) < 0.2);
        Assert.Equal(7.32, rows[9].KL, 2); // docs/tahir2024.md §2.7 at θ = 45°
    }

    [Theory]
    [InlineData(30.0)]
    [InlineData(150.0)]
    public void SimulatedTransferabilityMatchesTheExactMeans(double deg)
    {
        const int d = 80, n = 40, draws = 300;
        double co = Math.Cos(deg * Math.PI / 180);
        var sims = Enumerable.Range(0, draws).Select(k => DistanceTransferDemonstration.SimulateThetaSweep(d, n, co, 0.3, 0, SeedSequence.For(21, (long)deg, k))).ToArray();
        MonteCarlo.Agrees(ScratchRisk.Exact(n, d, 0.3) - LinearTransferRisk.Exact(n, co, 0.3), MonteCarlo.Of(draws, k => sims[k].LinearTransfer), 0, $"T_lt at {deg}°");
        MonteCarlo.Agrees(ScratchRisk.Exact(n, d, 0.3) - FineTuneRisk.Exact(n, d, co, 0.3), MonteCarlo.Of(draws, k => sims[k].FineTune), 0, $"T_ft at {deg}°");
        Assert.True(double.IsNaN(sims[0].EmpiricalWasserstein));
    }

    [Fact]
    public void EmpiricalW1IsDominatedBySamplingNoiseInHighDimension()
    {
        // The population W₁ between p_s and p_t is at most √(2/π)‖β_s − β_t‖ ≤ 1.6, but two samples of 40 points in ℝ^{d+1}
        // are ≈ √(2d) apart, and identical laws (θ = 0) give nearly the same empirical W₁ as opposite teachers (θ = 180°).
        const int d = 200, m = 40;
        double W(double co, ulong seed) => DistanceTransferDemonstration.SimulateThetaSweep(d, 20, co, 0.2, m, new Rng(seed)).EmpiricalWasserstein;
        var same = Enumerable.Range(0, 10).Select(k => W(1, (ulong)k)).ToArray();
        var opposite = Enumerable.Range(0, 10).Select(k => W(-1, 100 + (ulong)k)).ToArray();
        Assert.InRange(same.Average(), 0.7 * Math.Sqrt(2 * d), Math.Sqrt(2 * (d + 1.04))); // E‖z − z′‖ ≤ √(E‖z − z′‖²) = √(2(d + 1 + σ²))
        Assert.True(Math.Abs(opposite.Average() - same.Average()) < 0.05 * same.Average());
        Assert.True(Math.Abs(opposite.Average() - same.Average()) < DistributionDistances.WassersteinUpper([1.0, 0], [-1.0, 0]));
    }
}
