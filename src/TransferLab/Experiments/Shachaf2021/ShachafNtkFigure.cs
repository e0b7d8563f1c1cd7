using TransferLab.Numerics;
using TransferLab.Plotting;
using TransferLab.Theory.Shachaf2021;

namespace TransferLab.Experiments.Shachaf2021;

/// <summary>
/// Shachaf et al. 2021, shallow-ReLU (NTK regime) experiment, reconstructed (docs/shachaf2021.md §3 "NTK experiment"; the paper's parameters
/// are unknown, all sizes are TransferLab's): unit-sphere inputs, linear teachers with ‖θ_T‖ = 1 and several ‖θ_T − θ_S‖,
/// a wide NTK-parameterised two-layer ReLU net pretrained on source labels and fine-tuned on n target samples.
/// Panel (a): test MSE vs n, wide network (points ±2 SE) against the kernel predictor f_S + k(·,X)H⁻¹r (lines), and scratch.
/// Panel (b): the 1-Lipschitz test loss (mean absolute error) against √(2rᵀH⁻¹r/n) and the proxy 3‖θ_T − θ_S‖/√n.
/// Panel (c): RMS gap between the trained network and the kernel predictor vs width m (→ 0 like m^{-1/2}).
/// </summary>
public sealed class ShachafNtkFigure : Figure
{
    /// <inheritdoc />
    public override string Id => "shachaf-ntk";
    /// <inheritdoc/>
    public override bool InDefaultGallery => true;
    /// <inheritdoc />
    public override string Paper => "Shachaf, Brutzkus & Globerson 2021";
    /// <inheritdoc />
    public override string Description => "Shallow ReLU, NTK regime: wide-net fine-tuning vs kernel predictor and bounds √(2rᵀH⁻¹r/n), 3‖θ_T−θ_S‖/√n; gap vs width";

    /// <inheritdoc />
    public override void Run(FigureContext ctx)
    {
        bool q = ctx.Quick;
        int d = q ? 5 : 10, width = q ? 400 : 2000, nSource = q ? 60 : 200, reps = q ? 3 : 6, steps = q ? 4000 : 20000;
        int[] ns = q ? [10, 20, 40] : [10, 20, 40, 80, 160];
        double[] distances = q ? [0.25, 1.0] : [0.25, 0.5, 1.0];
        int[] widths = q ? [50, 200, 800] : [100, 400, 1600, 6400];
        int gapN = q ? 20 : 40;
        var baseSettings = new ShachafNtkSettings(d, width, nSource, 0.5, Noise: 0.0, TestSamples: q ? 300 : 1000, LearningRate: 8.0, MaxSteps: steps);
        foreach (var (k, v) in new (string, object)[] { ("d", d), ("width", width), ("n_source", nSource), ("repetitions", reps), ("max_steps", steps),
                     ("learning_rate", 8.0), ("layers", "first (readout ±1 fixed)"), ("inputs", "uniform on S^{d-1}"), ("stopping", "loss ≤ 1e-6·mean y² or max_steps"),
                     ("pretraining", "one pretrained network per (distance, repetition), shared by all n") })
            ctx.Note(k, v);

        // One pretrained network per (distance, repetition), shared by every target size n (fresh target sample per n).
        var progress = ctx.Progress("NTK runs", distances.Length * reps + widths.Length * reps);
        var res = ctx.Map(distances, reps, ctx.Seed, (dist, _, rng) => ShachafNtkTrial.Run(baseSettings with { Distance = dist }, ns, rng), progress);
        var widthRes = ctx.Map(widths, reps, SeedSequence.Derive(ctx.Seed, 77),
            (m, _, rng) => ShachafNtkTrial.Run(baseSettings with { Width = m }, gapN, rng), progress);

        var table = new TidyTable("kind", "quantity", "distance", "n_target", "width", "rep", "value");
        int notConverged = 0, diverged = 0;
        for (int i = 0; i < distances.Length; i++)
            for (int r = 0; r < reps; r++)
                foreach (var o in res[i, r])
                {
                    double dist = distances[i];
                    int n = o.N;
                    if (!o.Converged) notConverged++;
                    if (o.Diverged) diverged++;
                    void Add(string kind, string qn, double v) => table.Add(kind, qn, dist, n, width, r, v);
                    Add("simulation", "fine-tune-mse", o.FineTuneMse);
                    Add("theory", "fine-tune-kernel-mse", o.FineTuneKernelMse);
                    Add("simulation", "scratch-mse", o.ScratchMse);
                    Add("theory", "scratch-kernel-mse", o.ScratchKernelMse);
                    Add("simulation", "fine-tune-mae", o.FineTuneMae);
                    Add("simulation", "scratch-mae", o.ScratchMae);
                    Add("theory", "fine-tune-bound", o.FineTuneBound);
                    Add("theory", "teacher-proxy", o.TeacherProxy);
                    Add("theory", "fine-tune-quadratic-form", o.FineTuneQuadraticForm);
                    Add("simulation", "network-kernel-gap", o.NetworkKernelGap);
                }
        for (int i = 0; i < widths.Length; i++)
            for (int r = 0; r < reps; r++)
            {
                if (!widthRes[i, r].Converged) notConverged++;
                if (widthRes[i, r].Diverged) diverged++;
                table.Add("simulation", "gap-vs-width", 0.5, gapN, widths[i], r, widthRes[i, r].NetworkKernelGap);
            }
        ctx.Note("runs_not_converged", notConverged);
        ctx.Note("runs_diverged", diverged); // docs/architecture.md, "Divergence"
        ctx.Write(Id, table);
        var summary = table.Summarize(["kind", "quantity", "distance", "n_target", "width"], "value");
        ctx.Write(Id + "-summary", summary);

        double[] Col(string quantity, double dist, string col) => summary.Rows
            .Where(row => (string)row[1]! == quantity && Math.Abs(Convert.ToDouble(row[2]) - dist) < 1e-12)
            .Select(row => Convert.ToDouble(row[summary.IndexOf(col)])).ToArray();
        double[] xs = ns.Select(v => (double)v).ToArray();

        var a = new CurvePlot($"(a) NTK fine-tuning, d = {d}, m = {width}: network (points) vs kernel predictor (lines)", "target samples n", "test MSE", logX: true, logY: true);
        for (int k = 0; k < distances.Length; k++)
        {
            a.AddTheory($"kernel FT, ‖θT−θS‖ = {distances[k]}", xs, Col("fine-tune-kernel-mse", distances[k], "mean"), k);
            a.AddSimulation($"network FT, ‖θT−θS‖ = {distances[k]}", xs, Col("fine-tune-mse", distances[k], "mean"), Col("fine-tune-mse", distances[k], "se"), k);
        }
        a.AddTheory("kernel scratch", xs, Col("scratch-kernel-mse", distances[0], "mean"), 7, dashed: true);
        a.AddSimulation("network scratch", xs, Col("scratch-mse", distances[0], "mean"), Col("scratch-mse", distances[0], "se"), 7);
        ctx.Save(Id + "-a", a.Plot);

        var b = new CurvePlot("(b) 1-Lipschitz test loss vs NTK bounds", "target samples n", "mean |f − θTᵀx| / bound", logX: true, logY: true);
        for (int k = 0; k < distances.Length; k++)
        {
            b.AddSimulation($"network FT MAE, ‖θT−θS‖ = {distances[k]}", xs, Col("fine-tune-mae", distances[k], "mean"), Col("fine-tune-mae", distances[k], "se"), k);
            b.AddTheory($"√(2rᵀH⁻¹r/n), {distances[k]}", xs, Col("fine-tune-bound", distances[k], "mean"), k);
            b.AddTheory($"3‖θT−θS‖/√n, {distances[k]}", xs, Col("teacher-proxy", distances[k], "mean"), k, dashed: true);
        }
        ctx.Save(Id + "-b", b.Plot);

        var gapRows = summary.Rows.Where(row => (string)row[1]! == "gap-vs-width").ToList();
        var wx = gapRows.Select(row => Convert.ToDouble(row[4])).ToArray();
        var gm = gapRows.Select(row => Convert.ToDouble(row[summary.IndexOf("mean")])).ToArray();
        var gs = gapRows.Select(row => Convert.ToDouble(row[summary.IndexOf("se")])).ToArray();
        var c = new CurvePlot($"(c) network − kernel predictor gap, n = {gapN}", "width m", "RMS gap on test points", logX: true, logY: true);
        c.AddSimulation("trained wide net vs f_S + k H⁻¹r", wx, gm, gs, 0);
        c.AddTheory("∝ m^(-1/2) through the first point", wx, wx.Select(m => gm[0] * Math.Sqrt(wx[0] / m)).ToArray(), 3, dashed: true);
        ctx.Save(Id + "-c", c.Plot);

        // Headlines: slope of log gap vs log m (≈ −0.5 expected), and network/kernel agreement at the largest n.
        double slope = Statistics.LeastSquaresSlope(wx.Select(v => Math.Log(v)).ToArray(), gm.Select(v => Math.Log(v)).ToArray());
        ctx.Headline("gap-vs-width log-log slope", slope);
        ctx.Headline("FT MSE network/kernel ratio (largest n, smallest distance)", Col("fine-tune-mse", distances[0], "mean")[^1] / Col("fine-tune-kernel-mse", distances[0], "mean")[^1]);
    }
}
