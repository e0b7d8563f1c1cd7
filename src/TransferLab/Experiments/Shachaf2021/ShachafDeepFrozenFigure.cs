using TransferLab.Data;
using TransferLab.Numerics;
using TransferLab.Plotting;
using TransferLab.Theory.Shachaf2021;

namespace TransferLab.Experiments.Shachaf2021;

/// <summary>
/// Shachaf et al.: fixing the early layers of a deep linear network during fine-tuning can make learning fail
/// completely (docs/shachaf2021.md §2.3). Risk vs n for a depth-3 balanced pretrained network: all layers trained (c_L limit),
/// W₁ frozen (limit g*·θ_S, floor ‖θ_T‖² − (θ_S·θ_T)²/‖θ_S‖² for every n), only W₁ trained (= linear fine-tuning).
/// Two panels: θ_T ⊥ θ_S (complete failure) and cos∠ = 0.5. Theory on every design, GD on the same designs.
/// </summary>
public sealed class ShachafDeepFrozenFigure : Figure
{
    public override string Id => "shachaf-deep-frozen";
    public override string Paper => "Shachaf, Brutzkus & Globerson 2021";
    public override string Description => "Frozen early layers: risk vs n for all layers / W₁ frozen / only W₁ trained, limits vs GD ±2 SE";

    private static readonly string[] Protocols = ["all layers", "W1 frozen", "only W1 trained"];

    public override void Run(FigureContext ctx)
    {
        int d = ctx.Quick ? 30 : 60, designs = ctx.Quick ? 10 : 30;
        const int depth = 3;
        const double sigma = 0.1;
        // n < d (null space: the source matters) and n > d (unique least-squares solution: only the frozen net still fails).
        var ns = ctx.Quick ? new[] { 3, 8, 15, 45, 60, 90 } : new[] { 3, 12, 24, 30, 90, 120, 180 };
        double[] angles = [90, 60];
        ctx.Note("d", d); ctx.Note("depth", depth); ctx.Note("sigma", sigma); ctx.Note("designs", designs);
        ctx.Note("teachers", "unit theta_S, unit theta_T at the panel's angle");
        var points = (from a in angles from n in ns select (a, n)).ToArray();
        int notConverged = 0;
        var runs = ctx.Map(points, designs, ctx.Seed, (p, _, rng) =>
        {
            var pair = LinearTeacherPair.AtAngle(d, p.a * Math.PI / 180, 1, 1, rng);
            var x = rng.GaussianMatrix(p.n, d);
            var y = LinearAlgebra.Multiply(x, pair.Target);
            for (int i = 0; i < p.n; i++) y[i] += sigma * rng.NextGaussian();
            var limits = new[]
            {
                DeepFineTuningSolution.Compute(x, y, pair.Source, depth).Theta,
                FrozenLayerSolution.FirstLayerFrozen(x, y, pair.Source),
                FrozenLayerSolution.OnlyFirstLayerTrained(x, y, pair.Source),
            };
            bool[][] masks = [[true, true, true], [false, true, true], [true, false, false]];
            var theory = limits.Select(t => DeepFineTuningSolution.PopulationRisk(t, pair.Target)).ToArray();
            var sim = masks.Select(m =>
            {
                var (theta, ok) = ShachafDeepSimulation.FineTune(pair.Source, x, y, depth, rng, m);
                if (!ok) Interlocked.Increment(ref notConverged);
                return DeepFineTuningSolution.PopulationRisk(theta, pair.Target);
            }).ToArray();
            return (theory, sim, floor: FrozenLayerSolution.RiskFloor(pair.Source, pair.Target));
        }, ctx.Progress("designs", points.Length * designs));
        var table = new TidyTable("kind", "angle_deg", "samples", "protocol", "design", "risk");
        for (int i = 0; i < points.Length; i++)
            for (int r = 0; r < designs; r++)
            {
                for (int k = 0; k < Protocols.Length; k++)
                {
                    table.Add("theory", points[i].a, points[i].n, Protocols[k], r, runs[i, r].theory[k]);
                    table.Add("simulation", points[i].a, points[i].n, Protocols[k], r, runs[i, r].sim[k]);
                }
                table.Add("theory", points[i].a, points[i].n, "frozen floor", r, runs[i, r].floor);
            }
        var summary = table.Summarize(["kind", "angle_deg", "samples", "protocol"], "risk");
        ctx.Write(Id, table);
        ctx.Write(Id + "-summary", summary);
        ctx.Note("gd_not_converged", notConverged);
        var x0 = ns.Select(v => (double)v).ToArray();
        foreach (double a in angles)
        {
            var plot = new CurvePlot($"Depth {depth}, angle(θ_S, θ_T) = {a}° (d = {d}, σ = {sigma})", "target samples n", "risk ‖θ − θ_T‖²");
            for (int k = 0; k < Protocols.Length; k++)
            {
                var th = ns.Select(n => Find(summary, "theory", a, n, Protocols[k]).Mean).ToArray();
                var sim = ns.Select(n => Find(summary, "simulation", a, n, Protocols[k])).ToArray();
                plot.AddTheory($"{Protocols[k]}: limit", x0, th, k);
                plot.AddSimulation($"{Protocols[k]}: GD", x0, sim.Select(s => s.Mean).ToArray(), sim.Select(s => s.Se).ToArray(), k);
            }
            double floor = Find(summary, "theory", a, ns[0], "frozen floor").Mean;
            plot.AddTheory("W1-frozen floor (any n)", [x0[0], x0[^1]], [floor, floor], 5, dashed: true);
            ctx.Save($"{Id}-angle{a}", plot.Plot);
        }
        ctx.Headline("W1 frozen, θ_T ⊥ θ_S, largest n: mean risk", Find(summary, "simulation", 90, ns[^1], "W1 frozen").Mean);
        ctx.Headline("all layers, θ_T ⊥ θ_S, largest n: mean risk", Find(summary, "simulation", 90, ns[^1], "all layers").Mean);
        ctx.Headline("GD runs not converged", notConverged);
    }

    private static (double Mean, double Se) Find(TidyTable summary, string kind, double a, int n, string protocol)
    {
        foreach (var row in summary.Rows)
            if ((string)row[0]! == kind && (double)row[1]! == a && (int)row[2]! == n && (string)row[3]! == protocol) return ((double)row[4]!, (double)row[5]!);
        throw new InvalidOperationException($"missing {kind}/{a}/{n}/{protocol}");
    }
}
