using TransferLab.Data;
using TransferLab.Numerics;
using TransferLab.Theory.FineTuningLinearTeachers;

namespace TransferLab.Theory.FeaturesAreFate;

/// <summary>One row of the demonstration: distances between the two tasks and the transfer gain.</summary>
/// <param name="Construction">"scaled-copy" (Theorem 2.2's g = −a·f) or "fixed-pair" (same pair, varying γ).</param>
/// <param name="Parameter">a for scaled-copy, γ for fixed-pair.</param>
/// <param name="Gamma">γ = n/d.</param>
/// <param name="KL">KL(p_s‖p_t).</param>
/// <param name="DudleyLower">Lower bound on the Dudley metric (≤ 2).</param>
/// <param name="WassersteinLower">Lower bound on W₁.</param>
/// <param name="WassersteinUpper">Upper bound on W₁.</param>
/// <param name="TransferTheory">T_lt = R_sc − R_lt from the closed forms (finite-n exact means).</param>
/// <param name="TransferMean">Monte Carlo mean of R_sc − R_lt (exact-limit simulator).</param>
/// <param name="TransferSe">Its standard error.</param>
public sealed record DistanceTransferRow(string Construction, double Parameter, double Gamma, double KL, double DudleyLower,
    double WassersteinLower, double WassersteinUpper, double TransferTheory, double TransferMean, double TransferSe);

/// <summary>
/// Runnable form of Tahir et al. v1 Theorem 2.2 (v2 Theorem A.2): distribution distances do not predict
/// transfer. (1) The theorem's construction: a target g = −a·f in the span of the source features, a growing;
/// KL and W₁ grow without bound (Dudley saturates at its maximum 2) while linear transfer keeps a large,
/// growing advantage. (2) A sharper version from note §1.2: one fixed pair of tasks (fixed KL, W₁, Dudley)
/// whose transferability changes sign as n varies, so no function of (p_s, p_t) alone decides the sign.
/// </summary>
public static class DistanceTransferDemonstration
{
    /// <summary>Runs both constructions. <paramref name="draws"/> Monte Carlo designs per row.</summary>
    public static IReadOnlyList<DistanceTransferRow> Run(int d, double sigma, double gammaForScaled, double[] scales,
        double overlapForFixed, double[] gammas, int draws, ulong seed)
    {
        Validation.Require.AtLeast("--d", d, 4);
        Validation.Require.Positive("--sigma", sigma);
        Validation.Require.AtLeast("--draws", draws, 2);
        var rows = new List<DistanceTransferRow>();
        var basis = new Rng(seed);
        var f = basis.UnitVector(d);
        for (int i = 0; i < scales.Length; i++)
        {
            double a = Validation.Require.Positive("--scale", scales[i]);
            var g = Vec.Scaled(f, -a);
            int n = Math.Max(3, (int)Math.Round(gammaForScaled * d));
            double theory = ScratchRisk.Exact(n, d, sigma, a * a) - sigma * sigma / (n - 2.0);
            var (mean, se) = Simulate(LinearTeacherPair.FromVectors(f, g), n, sigma, draws, seed, 1, i);
            rows.Add(new DistanceTransferRow("scaled-copy", a, (double)n / d, DistributionDistances.KullbackLeibler(f, g, sigma),
                DistributionDistances.DudleyLower(f, g, sigma), DistributionDistances.WassersteinLower(f, g, sigma),
                DistributionDistances.WassersteinUpper(f, g), theory, mean, se));
        }
        var pair = OverlapTeacherPair.Draw(d, FeaturesAreFateParameters.Overlap(overlapForFixed), basis);
        double kl = DistributionDistances.KullbackLeibler(pair.Source, pair.Target, sigma);
        double dudley = DistributionDistances.DudleyLower(pair.Source, pair.Target, sigma);
        double wLo = DistributionDistances.WassersteinLower(pair.Source, pair.Target, sigma);
        double wHi = DistributionDistances.WassersteinUpper(pair.Source, pair.Target);
        for (int i = 0; i < gammas.Length; i++)
        {
            int n = Math.Max(3, (int)Math.Round(gammas[i] * d));
            double theory = ScratchRisk.Exact(n, d, sigma) - LinearTransferRisk.Exact(n, overlapForFixed, sigma);
            var (mean, se) = Simulate(pair, n, sigma, draws, seed, 2, i);
            rows.Add(new DistanceTransferRow("fixed-pair", (double)n / d, (double)n / d, kl, dudley, wLo, wHi, theory, mean, se));
        }
        return rows;
    }

    private static (double Mean, double Se) Simulate(LinearTeacherPair pair, int n, double sigma, int draws, ulong seed, int construction, int row)
    {
        var gains = new double[draws];
        for (int k = 0; k < draws; k++)
        {
            var r = ExactLimitSimulator.Draw(pair, n, sigma, SeedSequence.For(seed, construction, row, k));
            gains[k] = r.Scratch - r.LinearTransfer;
        }
        double mean = gains.Average();
        double var = gains.Sum(x => (x - mean) * (x - mean)) / (draws - 1);
        return (mean, Math.Sqrt(var / draws));
    }
}
