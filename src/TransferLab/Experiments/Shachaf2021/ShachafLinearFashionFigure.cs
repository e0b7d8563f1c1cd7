using System.Globalization;
using TransferLab.Data;
using TransferLab.Data.Readers;
using TransferLab.Numerics;
using TransferLab.Plotting;
using TransferLab.Theory.Shachaf2021;
using TransferLab.Training;

namespace TransferLab.Experiments.Shachaf2021;

/// <summary>
/// Shachaf et al. 2021's linear fine-tuning on real inputs: Fashion-MNIST pixels projected on their top d principal components
/// (centred, not whitened), the pool of training rows taken as the population (Σ̂ its covariance), source and target teachers
/// the least-squares fits of real one-vs-rest label tasks (single classes and two class groups). For every ordered (source,
/// target) pair: the theory with the empirical Σ̂ (deterministic equivalent, σ² = the target task's residual variance) next to
/// three simulations — Gaussian designs N(0, Σ̂), real rows with teacher labels xᵀθ_T + ξ, real rows with their real labels —
/// and the similarity measure (the predicted bias ratio) against the observed sample-complexity reduction across pairs
/// (docs/shachaf2021.md, "shachaf-linear-fashion"; docs/realdata.md §2).
/// </summary>
public sealed class ShachafLinearFashionFigure : Figure
{
    /// <inheritdoc />
    public override string Id => "shachaf-linear-fashion";
    /// <inheritdoc />
    public override string Paper => "Shachaf, Brutzkus & Globerson 2021";
    /// <inheritdoc />
    public override string Description => "Linear FT on Fashion-MNIST (PCA, real Σ̂, teachers fit to real label tasks): theory vs real-row simulation, similarity vs sample-complexity reduction";

    private static readonly (string Name, int[] Classes)[] Groups = [("tops", [0, 2, 4, 6]), ("footwear", [5, 7, 9])];

    private enum Design { Gaussian, RealTeacher, RealLabels }

    private static readonly Design[] Designs = [Design.Gaussian, Design.RealTeacher, Design.RealLabels];

    private static string DesignName(Design k) => k switch
    {
        Design.Gaussian => "gaussian-design",
        Design.RealTeacher => "real-rows-teacher-labels",
        _ => "real-rows-real-labels",
    };

    private sealed record Curve(string Label, int Source, int Target, TransferProtocol Protocol);

    /// <inheritdoc />
    public override void Run(FigureContext ctx)
    {
        bool q = ctx.Quick;
        int d = q ? 30 : 100, rows = q ? 6000 : 60000, reps = q ? 6 : 20, nRef = q ? 10 : 20;
        int[] ns = q ? [5, 10, 20, 40] : [5, 10, 20, 40, 80, 160, 320];
        var data = PrincipalRows.FashionMnistTrain(d, rows, ctx.DataDirectory, whiten: false);
        var pool = RealLinearPool.Create(data.X, data.Labels, data.Source);
        var tasks = Enumerable.Range(0, 10).Select(c => pool.Task(FashionMnist.ClassName(c), [c]))
            .Concat(Groups.Select(g => pool.Task(g.Name, g.Classes))).ToArray();
        var cov = pool.Covariance;
        foreach (var (k, v) in new (string, object)[] { ("data", data.Source), ("rows", pool.Count), ("d", d),
                     ("explained_variance_fraction", data.Components.ExplainedFraction(d)), ("effective_rank_pixels", data.Components.EffectiveRank),
                     ("effective_rank_d", PrincipalComponents.EffectiveRankOf(cov.Eigenvalues)), ("repetitions", reps), ("n_values", ns),
                     ("tasks", tasks.Select(t => $"{t.Name} vs rest").ToArray()), ("n_reference", nRef),
                     ("labels", "y = 1{class in task} − fraction of positives; teacher θ = Σ̂⁻¹XᵀY/N on the pool; σ² = residual variance of the target task"),
                     ("epsilon", "scratch theory risk at n_reference (so n*_scratch ≈ n_reference under the theory)") })
            ctx.Note(k, v);

        // Curves: fine-tuning for every ordered pair (source ≠ target, target a single class), scratch once per target.
        var curves = new List<Curve>();
        for (int t = 0; t < 10; t++)
        {
            curves.Add(new Curve($"scratch → {tasks[t].Name}", -1, t, TransferProtocol.Scratch));
            for (int s = 0; s < tasks.Length; s++)
                if (s != t) curves.Add(new Curve($"{tasks[s].Name} → {tasks[t].Name}", s, t, TransferProtocol.FineTune));
        }
        double[] Theta0(Curve c) => c.Source < 0 ? new double[d] : tasks[c.Source].Theta;
        LinearTask TheoryTask(Curve c) => LinearTask.Create(cov, LinearTeacherPair.FromVectors(Theta0(c), tasks[c.Target].Theta), Math.Sqrt(tasks[c.Target].ResidualVariance));

        var points = new List<(int Curve, int N, Design Kind)>();
        for (int c = 0; c < curves.Count; c++)
            foreach (var n in ns)
                foreach (var k in Designs) points.Add((c, n, k));
        var progress = ctx.Progress("designs (Gaussian and real rows)", (long)points.Count * reps);
        var sims = ParallelRunner.Map(points, reps, ctx.Seed, (pt, _, rng) =>
        {
            var c = curves[pt.Curve];
            var target = tasks[c.Target];
            var theta0 = Theta0(c);
            if (pt.Kind != Design.Gaussian)
                return RealRowRisk.Draw(pool, target, theta0, pt.N, pt.Kind == Design.RealTeacher ? RealRowLabels.Teacher : RealRowLabels.Real, rng);
            var (b, v) = ConditionalRisk.Compute(cov.Sample(pt.N, rng), cov, theta0, target.Theta, Math.Sqrt(target.ResidualVariance));
            return b + v;
        }, ctx.Threads, progress);

        var table = new TidyTable("kind", "design", "source", "target", "protocol", "n_target", "rep", "excess_risk");
        var mean = new Dictionary<(int, int, Design), (double Mean, double Se)>();
        for (int i = 0; i < points.Count; i++)
        {
            var (ci, n, kind) = points[i];
            var c = curves[ci];
            var vals = Enumerable.Range(0, reps).Select(r => sims[i, r]).ToArray();
            for (int r = 0; r < reps; r++)
                table.Add("simulation", DesignName(kind), c.Source < 0 ? "none" : tasks[c.Source].Name, tasks[c.Target].Name, c.Protocol.ToString(), n, r, vals[r]);
            mean[(ci, n, kind)] = Statistics.MeanAndStandardError(vals);
        }
        var theory = new Dictionary<(int, int), double>();
        for (int ci = 0; ci < curves.Count; ci++)
        {
            var task = TheoryTask(curves[ci]);
            foreach (var n in ns)
            {
                var p = LinearFineTuningTheory.Predict(task, n, curves[ci].Protocol);
                theory[(ci, n)] = p.Excess;
                table.Add("theory", p.Method, curves[ci].Source < 0 ? "none" : tasks[curves[ci].Source].Name, tasks[curves[ci].Target].Name, curves[ci].Protocol.ToString(), n, null, p.Excess);
            }
        }
        ctx.Write(Id, table);
        ctx.Write(Id + "-summary", table.Summarize(["kind", "design", "source", "target", "protocol", "n_target"], "excess_risk"));

        // (a) Risk vs n for three sources of one target (Sneaker): a group containing it, a similar class, a distant class.
        const int showTarget = 7;
        var show = new[] { 11, 9, 1 }; // footwear, Ankle boot, Trouser
        var a = new CurvePlot($"(a) target Sneaker vs rest, d = {d} PCs of {pool.Count} Fashion-MNIST rows — lines: theory with Σ̂; points ±2 SE: ● real rows + real labels, ▲ real rows + teacher labels, ◆ Gaussian design",
            "target samples n", "excess risk ‖θ − θ_T‖²_Σ̂", logX: true, logY: true);
        var showCurves = show.Select(s => curves.FindIndex(c => c.Source == s && c.Target == showTarget)).Prepend(curves.FindIndex(c => c.Source < 0 && c.Target == showTarget)).ToArray();
        double[] xs = ns.Select(v => (double)v).ToArray();
        for (int j = 0; j < showCurves.Length; j++)
        {
            int ci = showCurves[j];
            var task = TheoryTask(curves[ci]);
            var dense = Enumerable.Range(ns[0], ns[^1] - ns[0] + 1).Select(n => (n, r: LinearFineTuningTheory.Predict(task, n, curves[ci].Protocol).Excess))
                .Where(p => double.IsFinite(p.r) && p.r > 0).ToArray();
            // Split where the variance is infinite (n = d, d + 1).
            foreach (var seg in Split(dense).Select((s, i) => (s, i)))
                a.AddTheory(seg.i == 0 ? curves[ci].Label : "", seg.s.Select(p => (double)p.n).ToArray(), seg.s.Select(p => p.r).ToArray(), j);
            foreach (var (kind, marker, shift) in new[] { (Design.RealLabels, PointMarker.Circle, -0.03), (Design.RealTeacher, PointMarker.TriangleUp, 0.0), (Design.Gaussian, PointMarker.Diamond, 0.03) })
            {
                var cells = ns.Select(n => mean[(ci, n, kind)]).ToArray();
                a.AddSimulation("", xs, cells.Select(v => v.Mean).ToArray(), cells.Select(v => v.Se).ToArray(), j, marker, shift);
            }
        }
        a.FitYToData();
        ctx.Save(Id + "-a", a.Plot, 1100, 640);

        // (b) Where the Gaussian-design theory holds: simulation / theory over all curves, per design, vs n.
        var b = new CurvePlot("(b) simulation / theory (geometric mean over all curves, ±2 SE across curves)", "target samples n", "simulated / predicted excess risk", logX: true, logY: true);
        var within = new Dictionary<Design, (int Hit, int All)>();
        for (int k = 0; k < Designs.Length; k++)
        {
            var kind = Designs[k];
            var gm = new double[ns.Length];
            var gse = new double[ns.Length];
            int hit = 0, all = 0;
            for (int j = 0; j < ns.Length; j++)
            {
                var logs = new List<double>();
                for (int ci = 0; ci < curves.Count; ci++)
                {
                    double th = theory[(ci, ns[j])];
                    var (m, se) = mean[(ci, ns[j], kind)];
                    if (!(th > 0) || !double.IsFinite(th) || !(m > 0)) continue;
                    logs.Add(Math.Log(m / th));
                    all++;
                    if (Math.Abs(m - th) <= 2 * se) hit++;
                }
                var (lm, ls) = Statistics.MeanAndStandardError(logs);
                gm[j] = Math.Exp(lm);
                gse[j] = gm[j] * ls;
                table.Add("simulation", DesignName(kind), "all", "all", "ratio-to-theory", ns[j], null, gm[j]);
            }
            within[kind] = (hit, all);
            b.AddSimulation(DesignName(kind), xs, gm, gse, k, k == 0 ? PointMarker.Diamond : k == 1 ? PointMarker.TriangleUp : PointMarker.Circle);
            b.AddTheory("", xs, gm, k, dashed: true);
        }
        b.AddTheory("theory", [xs[0], xs[^1]], [1, 1], 7, dotted: true);
        b.AddVerticalLine(d, $"n = d = {d}");
        ctx.Save(Id + "-b", b.Plot);

        // (c) Similarity measure vs observed sample-complexity reduction across all pairs.
        var pairs = new TidyTable("source", "target", "zero_shot_ratio", "bias_ratio_theory", "epsilon", "n_star_scratch_theory", "n_star_finetune_theory",
            "n_star_scratch_real", "n_star_finetune_real", "reduction_theory", "reduction_real");
        var simX = new List<double>(); var simY = new List<double>(); var zsX = new List<double>(); var thY = new List<double>(); var obsY = new List<double>();
        int startsBelow = 0, never = 0;
        for (int t = 0; t < 10; t++)
        {
            int sc = curves.FindIndex(c => c.Source < 0 && c.Target == t);
            var scratchTask = TheoryTask(curves[sc]);
            double eps = LinearFineTuningTheory.Predict(scratchTask, nRef, TransferProtocol.Scratch).Excess;
            double tNorm = cov.Norm2(tasks[t].Theta);
            var deScratch = new DeterministicEquivalent(cov.Eigenvalues, nRef).Bias(cov.ToEigenbasis(tasks[t].Theta));
            double? scTheory = TheoryCrossing(scratchTask, TransferProtocol.Scratch, ns[^1], eps);
            double? scReal = RealRowRisk.Crossing(ns, ns.Select(n => mean[(sc, n, Design.RealLabels)].Mean).ToArray(), tNorm, eps);
            for (int ci = 0; ci < curves.Count; ci++)
            {
                var c = curves[ci];
                if (c.Target != t || c.Source < 0) continue;
                var task = TheoryTask(c);
                var w = task.Teachers.Difference;
                double zeroShot = cov.Norm2(w);
                double biasRatio = SimilarityMeasures.Compute(task, nRef).DeterministicEquivalentBias / deScratch;
                double? ftTheory = TheoryCrossing(task, TransferProtocol.FineTune, ns[^1], eps);
                double? ftReal = RealRowRisk.Crossing(ns, ns.Select(n => mean[(ci, n, Design.RealLabels)].Mean).ToArray(), zeroShot, eps);
                double redTheory = Reduction(scTheory, ftTheory), redReal = Reduction(scReal, ftReal);
                if (ftReal == 0) startsBelow++;
                if (ftReal is null || scReal is null) never++;
                pairs.Add(tasks[c.Source].Name, tasks[t].Name, zeroShot / tNorm, biasRatio, eps, scTheory, ftTheory, scReal, ftReal, redTheory, redReal);
                if (double.IsFinite(redReal) && redReal > 0)
                {
                    simX.Add(biasRatio); simY.Add(redReal); zsX.Add(zeroShot / tNorm);
                    if (double.IsFinite(redTheory) && redTheory > 0) { thY.Add(redTheory); obsY.Add(redReal); }
                }
            }
        }
        ctx.Write(Id + "-pairs", pairs);
        var cPlot = new CurvePlot($"(c) {simY.Count} (source, target) pairs: similarity vs observed reduction n*_scratch / n*_FT (real rows, real labels; ε = scratch theory risk at n = {nRef})",
            "similarity measure (predicted FT / scratch bias at n_ref; ○ zero-shot ratio ‖θ_S − θ_T‖²_Σ̂ / ‖θ_T‖²_Σ̂)", "observed sample-complexity reduction", logX: true, logY: true);
        cPlot.AddSimulation("predicted bias ratio at n_ref (deterministic equivalent)", simX.ToArray(), simY.ToArray(), new double[simX.Count], 0);
        cPlot.AddSimulation("zero-shot ratio", zsX.ToArray(), simY.ToArray(), new double[zsX.Count], 1, PointMarker.Diamond);
        if (simX.Count > 0)
        {
            double lo = Math.Min(simX.Min(), zsX.Min()), hi = Math.Max(simX.Max(), zsX.Max());
            cPlot.AddTheory("no reduction (n*_FT = n*_scratch)", [lo, hi], [1, 1], 7, dotted: true);
        }
        ctx.Save(Id + "-c", cPlot.Plot);
        var dPlot = new CurvePlot("(d) predicted (theory with Σ̂) vs observed (real rows) sample-complexity reduction", "predicted reduction", "observed reduction", logX: true, logY: true);
        dPlot.AddSimulation("(source, target) pairs", thY.ToArray(), obsY.ToArray(), new double[thY.Count], 0);
        if (thY.Count > 0)
        {
            double lo = Math.Min(thY.Min(), obsY.Min()), hi = Math.Max(thY.Max(), obsY.Max());
            dPlot.AddTheory("observed = predicted", [lo, hi], [lo, hi], 7, dashed: true);
        }
        ctx.Save(Id + "-d", dPlot.Plot);

        foreach (var kind in Designs)
        {
            var (hit, all) = within[kind];
            ctx.Headline($"fraction within 2 SE of theory: {DesignName(kind)}", all > 0 ? (double)hit / all : double.NaN);
        }
        foreach (var kind in Designs)
            ctx.Headline($"sim/theory at n = {ns[0]}: {DesignName(kind)}", RatioAt(table, DesignName(kind), ns[0]));
        foreach (var kind in Designs)
            ctx.Headline($"sim/theory at n = {ns[^1]}: {DesignName(kind)}", RatioAt(table, DesignName(kind), ns[^1]));
        ctx.Headline("Spearman(bias-ratio measure, observed reduction)", simX.Count > 2 ? Statistics.Spearman(simX, simY.Select(v => -v).ToArray()) : double.NaN);
        ctx.Headline("Spearman(zero-shot ratio, observed reduction)", zsX.Count > 2 ? Statistics.Spearman(zsX, simY.Select(v => -v).ToArray()) : double.NaN);
        ctx.Headline("Spearman(predicted, observed reduction)", thY.Count > 2 ? Statistics.Spearman(thY, obsY) : double.NaN);
        ctx.Headline("pairs with observed reduction > 1", simY.Count(v => v > 1));
        ctx.Headline("pairs with a finite observed reduction", simY.Count);
        ctx.Headline("largest observed reduction", simY.Count > 0 ? simY.Max() : double.NaN);
        ctx.Note("pairs_fine_tune_starts_below_epsilon", startsBelow);
        ctx.Note("pairs_not_reaching_epsilon_on_grid", never);
        ctx.Note("spearman_sign", "reported as Spearman(measure, −reduction): +1 means a smaller measure (more similar) always gives a larger reduction");
    }

    private static double RatioAt(TidyTable t, string design, int n) => t.Rows
        .Where(r => (string)r[4]! == "ratio-to-theory" && (string)r[1]! == design && Convert.ToInt32(r[5], CultureInfo.InvariantCulture) == n)
        .Select(r => Convert.ToDouble(r[7], CultureInfo.InvariantCulture)).FirstOrDefault(double.NaN);

    /// <summary>n*(ε) of the theory curve, interpolated like the simulated curves but on every integer n up to <paramref name="nMax"/>.</summary>
    private static double? TheoryCrossing(LinearTask task, TransferProtocol protocol, int nMax, double eps)
    {
        var ns = Enumerable.Range(1, nMax).ToArray();
        var r = ns.Select(n => LinearFineTuningTheory.Predict(task, n, protocol).Excess).ToArray();
        double atZero = task.Covariance.Norm2(Vec.Subtract(LinearFineTuningTheory.Initialization(task, protocol), task.Teachers.Target));
        return RealRowRisk.Crossing(ns, r, atZero, eps);
    }

    /// <summary>n*_scratch / n*_FT; +∞ when fine-tuning starts below ε, NaN when either never reaches it.</summary>
    private static double Reduction(double? scratch, double? fineTune) =>
        scratch is double s && fineTune is double f ? (f > 0 ? s / f : double.PositiveInfinity) : double.NaN;

    private static IEnumerable<(int n, double r)[]> Split((int n, double r)[] pts)
    {
        var cur = new List<(int n, double r)>();
        foreach (var p in pts)
        {
            if (cur.Count > 0 && p.n != cur[^1].n + 1) { yield return cur.ToArray(); cur.Clear(); }
            cur.Add(p);
        }
        if (cur.Count > 0) yield return cur.ToArray();
    }
}
