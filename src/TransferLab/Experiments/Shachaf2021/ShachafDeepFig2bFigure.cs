using TransferLab.Data;
using TransferLab.Numerics;
using TransferLab.Plotting;
using TransferLab.Theory.Shachaf2021;

namespace TransferLab.Experiments.Shachaf2021;

/// <summary>
/// Shachaf et al. Fig. 2(b): in a 7-layer model, scale either the source weights (θ_S = s·θ_S⁰) or the target weights
/// (θ_T = s·θ_T⁰) of a base pair θ_T⁰ = θ_S⁰ + 0.1ξ, n = d/10. At L = 7 both act through the effective scale c_L;
/// at L = ∞ scaling the source changes nothing (c_∞ is scale-invariant) and scaling the target multiplies the risk
/// by s² (docs/shachaf2021.md §3). Theory: exact c_L limit averaged over designs; simulation: gradient descent on the same designs.
/// </summary>
public sealed class ShachafDeepFig2bFigure : Figure
{
    public override string Id => "shachaf-deep-fig2b";
    public override string Paper => "Shachaf, Brutzkus & Globerson 2021";
    public override string Description => "7-layer FT risk vs scale of source or target weights: c_7 and c_∞ theory, GD ±2 SE";

    public override void Run(FigureContext ctx)
    {
        int d = ctx.Quick ? 40 : 100, n = d / 10, designs = ctx.Quick ? 40 : 100, gdDesigns = ctx.Quick ? 8 : 24;
        const int depth = 7;
        double[] scales = [0.25, 0.5, 1, 2, 4];
        string[] modes = ["source-scaled", "target-scaled"];
        ctx.Note("d", d); ctx.Note("n", n); ctx.Note("depth", depth); ctx.Note("sigma", 0.0);
        ctx.Note("base_pair", "theta_T0 = theta_S0 + 0.1 xi (unit theta_S0, xi)"); ctx.Note("designs_theory", designs); ctx.Note("designs_gd", gdDesigns);
        var points = (from m in modes from s in scales select (m, s)).ToArray();
        int notConverged = 0;
        var runs = ctx.Map(points, designs, ctx.Seed, (p, r, _) =>
        {
            // Common random numbers: design r uses the same base pair, inputs and GD init at every scale and mode,
            // so the curves differ only through the scaling (and the L = ∞ source-scaled line is exactly flat).
            var rng = SeedSequence.For(ctx.Seed, 0x2B, r);
            var basePair = LinearTeacherPair.ScaledNoisyCopy(d, 1.0, 0.1, rng);
            var source = p.m == "source-scaled" ? Vec.Scaled(basePair.Source, p.s) : basePair.Source;
            var target = p.m == "target-scaled" ? Vec.Scaled(basePair.Target, p.s) : basePair.Target;
            var x = rng.GaussianMatrix(n, d);
            var y = LinearAlgebra.Multiply(x, target);
            double r7 = DeepFineTuningSolution.PopulationRisk(DeepFineTuningSolution.Compute(x, y, source, depth).Theta, target);
            double rInf = DeepFineTuningSolution.PopulationRisk(DeepFineTuningSolution.Compute(x, y, source, double.PositiveInfinity).Theta, target);
            double r1 = DeepFineTuningSolution.PopulationRisk(DeepFineTuningSolution.Compute(x, y, source, 1).Theta, target);
            double gd = double.NaN;
            if (r < gdDesigns)
            {
                var (theta, ok) = ShachafDeepSimulation.FineTune(source, x, y, depth, rng);
                if (!ok) Interlocked.Increment(ref notConverged);
                gd = DeepFineTuningSolution.PopulationRisk(theta, target);
            }
            return (r7, rInf, r1, gd);
        }, ctx.Progress("designs", points.Length * designs));
        var table = new TidyTable("kind", "mode", "scale", "design", "risk");
        double maxRel = 0;
        for (int i = 0; i < points.Length; i++)
            for (int r = 0; r < designs; r++)
            {
                var v = runs[i, r];
                table.Add("theory-L7", points[i].m, points[i].s, r, v.r7);
                table.Add("theory-Linf", points[i].m, points[i].s, r, v.rInf);
                table.Add("theory-L1", points[i].m, points[i].s, r, v.r1);
                if (r < gdDesigns)
                {
                    table.Add("simulation-L7", points[i].m, points[i].s, r, v.gd);
                    maxRel = Math.Max(maxRel, Math.Abs(v.gd - v.r7) / Math.Max(v.r7, 1e-3));
                }
            }
        var summary = table.Summarize(["kind", "mode", "scale"], "risk");
        ctx.Write(Id, table);
        ctx.Write(Id + "-summary", summary);
        ctx.Note("gd_not_converged", notConverged);
        var plot = new CurvePlot($"Scaling source or target, L = {depth} (d = {d}, n = {n})", "scale s (common designs across s)", "risk ‖θ − θ_T‖²", logX: false, logY: true);
        for (int j = 0; j < modes.Length; j++)
        {
            (double, double)[] Get(string kind) => scales.Select(s => Find(summary, kind, modes[j], s)).ToArray();
            plot.AddTheory($"{modes[j]}: L = 7 theory", scales, Get("theory-L7").Select(t => t.Item1).ToArray(), j);
            plot.AddTheory($"{modes[j]}: L = ∞ theory", scales, Get("theory-Linf").Select(t => Math.Max(t.Item1, 1e-6)).ToArray(), j, dashed: true);
            var sim = Get("simulation-L7");
            plot.AddSimulation($"{modes[j]}: GD, L = 7", scales, sim.Select(t => t.Item1).ToArray(), sim.Select(t => t.Item2).ToArray(), j);
        }
        var lin = scales.Select(s => Find(summary, "theory-L1", "source-scaled", s).Item1).ToArray();
        plot.AddTheory("source-scaled: L = 1 (linear)", scales, lin, 4, dashed: true);
        plot.ShowLegend(LegendPosition.LowerRight);
        ctx.Save(Id, plot.Plot);
        ctx.Headline("max relative |GD − c_7 limit| on the same design", maxRel);
        ctx.Headline("GD runs not converged", notConverged);
    }

    private static (double Mean, double Se) Find(TidyTable summary, string kind, string mode, double scale)
    {
        foreach (var row in summary.Rows)
            if ((string)row[0]! == kind && (string)row[1]! == mode && (double)row[2]! == scale) return ((double)row[3]!, (double)row[4]!);
        throw new InvalidOperationException($"missing {kind}/{mode}/{scale}");
    }
}
