using TransferLab.Plotting;
using TransferLab.Theory.Tahir2024;

namespace TransferLab.Experiments.Tahir2024;

/// <summary>
/// Beyond the paper (reconstructed, docs/tahir2024.md §2.4): with label noise the balanced gradient flow fine-tunes to
/// β_sc + c_L(I − P)β_s with c_L &gt; 1 growing with depth, so the fine-tuning break-even angle moves from the paper's
/// 60° (c = 1) to arccos(c_L/2). T_ft vs θ at α = 0.5, σ = 1 for L = 1, 2, 4, ∞ and c = 1; simulation from the exact
/// per-design limits (each design solves its own c_L).
/// </summary>
public sealed class TahirFtDepthFigure : Figure
{
    public override string Id => "tahir-ft-depth";
    public override string Paper => "Tahir, Ganguli & Rotskoff 2024";
    public override string Description => "Fine-tuning transferability vs θ at σ = 1: depth-dependent balancedness factor c_L moves the 60° boundary (reconstructed)";

    public override void Run(FigureContext ctx)
    {
        int d = ctx.Quick ? 200 : 500, draws = ctx.Quick ? 20 : 60;
        const double gamma = 0.5, sigma = 1.0;
        int n = (int)(gamma * d);
        double[] depths = [1, 2, 4, double.PositiveInfinity];
        double[] simThetas = Enumerable.Range(0, 10).Select(k => 10.0 * k).ToArray();
        ctx.Note("d", d); ctx.Note("n", n); ctx.Note("sigma", sigma); ctx.Note("draws", draws);
        var points = (from L in depths from t in simThetas select (L, t)).ToArray();
        var runs = ctx.Map(points, draws, ctx.Seed, (p, _, rng) =>
        {
            var r = ExactLimitSimulator.Draw(d, n, Math.Cos(p.t * Math.PI / 180), sigma, rng, p.L);
            return r.Scratch - r.FineTune;
        }, ctx.Progress("draws", points.Length * draws));
        var table = new TidyTable("kind", "depth", "theta_deg", "draw", "T");
        for (int i = 0; i < points.Length; i++)
            for (int r = 0; r < draws; r++) table.Add("simulation", points[i].L, points[i].t, r, runs[i, r]);
        var summary = table.Summarize(["kind", "depth", "theta_deg"], "T");
        var fine = Enumerable.Range(0, 181).Select(k => 0.5 * k).ToArray();
        foreach (double L in depths)
            foreach (double t in fine) table.Add("theory", L, t, 0, Transferability.FineTune(gamma, Math.Cos(t * Math.PI / 180), sigma, L));
        ctx.Write(Id, table);
        ctx.Write(Id + "-summary", summary);
        var plot = new CurvePlot($"Fine-tuning with label noise: depth moves the boundary (α = {gamma}, σ = {sigma}, d = {d})", "θ (degrees)", "T_ft");
        plot.AddTheory("paper, c = 1 (same as L = 1; boundary 60°)", fine, fine.Select(t => Transferability.FineTune(gamma, Math.Cos(t * Math.PI / 180), sigma)).ToArray(), 9, dashed: true);
        for (int j = 0; j < depths.Length; j++)
        {
            double L = depths[j];
            string name = double.IsPositiveInfinity(L) ? "∞" : L.ToString();
            plot.AddTheory($"L = {name}: c_L = {FineTuneRisk.ScaleFactor(gamma, sigma, L):0.###}", fine,
                fine.Select(t => Transferability.FineTune(gamma, Math.Cos(t * Math.PI / 180), sigma, L)).ToArray(), j);
            var rows = Enumerable.Range(0, summary.Count).Where(i => (double)summary.Rows[i][1]! == L).ToArray();
            plot.AddSimulation("", rows.Select(i => (double)summary.Rows[i][2]!).ToArray(), rows.Select(i => (double)summary.Rows[i][3]!).ToArray(),
                rows.Select(i => (double)summary.Rows[i][4]!).ToArray(), j);
            double crit = PhaseBoundary.FineTuneCriticalOverlap(gamma, sigma, ScratchBaseline.Ridgeless, L);
            ctx.Headline($"break-even θ at L = {name} (degrees)", Math.Acos(Math.Clamp(crit, -1, 1)) * 180 / Math.PI);
        }
        plot.AddZeroLine(dotted: false);
        ctx.Save(Id, plot.Plot);
    }
}
