using TransferLab.Data;
using TransferLab.Models;
using TransferLab.Plotting;
using TransferLab.Theory.Anguita2026;
using TransferLab.Training;

namespace TransferLab.Experiments.Anguita2026;

/// <summary>One curve of an E-vs-α_FT panel: a task (its α_FT is replaced along the axis) and an initialization.</summary>
public sealed record AnguitaCurve(string Label, SparseTransferTask Task, DiagonalInitialization Init, int Color, bool Dashed = false, bool Dotted = false);

/// <summary>A curve's replica errors on the dense α grid and at the simulated α values.</summary>
public sealed record ReplicaLine(double[] Dense, double[] AtSimulated);

/// <summary>One panel: a title and its curves.</summary>
public sealed record AnguitaPanel(string Name, string Title, IReadOnlyList<AnguitaCurve> Curves, double? YMax = null);

/// <summary>
/// Shared engine of the Anguita et al. 2026 generalization-error figures: for each curve, the replica line
/// (<see cref="FineTuneReplica"/>) on a dense α grid and simulation points (the pretraining → fine-tuning pipeline on
/// finite-D Gaussian data, trained to its exact gradient-flow limit, <see cref="DiagonalTransferPipeline"/>) as mean ± 2 SE
/// over repetitions, each repetition with fresh teachers and data.
/// </summary>
public static class AnguitaCurves
{
    /// <summary>Absolute slack added to 2 SE when counting agreement (exact recovery gives E ≈ 0 with SE ≈ 0).</summary>
    public const double WithinSlack = 1e-3;

    /// <summary>Dense α grid of the replica lines.</summary>
    public static double[] TheoryAlphas(double max = 0.5, int count = 60) =>
        Enumerable.Range(1, count).Select(k => max * k / count).ToArray();

    /// <summary>
    /// Runs every panel; writes <c>{id}.csv</c> (tidy: kind = theory | simulation, one row per replica point and per run),
    /// <c>{id}-summary.csv</c> (theory, simulation mean, SE, z) and one PNG/SVG per panel (<c>{id}-{panel}</c>).
    /// Returns the fraction of simulated points within 2 SE of the replica value, the dense α grid and the replica
    /// errors per curve (panels in order, curves in order within each panel).
    /// </summary>
    public static (double FractionWithin, double[] TheoryAlphas, double[][] Theory) Run(FigureContext ctx, string id, IReadOnlyList<AnguitaPanel> panels, double[] simAlphas, int reps, int dimension, int theoryPoints = 60)
    {
        var theoryAlphas = TheoryAlphas(Math.Max(0.5, simAlphas.Max()), theoryPoints);
        var curves = panels.SelectMany((p, pi) => p.Curves.Select((c, ci) => (Panel: pi, Curve: ci, c))).ToList();
        var theoryProgress = ctx.Progress($"{id}: replica", curves.Count);
        // One run per curve (deterministic: its generator goes unused), so a figure's shards split the replica lines too.
        var replica = ctx.Map(Enumerable.Range(0, curves.Count).ToArray(), 1, ctx.Seed, (i, _, _) =>
        {
            var c = curves[i].c;
            // One solver (one coordinate law) for the dense line and the simulated α values.
            var all = FineTuneReplica.Curve(c.Task, c.Init, [.. theoryAlphas, .. simAlphas]).Select(s => s.Error).ToArray();
            return new ReplicaLine(all[..theoryAlphas.Length], all[theoryAlphas.Length..]);
        }, theoryProgress);
        var theory = Enumerable.Range(0, curves.Count).Select(i => replica[i, 0]?.Dense!).ToArray();
        var theoryAtSim = Enumerable.Range(0, curves.Count).Select(i => replica[i, 0]?.AtSimulated!).ToArray();

        var points = (from ci in Enumerable.Range(0, curves.Count) from a in simAlphas select (Curve: ci, Alpha: a)).ToArray();
        var sims = ctx.Map(points, reps, ctx.Seed, (p, _, rng) =>
        {
            var c = curves[p.Curve].c;
            var task = c.Task with { D = dimension, AlphaFt = p.Alpha };
            return DiagonalTransferPipeline.Run(task, c.Init, rng);
        }, ctx.Progress($"{id}: simulating (D = {dimension})", (long)points.Length * reps));

        var table = new TidyTable("kind", "panel", "curve", "c_pt", "lambda_pt", "gamma_ft", "rho_pt", "rho_ft_shared", "rho_ft_new", "alpha_pt", "d", "alpha_ft", "rep", "error", "converged");
        // z only on a sampling basis; abs_diff and basis say what the comparison rests on (docs/architecture.md, "Comparison rule").
        var summary = new TidyTable("panel", "curve", "alpha_ft", "theory", "sim_mean", "sim_se", "reps", "z", "not_converged", "abs_diff", "basis");
        var agreement = new TheoryAgreement(WithinSlack);
        int notConverged = 0;
        for (int pi = 0; pi < panels.Count; pi++)
        {
            var panel = panels[pi];
            var plot = new CurvePlot(panel.Title,
                $"α_FT = N_FT/D   (lines: replica theory; points: simulation, D = {dimension}, ±2 SE)", "generalization error E");
            foreach (var (i, entry) in curves.Select((e, i) => (i, e)).Where(e => e.e.Panel == pi))
            {
                var c = entry.c;
                object[] Describe() => [panel.Name, c.Label, c.Init.CPt, c.Init.LambdaPt, c.Init.GammaFt, c.Task.RhoPt, c.Task.RhoFtShared, c.Task.RhoFtNew, c.Task.AlphaPt];
                for (int k = 0; k < theoryAlphas.Length; k++)
                    table.Add(["theory", .. Describe(), null, theoryAlphas[k], null, theory[i][k], null]);
                plot.AddTheory(c.Label, theoryAlphas, theory[i], c.Color, c.Dashed, c.Dotted);
                var means = new double[simAlphas.Length];
                var ses = new double[simAlphas.Length];
                for (int k = 0; k < simAlphas.Length; k++)
                {
                    int pIndex = i * simAlphas.Length + k;
                    var runs = Enumerable.Range(0, reps).Select(r => sims[pIndex, r]).ToArray();
                    for (int r = 0; r < reps; r++) table.Add(["simulation", .. Describe(), dimension, simAlphas[k], r, runs[r].Error, runs[r].Converged]);
                    (means[k], ses[k]) = Statistics.MeanAndStandardError(runs.Select(r => r.Error).ToArray());
                    int bad = runs.Count(r => !r.Converged);
                    notConverged += bad;
                    double th = theoryAtSim[i][k];
                    var cmp = agreement.Add(means[k], ses[k], th);
                    summary.Add(panel.Name, c.Label, simAlphas[k], th, means[k], ses[k], reps, cmp.ZScore, bad, cmp.AbsoluteDifference, cmp.Basis.Name());
                }
                plot.AddSimulation("", simAlphas, means, ses, c.Color);
            }
            if (panel.YMax is double ymax) plot.SetLimitsY(0, ymax);
            ctx.Save($"{id}-{panel.Name}", plot.Plot);
        }
        ctx.Write(id, table);
        ctx.Write(id + "-summary", summary);
        ctx.Note("d", dimension);
        ctx.Note("repetitions", reps);
        ctx.Note("simulated_alphas", simAlphas);
        ctx.Note("solver", "exact gradient-flow limit (dual Newton on the implicit-bias program, Theorem 4.1)");
        ctx.Headline("simulation runs not converged", notConverged);
        double fraction = agreement.Fraction;
        ctx.Headline("fraction of points within 2 SE (+0.001) of replica", fraction);
        return (fraction, theoryAlphas, theory);
    }
}
