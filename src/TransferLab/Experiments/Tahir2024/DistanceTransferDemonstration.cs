using TransferLab.Data;
using TransferLab.Numerics;
using TransferLab.Theory.Shachaf2021;
using TransferLab.Theory.Tahir2024;

namespace TransferLab.Experiments.Tahir2024;

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

/// <summary>Closed-form part of one θ of the Fig. 4 sweep: distances between p_s and p_t and the proportional-limit transferabilities.</summary>
/// <param name="ThetaDegrees">Angle θ between the unit teachers, in [0°, 180°].</param>
/// <param name="Overlap">cos θ.</param>
/// <param name="KL">KL(p_s‖p_t) = (1 − cos θ)/σ².</param>
/// <param name="DudleyLower">Lower bound on the Dudley (bounded-Lipschitz) metric, ≤ 2.</param>
/// <param name="WassersteinLower">Lower bound on the population W₁.</param>
/// <param name="WassersteinUpper">Upper bound on the population W₁ (same-x, same-noise coupling).</param>
/// <param name="LinearTransfer">T_lt = R_sc(γ, σ) − sin²θ (Theorems 3.6–3.7).</param>
/// <param name="LinearTransferExact">T_lt from the exact finite-(n, d) means.</param>
/// <param name="FineTune">T_ft (Theorem 3.9; with the depth-L factor c_L when a depth is given).</param>
public sealed record ThetaSweepTheory(double ThetaDegrees, double Overlap, double KL, double DudleyLower, double WassersteinLower, double WassersteinUpper,
    double LinearTransfer, double LinearTransferExact, double FineTune);

/// <summary>One simulated draw of the Fig. 4 sweep.</summary>
/// <param name="LinearTransfer">R_sc − R_lt on one target data set (exact gradient-flow limits).</param>
/// <param name="FineTune">R_sc − R_ft on the same data set.</param>
/// <param name="EmpiricalWasserstein">W₁ between m samples of p_s and m independent samples of p_t in ℝ^{d+1} (Euclidean cost).</param>
public sealed record ThetaSweepDraw(double LinearTransfer, double FineTune, double EmpiricalWasserstein);

/// <summary>
/// Runnable form of Tahir et al. v1 Theorem 2.2 (v2 Theorem A.2): distribution distances do not predict
/// transfer. (1) The theorem's construction: a target g = −a·f in the span of the source features, a growing;
/// KL and W₁ grow without bound (Dudley saturates at its maximum 2) while linear transfer keeps a large,
/// growing advantage. (2) A sharper version from docs/tahir2024.md §1.2: one fixed pair of tasks (fixed KL, W₁, Dudley)
/// whose transferability changes sign as n varies, so no function of (p_s, p_t) alone decides the sign.
/// </summary>
public static class DistanceTransferDemonstration
{
    /// <summary>Runs both constructions. <paramref name="draws"/> Monte Carlo designs per row.</summary>
    public static IReadOnlyList<DistanceTransferRow> Run(int d, double sigma, double gammaForScaled, double[] scales,
        double overlapForFixed, double[] gammas, int draws, ulong seed)
    {
        Validation.Require.AtLeast("d", d, 4);
        Validation.Require.Positive("sigma", sigma);
        Validation.Require.AtLeast("draws", draws, 2);
        var rows = new List<DistanceTransferRow>();
        var basis = new Rng(seed);
        var f = basis.UnitVector(d);
        for (int i = 0; i < scales.Length; i++)
        {
            double a = Validation.Require.Positive("scale", scales[i]);
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

    /// <summary>
    /// Tahir et al. v2 App. A, Fig. 4: sweep the angle θ ∈ [0°, 180°] between the unit teachers at fixed γ and σ and set
    /// the transferability against distances between the joint laws. Closed forms (docs/tahir2024.md §1.2): KL = (1 − cos θ)/σ², the W₁
    /// bounds and the Dudley lower bound of <see cref="DistributionDistances"/>, all increasing in θ; T_lt = R_sc − sin²θ is
    /// symmetric about 90°, so it is U-shaped in every one of them (a perfect rank order only on [0°, 90°]).
    /// </summary>
    /// <param name="d">Dimension for the exact finite-(n, d) column.</param>
    /// <param name="sigma">Label noise σ &gt; 0 (the KL is infinite at σ = 0).</param>
    /// <param name="gamma">γ = n/d.</param>
    /// <param name="thetaDegrees">Angles in [0, 180].</param>
    /// <param name="depth">Depth L for the fine-tuning factor c_L; null = the paper's c = 1.</param>
    public static IReadOnlyList<ThetaSweepTheory> ThetaSweep(int d, double sigma, double gamma, IReadOnlyList<double> thetaDegrees, double? depth = null)
    {
        Validation.Require.AtLeast("d", d, 4);
        Validation.Require.Positive("sigma", sigma);
        FeaturesAreFateParameters.SampleRatio(gamma);
        int n = Math.Max(3, (int)Math.Round(gamma * d));
        var rows = new List<ThetaSweepTheory>();
        foreach (double deg in thetaDegrees)
        {
            Validation.Require.InRange("theta", deg, 0, 180);
            double th = deg * Math.PI / 180, co = Math.Cos(th);
            double[] a = [1.0, 0.0], b = [co, Math.Sin(th)];
            rows.Add(new ThetaSweepTheory(deg, co, DistributionDistances.KullbackLeibler(a, b, sigma), DistributionDistances.DudleyLower(a, b, sigma),
                DistributionDistances.WassersteinLower(a, b, sigma), DistributionDistances.WassersteinUpper(a, b),
                Transferability.LinearTransfer(gamma, co, sigma), ScratchRisk.Exact(n, d, sigma) - LinearTransferRisk.Exact(n, co, sigma),
                Transferability.FineTune(gamma, co, sigma, depth)));
        }
        return rows;
    }

    /// <summary>
    /// One simulated draw of the sweep: teachers at cos θ, one target set of n samples (exact limits of scratch, linear
    /// transfer and fine-tuning), and an empirical W₁ between <paramref name="empiricalSamples"/> samples (x, y) of p_s and as
    /// many independent samples of p_t (the quantity of the paper's Fig. 4b; 0 samples skips it and returns NaN).
    /// </summary>
    public static ThetaSweepDraw SimulateThetaSweep(int d, int n, double overlap, double sigma, int empiricalSamples, Rng rng, double? depth = null)
    {
        Validation.Require.AtLeast("samples", empiricalSamples, 0);
        var pair = OverlapTeacherPair.Draw(d, overlap, rng);
        var r = ExactLimitSimulator.Draw(pair, n, sigma, rng, depth);
        double w1 = double.NaN;
        if (empiricalSamples > 0)
            w1 = OptimalAssignment.EmpiricalWasserstein1(SampleJoint(pair.Source, empiricalSamples, sigma, rng), SampleJoint(pair.Target, empiricalSamples, sigma, rng));
        return new ThetaSweepDraw(r.Scratch - r.LinearTransfer, r.Scratch - r.FineTune, w1);
    }

    /// <summary>m points (x, β·x + σε) ∈ ℝ^{d+1} of the joint law p_β, one per row.</summary>
    public static Matrix SampleJoint(double[] beta, int m, double sigma, Rng rng)
    {
        int d = beta.Length;
        var x = rng.GaussianMatrix(m, d);
        var y = LinearAlgebra.Multiply(x, beta);
        var z = new Matrix(m, d + 1);
        for (int i = 0; i < m; i++)
        {
            x.Row(i).CopyTo(z.Row(i));
            z[i, d] = y[i] + sigma * rng.NextGaussian();
        }
        return z;
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
