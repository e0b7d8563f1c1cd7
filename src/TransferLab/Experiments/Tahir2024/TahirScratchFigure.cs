using TransferLab.Plotting;
using TransferLab.Theory.Tahir2024;

namespace TransferLab.Experiments.Tahir2024;

/// <summary>
/// Tahir et al. Theorems 3.5–3.6 (appendix figure): the scratch baseline is the min-norm interpolant, whose risk
/// R_sc(γ, σ) shows double descent at γ = 1; with σ = 0 it is (1 − γ)₊. Theory vs the exact-limit simulation, and the
/// optimally tuned ridge risk (no peak) for reference.
/// </summary>
public sealed class TahirScratchFigure : Figure
{
    public override string Id => "tahir-scratch";
    public override string Paper => "Tahir, Ganguli & Rotskoff 2024";
    public override string Description => "Scratch risk vs α: double descent for σ = 0.2, (1 − α)₊ for σ = 0, optimal ridge reference; simulation ±2 SE";

    public override void Run(FigureContext ctx)
    {
        int d = ctx.Quick ? 100 : 500, draws = ctx.Quick ? 20 : 40;
        double[] sigmas = [0.0, 0.2];
        var gammas = Enumerable.Range(1, 20).Select(k => 0.1 * k).Where(g => Math.Abs(g - 1) > 1e-9).ToArray();
        ctx.Note("d", d); ctx.Note("draws", draws);
        var points = (from s in sigmas from g in gammas select (s, g)).ToArray();
        var runs = ctx.Map(points, draws, ctx.Seed, (p, _, rng) =>
        {
            var r = ExactLimitSimulator.Draw(d, (int)Math.Round(p.g * d), 0.5, p.s, rng, withOptimalRidge: true);
            return (r.Scratch, OptimalRidge: r.OptimalRidge!.Value);
        }, ctx.Progress("draws", points.Length * draws));
        var table = new TidyTable("kind", "sigma", "alpha", "draw", "risk");
        for (int i = 0; i < points.Length; i++)
            for (int r = 0; r < draws; r++)
            {
                table.Add("simulation-scratch", points[i].s, points[i].g, r, runs[i, r].Scratch);
                table.Add("simulation-optimal-ridge", points[i].s, points[i].g, r, runs[i, r].OptimalRidge);
            }
        var summary = table.Summarize(["kind", "sigma", "alpha"], "risk");
        ctx.Write(Id, table);
        ctx.Write(Id + "-summary", summary);
        var plot = new CurvePlot($"Scratch (min-norm) risk, d = {d}", "α = n/d (paper: γ)", "R_sc (σ² excluded)");
        var fine = Enumerable.Range(1, 400).Select(k => 2.0 * k / 400).Where(g => Math.Abs(g - 1) > 1e-9).ToArray();
        for (int j = 0; j < sigmas.Length; j++)
        {
            double s = sigmas[j];
            var left = fine.Where(g => g < 1).ToArray();
            var right = fine.Where(g => g > 1).ToArray();
            plot.AddTheory($"σ = {s}: theory", left, left.Select(g => Math.Min(ScratchRisk.Asymptotic(g, s), 1.5)).ToArray(), j);
            plot.AddTheory("", right, right.Select(g => Math.Min(ScratchRisk.Asymptotic(g, s), 1.5)).ToArray(), j);
            var rows = Enumerable.Range(0, summary.Count).Where(i => (string)summary.Rows[i][0]! == "simulation-scratch" && (double)summary.Rows[i][1]! == s).ToArray();
            plot.AddSimulation($"σ = {s}: simulation", rows.Select(i => (double)summary.Rows[i][2]!).ToArray(),
                rows.Select(i => Math.Min((double)summary.Rows[i][3]!, 1.5)).ToArray(), rows.Select(i => (double)summary.Rows[i][4]!).ToArray(), j);
        }
        plot.AddTheory("σ = 0.2: optimal ridge theory", fine, fine.Select(g => OptimalRidgeScratchRisk.Asymptotic(g, 0.2)).ToArray(), 2, dashed: true);
        var rr = Enumerable.Range(0, summary.Count).Where(i => (string)summary.Rows[i][0]! == "simulation-optimal-ridge" && (double)summary.Rows[i][1]! == 0.2).ToArray();
        plot.AddSimulation("σ = 0.2: optimal ridge simulation", rr.Select(i => (double)summary.Rows[i][2]!).ToArray(),
            rr.Select(i => (double)summary.Rows[i][3]!).ToArray(), rr.Select(i => (double)summary.Rows[i][4]!).ToArray(), 2);
        plot.SetLimitsY(0, 1.2);
        ctx.Save(Id, plot.Plot);
    }
}
