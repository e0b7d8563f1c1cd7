using TransferLab.Data;
using TransferLab.Numerics;
using TransferLab.Plotting;
using TransferLab.Theory.Tahir2024;

namespace TransferLab.Experiments.Tahir2024;

/// <summary>
/// Tahir et al. 2024, §4 (v2 Fig. 3), reconstructed: two-layer ReLU transfer with nonlinear feature overlap. A mean-field
/// student is pretrained on a source teacher that is the target teacher minus a fraction μ of its neurons, then learns the
/// target by scratch, linear transfer (frozen features, refit readout) or fine-tuning. Panels: (a) relative target error vs n
/// for several μ with the overlap predictions ‖P_⊥f_t‖² as lines; (b) ‖P_⊥f_t‖²/‖f_t‖² vs μ (exact arc-cosine-kernel projection,
/// Fig. 3(d)); (c) empirical linear-transfer transferability T = R_scratch − R_LT over (μ, n) with the boundary predicted by a
/// power-law fit of the scratch error equated to the overlap (Fig. 3(e)). Sizes are TransferLab's (the paper's are [U], its
/// m = 1000, d = 100, m* = 100 are too slow for this machine; see the README).
/// </summary>
public sealed class TahirReluTransferFigure : Figure
{
    /// <inheritdoc />
    public override string Id => "tahir-relu-transfer";
    /// <inheritdoc />
    public override string Paper => "Tahir, Ganguli & Rotskoff 2024";
    /// <inheritdoc />
    public override string Description => "Two-layer ReLU transfer vs feature overlap μ: scratch / linear transfer / fine-tune vs n, ‖P⊥f_t‖² vs μ, (μ, n) transferability map";

    /// <inheritdoc />
    public override void Run(FigureContext ctx)
    {
        bool q = ctx.Quick;
        var s = q
            ? new TahirReluSettings(D: 20, Width: 100, TeacherWidth: 10, Mu: 0, SourceSamples: 500, TestSamples: 1000, LearningRate: 0.5, PretrainSteps: 1500, TrainSteps: 1000)
            : new TahirReluSettings(D: 30, Width: 300, TeacherWidth: 30, Mu: 0, SourceSamples: 2000, TestSamples: 4000, LearningRate: 0.5, PretrainSteps: 4000, TrainSteps: 4000);
        double[] mus = q ? [0.2, 0.5, 0.8] : [0.1, 0.3, 0.5, 0.7, 0.9];
        int[] ns = q ? [10, 20, 40, 80] : [10, 20, 40, 80, 160, 320, 640];
        int reps = 4;
        foreach (var (k, v) in new (string, object)[] { ("d", s.D), ("student_width", s.Width), ("teacher_width", s.TeacherWidth), ("n_source", s.SourceSamples),
                     ("learning_rate_nominal", s.LearningRate), ("pretrain_steps", s.PretrainSteps), ("train_steps", s.TrainSteps), ("readout_ridge", s.ReadoutRidge),
                     ("repetitions", reps), ("parameterization", "mean field 1/m, lr × m"), ("teacher_output_weights", "N(0,1), normaliser 1/m*") })
            ctx.Note(k, v);

        var progress = ctx.Progress("pretrain + transfer", mus.Length * reps);
        var res = ctx.Map(mus, reps, ctx.Seed, (mu, _, rng) => TahirReluTrial.Run(s with { Mu = mu }, ns, rng), progress);

        var table = new TidyTable("kind", "quantity", "mu", "n_target", "rep", "value");
        // Runs whose training diverged (docs/architecture.md, "Divergence").
        ctx.Note("runs_diverged", Enumerable.Range(0, mus.Length).Sum(i => Enumerable.Range(0, reps).Sum(r => res[i, r].Count(o => o.Diverged))));
        for (int i = 0; i < mus.Length; i++)
            for (int r = 0; r < reps; r++)
                foreach (var o in res[i, r])
                {
                    void Add(string kind, string qn, double v) => table.Add(kind, qn, mus[i], o.N, r, v);
                    Add("simulation", "scratch", o.Scratch);
                    Add("simulation", "linear-transfer", o.LinearTransfer);
                    Add("simulation", "fine-tune", o.FineTune);
                    Add("simulation", "transferability-lt", o.Scratch - o.LinearTransfer);
                    Add("simulation", "transferability-ft", o.Scratch - o.FineTune);
                    Add("theory", "overlap-teacher", o.OverlapTeacher);
                    Add("theory", "overlap-student", o.OverlapStudent);
                    Add("simulation", "pretrain-fit", o.PretrainFit);
                }
        // Panel (b) theory: the μ curve averaged over many teacher draws (cheap, exact per draw).
        // μ on the lattice k/m* (the source keeps round((1 − μ)m*) neurons, so only these values are distinct).
        var muGrid = Enumerable.Range(0, s.TeacherWidth).Select(k => (double)k / s.TeacherWidth).ToArray();
        int draws = q ? 200 : 500;
        var overlapCurve = new double[muGrid.Length];
        var overlapSe = new double[muGrid.Length];
        for (int k = 0; k < muGrid.Length; k++)
        {
            var vals = new List<double>();
            for (int j = 0; j < draws; j++)
            {
                var pair = ReluTeacherPair.WithRemovedFraction(s.D, s.TeacherWidth, muGrid[k], SeedSequence.For(ctx.Seed, 91, k, j));
                var o = ReluFeatureOverlap.ForPair(pair);
                vals.Add(o.OutOfSpanNormSquared / o.TargetNormSquared);
                table.Add("theory", "overlap-teacher-curve", muGrid[k], 0, j, vals[^1]);
            }
            (overlapCurve[k], overlapSe[k]) = Statistics.MeanAndStandardError(vals);
        }
        ctx.Write(Id, table);
        var summary = table.Summarize(["kind", "quantity", "mu", "n_target"], "value");
        ctx.Write(Id + "-summary", summary);

        double Get(string qn, double mu, int n, string col) => summary.Rows
            .Where(row => (string)row[1]! == qn && Math.Abs(Convert.ToDouble(row[2]) - mu) < 1e-9 && Convert.ToInt32(row[3]) == n)
            .Select(row => Convert.ToDouble(row[summary.IndexOf(col)])).First();
        double[] xs = ns.Select(v => (double)v).ToArray();

        // Colour = μ, marker = protocol; the protocols at one n are drawn side by side (shifted by ±0.025 decade) so that
        // their error bars do not overlap. The y range is fitted to the means and lines: with few repetitions a lower bar can
        // reach ≤ 0, which on a log axis would otherwise stretch the axis over decades and squeeze the points.
        var a = new CurvePlot($"(a) ReLU transfer, d = {s.D}, m = {s.Width}, m* = {s.TeacherWidth}, {reps} repetitions", "target samples n", "relative error ‖f − f_t‖²/‖f_t‖²", logX: true, logY: true);
        double[] shown = q ? [mus[0], mus[^1]] : [mus[0], mus[2], mus[^1]];
        for (int k = 0; k < shown.Length; k++)
        {
            double mu = shown[k];
            a.AddSimulation($"linear transfer, μ = {mu}", xs, ns.Select(n => Get("linear-transfer", mu, n, "mean")).ToArray(), ns.Select(n => Get("linear-transfer", mu, n, "se")).ToArray(), k,
                PointMarker.Circle, -0.025);
            a.AddSimulation($"fine-tune, μ = {mu}", xs, ns.Select(n => Get("fine-tune", mu, n, "mean")).ToArray(), ns.Select(n => Get("fine-tune", mu, n, "se")).ToArray(), k,
                PointMarker.TriangleUp, 0.025);
            a.AddTheory($"‖P⊥f_t‖² (source-teacher span), μ = {mu}", xs, ns.Select(_ => Get("overlap-teacher", mu, ns[0], "mean")).ToArray(), k, dashed: true);
        }
        var scratchMean = ns.Select(n => mus.Average(mu => Get("scratch", mu, n, "mean"))).ToArray();
        var scratchSe = ns.Select(n => Math.Sqrt(mus.Sum(mu => Math.Pow(Get("scratch", mu, n, "se"), 2))) / mus.Length).ToArray();
        a.AddSimulation("scratch (all μ)", xs, scratchMean, scratchSe, 7, PointMarker.Diamond);
        // Power-law fit of the scratch error, R ≈ A n^(−b) (the paper fits b ≈ 1.18 at its sizes).
        double slope = Statistics.LeastSquaresSlope(xs.Select(v => Math.Log(v)).ToArray(), scratchMean.Select(v => Math.Log(v)).ToArray());
        double logA = scratchMean.Select(v => Math.Log(v)).Average() - slope * xs.Select(v => Math.Log(v)).Average();
        a.AddTheory($"scratch fit {Math.Exp(logA):G3}·n^({slope:F2})", xs, xs.Select(n => Math.Exp(logA) * Math.Pow(n, slope)).ToArray(), 7, dashed: true);
        a.FitYToData();
        ctx.Save(Id + "-a", a.Plot, 1000, 640);
        ctx.Note("scratch_power_law_exponent", slope);
        ctx.Headline("scratch power-law exponent", slope);

        var b = new CurvePlot("(b) target outside the source features", "removed fraction μ", "‖P⊥f_t‖² / ‖f_t‖²");
        b.AddTheory($"source-teacher span (mean of {draws} teachers)", muGrid, overlapCurve, 0);
        b.AddSimulation("pretrained-student span (LT limit n → ∞)", mus, mus.Select(mu => Get("overlap-student", mu, ns[0], "mean")).ToArray(), mus.Select(mu => Get("overlap-student", mu, ns[0], "se")).ToArray(), 1);
        ctx.Save(Id + "-b", b.Plot);

        var logNs = ns.Select(n => Math.Log2(n)).ToArray();
        var values = new double[ns.Length, mus.Length];
        for (int iy = 0; iy < ns.Length; iy++)
            for (int ix = 0; ix < mus.Length; ix++) values[iy, ix] = Get("transferability-lt", mus[ix], ns[iy], "mean");
        var c = new HeatmapPlot("(c) T = R_scratch − R_LT (T > 0: transfer helps)", "removed fraction μ", "log₂ n", mus, logNs, values, "T_LT", diverging: true);
        // Predicted boundary: A n*^(−b) = ‖P⊥f_t‖²(μ) ⇒ log₂ n* = log₂((A/overlap)^(1/b)).
        var bx = new List<double>(); var by = new List<double>();
        for (int k = 0; k < muGrid.Length; k++)
        {
            if (muGrid[k] < mus[0] || muGrid[k] > mus[^1] || overlapCurve[k] <= 0) continue;
            double nStar = Math.Pow(overlapCurve[k] / Math.Exp(logA), 1.0 / slope);
            bx.Add(muGrid[k]); by.Add(Math.Clamp(Math.Log2(nStar), logNs[0] - 0.5, logNs[^1] + 0.5));
        }
        c.AddBoundary("predicted: scratch fit = ‖P⊥f_t‖²", bx.ToArray(), by.ToArray());
        ctx.Save(Id + "-c", c.Plot);
        ctx.Headline("overlap μ=0.5 (teacher span)", overlapCurve[s.TeacherWidth / 2]);
    }
}
