using TransferLab.Data;
using TransferLab.Numerics;
using TransferLab.Plotting;
using TransferLab.Theory.Shachaf2021;

namespace TransferLab.Experiments.Shachaf2021;

/// <summary>
/// Shachaf et al. Fig. 2(a): effect of depth on fine-tuning when θ_T = α·θ_S + ε·ξ, with n = d/10 samples.
/// Theory: the exact gradient-flow limit θ_FT(L) = X⁺y + c_L Qθ_S (docs/shachaf2021.md §2.2) averaged over designs, and the
/// isotropic deterministic equivalent (dashed); simulation: layer-wise gradient descent from balanced rank-one
/// weights. Risk normalised by ‖θ_T‖². d, the α/ε grid and the noise model of ξ are TransferLab's choices.
/// </summary>
public sealed class ShachafDeepFig2aFigure : Figure
{
    public override string Id => "shachaf-deep-fig2a";
    /// <inheritdoc/>
    public override bool InDefaultGallery => true;
    public override string Paper => "Shachaf, Brutzkus & Globerson 2021";
    public override string Description => "Deep FT risk vs depth L for scaled/noised targets, n = d/10: c_L theory, L = ∞ limit, GD ±2 SE";

    public override void Run(FigureContext ctx)
    {
        int d = ctx.Quick ? 40 : 100, n = d / 10, designs = ctx.Quick ? 40 : 100, gdDesigns = ctx.Quick ? 12 : 30;
        double[] depths = [1, 2, 3, 5, 7, 10, 20];
        int[] gdDepths = ctx.Quick ? [1, 2, 3, 5] : [1, 2, 3, 5, 7, 10];
        double[] scales = [0.5, 2.0];
        double[] noises = [0.0, 0.1, 0.5];
        ctx.Note("d", d); ctx.Note("n", n); ctx.Note("sigma", 0.0); ctx.Note("designs_theory", designs); ctx.Note("designs_gd", gdDesigns);
        ctx.Note("teacher", "theta_S uniform unit; theta_T = alpha theta_S + eps xi, xi uniform unit"); ctx.Note("gd_step_fraction", ShachafDeepSimulation.StepFraction);
        var table = new TidyTable("kind", "alpha", "epsilon", "depth", "design", "normalised_risk");
        var combos = (from a in scales from e in noises select (a, e)).ToArray();

        // Theory: the exact limit per design at every depth (cheap) and L = ∞; on the first gdDesigns designs also
        // gradient descent, so simulation and theory are compared on the same data (paired).
        int notConverged = 0;
        var runs = ctx.Map(combos, designs, ctx.Seed, (c, r, rng) =>
        {
            var pair = LinearTeacherPair.ScaledNoisyCopy(d, c.a, c.e, rng);
            var x = rng.GaussianMatrix(n, d);
            var y = LinearAlgebra.Multiply(x, pair.Target);
            double norm = Vec.NormSquared(pair.Target);
            var th = depths.Append(double.PositiveInfinity).Select(L =>
                DeepFineTuningSolution.PopulationRisk(DeepFineTuningSolution.Compute(x, y, pair.Source, L).Theta, pair.Target) / norm).ToArray();
            var sim = new double[gdDepths.Length];
            for (int k = 0; k < gdDepths.Length; k++)
            {
                if (r >= gdDesigns) { sim[k] = double.NaN; continue; }
                var (theta, ok) = ShachafDeepSimulation.FineTune(pair.Source, x, y, gdDepths[k], rng);
                if (!ok) Interlocked.Increment(ref notConverged);
                sim[k] = DeepFineTuningSolution.PopulationRisk(theta, pair.Target) / norm;
            }
            return (th, sim);
        }, ctx.Progress("c_L theory and gradient descent", combos.Length * designs));
        ctx.Note("gd_not_converged", notConverged);
        double maxPairedGap = 0;
        for (int i = 0; i < combos.Length; i++)
            for (int r = 0; r < designs; r++)
            {
                for (int k = 0; k <= depths.Length; k++)
                    table.Add("theory", combos[i].a, combos[i].e, k < depths.Length ? depths[k] : double.PositiveInfinity, r, runs[i, r].th[k]);
                if (r >= gdDesigns) continue;
                for (int k = 0; k < gdDepths.Length; k++)
                {
                    double sim = runs[i, r].sim[k];
                    table.Add("simulation", combos[i].a, combos[i].e, (double)gdDepths[k], r, sim);
                    table.Add("theory-paired", combos[i].a, combos[i].e, (double)gdDepths[k], r, runs[i, r].th[Array.IndexOf(depths, (double)gdDepths[k])]);
                    maxPairedGap = Math.Max(maxPairedGap, Math.Abs(sim - runs[i, r].th[Array.IndexOf(depths, (double)gdDepths[k])]));
                }
            }
        var summary = table.Summarize(["kind", "alpha", "epsilon", "depth"], "normalised_risk");
        ctx.Write(Id, table);
        ctx.Write(Id + "-summary", summary);

        // The c_L theory value is itself a mean over designs, so each comparison's SE is that of the difference of the two
        // means, √(SE_GD² + SE_theory²); no slack: both sides are averages of the same per-design risks' limit.
        var agreement = new TheoryAgreement();
        foreach (double a in scales)
        {
            var plot = new CurvePlot($"Depth effect, θ_T = {a}·θ_S + ε·ξ (d = {d}, n = {n})", "depth L (number of weight matrices)", "risk / ‖θ_T‖²");
            for (int j = 0; j < noises.Length; j++)
            {
                double e = noises[j];
                double Mean(string kind, double L) => Lookup(summary, kind, a, e, L).Mean;
                var th = depths.Select(L => Mean("theory", L)).ToArray();
                plot.AddTheory($"ε = {e}: c_L limit (mean over designs)", depths, th, j);
                double inf = Mean("theory", double.PositiveInfinity);
                plot.AddTheory($"ε = {e}: L = ∞", [depths[0], depths[^1]], [inf, inf], j, dashed: true);
                var sim = gdDepths.Select(L => Lookup(summary, "simulation", a, e, L)).ToArray();
                plot.AddSimulation($"ε = {e}: gradient descent", gdDepths.Select(L => (double)L).ToArray(), sim.Select(s => s.Mean).ToArray(), sim.Select(s => s.Se).ToArray(), j);
                for (int k = 0; k < gdDepths.Length; k++)
                {
                    var t = Lookup(summary, "theory", a, e, gdDepths[k]);
                    agreement.Add(new Comparison("normalised risk", t.Mean, sim[k].Mean, Math.Sqrt(sim[k].Se * sim[k].Se + t.Se * t.Se), gdDesigns));
                }
            }
            ctx.Save($"{Id}-alpha{a}", plot.Plot);
        }
        ctx.Headline("GD means within 2 SE of the c_L theory mean", agreement.Fraction);
        ctx.Headline("max |GD − c_L limit| on the same design (normalised risk)", maxPairedGap);
        ctx.Headline("GD runs not converged", notConverged);
    }

    internal static (double Mean, double Se) Lookup(TidyTable summary, string kind, double a, double e, double L)
    {
        foreach (var row in summary.Rows)
            if ((string)row[0]! == kind && (double)row[1]! == a && (double)row[2]! == e && (double)row[3]! == L)
                return ((double)row[4]!, (double)row[5]!);
        throw new InvalidOperationException($"no {kind} row for α = {a}, ε = {e}, L = {L}");
    }
}
