using TransferLab.Experiments.Tahir2024;
using TransferLab.Numerics;
using TransferLab.Theory.Tahir2024;

namespace TransferLab.Tests.Tahir2024;

internal static class MonteCarlo
{
    public static (double Mean, double Se) Of(int draws, Func<int, double> sample)
    {
        var xs = Enumerable.Range(0, draws).Select(sample).ToArray();
        double mean = xs.Average();
        return (mean, Math.Sqrt(xs.Sum(x => (x - mean) * (x - mean)) / (draws - 1) / draws));
    }

    public static ExactLimitRisks[] Risks(int d, int n, double overlap, double sigma, int draws, ulong seed, double? depth = null, double lambda = 0,
        bool withOptimalRidge = false)
        => Enumerable.Range(0, draws).Select(k => ExactLimitSimulator.Draw(d, n, overlap, sigma, SeedSequence.For(seed, n, k), depth, lambda,
            withOptimalRidge: withOptimalRidge)).ToArray();

    public static void Agrees(double theory, (double Mean, double Se) mc, double relativeSlack, string what)
        => Assert.True(Math.Abs(mc.Mean - theory) <= 3.5 * mc.Se + relativeSlack * Math.Abs(theory),
            $"{what}: Monte Carlo {mc.Mean} ± {mc.Se} vs theory {theory}");
}
