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

    private static readonly (int A, int B)[] Targets = [(7, 9), (2, 4), (0, 6)];

    /// <summary>ε of the sample complexity as a multiple of scratch's real-row risk at the largest n.</summary>
    private const double EpsilonFactor = 1.2;

    private enum Design { Gaussian, RealTeacher, RealLabels }

    private static readonly Design[] Designs = [Design.Gaussian, Design.RealTeacher, Design.RealLabels];

    private static string DesignName(Design k) => k switch
    {
        Design.Gaussian => "gaussian-design",
        Design.RealTeacher => "real-rows-teacher-labels",
        _ => "real-rows-real-labels",
    };

    private static string PairName((int A, int B) p) => $"{FashionMnist.ClassName(p.A)} vs {FashionMnist.ClassName(p.B)}";

    /// <summary>A target pair's pool and task, or a source pair's teacher oriented toward one target.</summary>
    private sealed record Curve(string Label, int Target, string SourceName, double[] Theta0, TransferProtocol Protocol);

    /// <inheritdoc />
    public override void Run(FigureContext ctx)
    {
        bool q = ctx.Quick;
        int d = q ? 30 : 100, rows = q ? 20000 : 60000, reps = q ? 6 : 20, nRef = q ? 10 : 20;
        int[] ns = q ? [5, 10, 20, 40, 80] : [5, 10, 20, 40, 80, 160, 320];
        var data = PrincipalRows.FashionMnistTrain(d, rows, ctx.DataDirectory, whiten: false);
        // One pool per class pair: the rows of the two classes, centred on their own mean (the pair's input distribution).
        RealLinearPool PairPool((int A, int B) p)
        {
            var idx = Enumerable.Range(0, data.Labels.Length).Where(i => data.Labels[i] == p.A || data.Labels[i] == p.B).ToArray();
            var x = RowSampling.Rows(data.X, idx, 0, idx.Length);
            var mu = new double[d];
            for (int i = 0; i < x.Rows; i++) Vec.Axpy(1.0 / x.Rows, x.Row(i), mu);
            for (int i = 0; i < x.Rows; i++) Vec.Axpy(-1.0, mu, x.Row(i));
            return RealLinearPool.Create(x, idx.Select(i => data.Labels[i]).ToArray(), PairName(p));
        }
        var allPairs = new List<(int A, int B)>();
        for (int ca = 0; ca < 10; ca++)
            for (int cb = ca + 1; cb < 10; cb++) allPairs.Add((ca, cb));
        var pairTeacher = allPairs.ToDictionary(p => p, p => PairPool(p).Task(PairName(p), [p.A]).Theta);
        var pools = Targets.Select(PairPool).ToArray();
        var tasks = Targets.Select((t, i) => pools[i].Task(PairName(t), [t.A])).ToArray();
        foreach (var (k, v) in new (string, object)[] { ("data", data.Source), ("rows", data.Labels.Length), ("d", d),
                     ("explained_variance_fraction", data.Components.ExplainedFraction(d)), ("effective_rank_pixels", data.Components.EffectiveRank),
                     ("repetitions", reps), ("n_values", ns), ("n_reference", nRef), ("n_epsilon", ns[^1]), ("epsilon_factor", EpsilonFactor),
                     ("targets", Targets.Select(PairName).ToArray()), ("pool_rows", pools.Select(p => p.Count).ToArray()),
                     ("effective_rank_target_pools", pools.Select(p => PrincipalComponents.EffectiveRankOf(p.Covariance.Eigenvalues)).ToArray()),
                     ("labels", "binary task 'A vs B' on the rows of classes A and B (centred on their mean): y = +1/2 for A, −1/2 for B; teacher θ = Σ̂⁻¹XᵀY/N on the pair's rows; σ² = the target's residual variance"),
                     ("sources", "every other class pair's teacher, its sign oriented so that ⟨θ_S, θ_T⟩_Σ̂ ≥ 0 (the label orientation is arbitrary)"),
                     ("epsilon", "per target: epsilon_factor × the mean scratch excess risk on real rows with real labels at n = n_epsilon, the largest n (for n ≥ d fine-tuning and scratch give the same least-squares fit, so ε must lie above it for fine-tuning to reach it); n* is interpolated linearly between grid points from (0, risk at 0) and floored at 1 (a pretrained model is used with at least one sample)") })
            ctx.Note(k, v);

        var curves = new List<Curve>();
        for (int t = 0; t < Targets.Length; t++)
        {
            var cov = pools[t].Covariance;
            curves.Add(new Curve($"scratch → {tasks[t].Name}", t, "none", new double[d], TransferProtocol.Scratch));
            foreach (var p in allPairs)
            {
                if (p == Targets[t]) continue;
                var th = pairTeacher[p];
                if (cov.Inner(th, tasks[t].Theta) < 0) th = Vec.Scaled(th, -1);
                curves.Add(new Curve($"{PairName(p)} → {tasks[t].Name}", t, PairName(p), th, TransferProtocol.FineTune));
            }
        }
        LinearTask TheoryTask(Curve c) => LinearTask.Create(pools[c.Target].Covariance, LinearTeacherPair.FromVectors(c.Theta0, tasks[c.Target].Theta),
            Math.Sqrt(tasks[c.Target].ResidualVariance));

        var points = new List<(int Curve, int N, Design Kind)>();
        for (int c = 0; c < curves.Count; c++)
            foreach (var n in ns)
                foreach (var k in Designs) points.Add((c, n, k));
        var progress = ctx.Progress("designs (Gaussian and real rows)", (long)points.Count * reps);
        var sims = ParallelRunner.Map(points, reps, ctx.Seed, (pt, _, rng) =>
        {
            var c = curves[pt.Curve];
            var pool = pools[c.Target];
            var target = tasks[c.Target];
            if (pt.Kind != Design.Gaussian)
                return RealRowRisk.Draw(pool, target, c.Theta0, pt.N, pt.Kind == Design.RealTeacher ? RealRowLabels.Teacher : RealRowLabels.Real, rng);
            var (b, v) = ConditionalRisk.Compute(pool.Covariance.Sample(pt.N, rng), pool.Covariance, c.Theta0, target.Theta, Math.Sqrt(target.ResidualVariance));
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
                table.Add("simulation", DesignName(kind), c.SourceName, tasks[c.Target].Name, c.Protocol.ToString(), n, r, vals[r]);
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
                table.Add("theory", p.Method, curves[ci].SourceName, tasks[curves[ci].Target].Name, curves[ci].Protocol.ToString(), n, null, p.Excess);
            }
        }
        ctx.Write(Id, table);
        ctx.Write(Id + "-summary", table.Summarize(["kind", "design", "source", "target", "protocol", "n_target"], "excess_risk"));

        // (a) Risk vs n for the first target: scratch and the most, median and least similar sources (zero-shot ratio).
        const int showTarget = 0;
        var covA = pools[showTarget].Covariance;
        var ranked = Enumerable.Range(0, curves.Count).Where(i => curves[i].Target == showTarget && curves[i].Protocol == TransferProtocol.FineTune)
            .OrderBy(i => covA.Norm2(Vec.Subtract(curves[i].Theta0, tasks[showTarget].Theta))).ToArray();
        var showCurves = new[] { curves.FindIndex(c => c.Target == showTarget && c.Protocol == TransferProtocol.Scratch), ranked[0], ranked[ranked.Length / 2], ranked[^1] };
        var a = new CurvePlot($"(a) {tasks[showTarget].Name}, d = {d} PCs: theory with Σ̂ (lines), simulations ±2 SE (markers)",
            "target samples n", "excess risk ‖θ − θ_T‖²_Σ̂", logX: true, logY: true);
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
            foreach (var (kind, marker, shift, name) in new[] { (Design.RealLabels, PointMarker.Circle, -0.03, "real rows, real labels"), (Design.RealTeacher, PointMarker.TriangleUp, 0.0, "real rows, teacher labels"), (Design.Gaussian, PointMarker.Diamond, 0.03, "Gaussian rows") })
            {
                var cells = ns.Select(n => mean[(ci, n, kind)]).ToArray();
                // One legend entry per marker (on the first curve): the marker names the design, the colour the curve.
                a.AddSimulation(j == 0 ? name : "", xs, cells.Select(v => v.Mean).ToArray(), cells.Select(v => v.Se).ToArray(), j, marker, shift);
            }
        }
        double epsA = EpsilonFactor * mean[(showCurves[0], ns[^1], Design.RealLabels)].Mean;
        a.AddTheory($"ε = {EpsilonFactor} × scratch on real rows at n = {ns[^1]}", [xs[0], xs[^1]], [epsA, epsA], 7, dotted: true);
        a.FitYToData();
        ctx.Save(Id + "-a", a.Plot, 1100, 640);

        // (b) Where the Gaussian-design theory holds: simulation / theory over all curves, per design, vs n.
        var b = new CurvePlot($"(b) simulation / theory (geometric mean over curves, ±2 SE; n = d = {d}: interpolation threshold)", "target samples n", "simulated / predicted excess risk", logX: true, logY: true);
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
        ctx.Save(Id + "-b", b.Plot);

        // (c) Similarity measure vs observed sample-complexity reduction across all (source, target) pairs.
        var pairs = new TidyTable("source", "target", "zero_shot_ratio", "bias_ratio_theory", "epsilon", "n_star_scratch_theory", "n_star_finetune_theory",
            "n_star_scratch_real", "n_star_finetune_real", "reduction_theory", "reduction_real");
        var simX = new List<double>(); var simY = new List<double>(); var zsX = new List<double>(); var thY = new List<double>(); var obsY = new List<double>();
        int startsBelow = 0, never = 0;
        for (int t = 0; t < Targets.Length; t++)
        {
            var cov = pools[t].Covariance;
            int sc = curves.FindIndex(c => c.Target == t && c.Protocol == TransferProtocol.Scratch);
            var scratchTask = TheoryTask(curves[sc]);
            double tNorm = cov.Norm2(tasks[t].Theta), eps = EpsilonFactor * mean[(sc, ns[^1], Design.RealLabels)].Mean;
            var deScratch = new DeterministicEquivalent(cov.Eigenvalues, nRef).Bias(cov.ToEigenbasis(tasks[t].Theta));
            double? scTheory = TheoryCrossing(scratchTask, TransferProtocol.Scratch, ns[^1], eps);
            double? scReal = RealRowRisk.Crossing(ns, ns.Select(n => mean[(sc, n, Design.RealLabels)].Mean).ToArray(), tNorm, eps);
            for (int ci = 0; ci < curves.Count; ci++)
            {
                var c = curves[ci];
                if (c.Target != t || c.Protocol == TransferProtocol.Scratch) continue;
                var task = TheoryTask(c);
                double zeroShot = cov.Norm2(task.Teachers.Difference);
                double biasRatio = SimilarityMeasures.Compute(task, nRef).DeterministicEquivalentBias / deScratch;
                double? ftTheory = TheoryCrossing(task, TransferProtocol.FineTune, ns[^1], eps);
                double? ftReal = RealRowRisk.Crossing(ns, ns.Select(n => mean[(ci, n, Design.RealLabels)].Mean).ToArray(), zeroShot, eps);
                double redTheory = Reduction(scTheory, ftTheory), redReal = Reduction(scReal, ftReal);
                if (ftReal == 0) startsBelow++;
                if (ftReal is null || scReal is null) never++;
                pairs.Add(c.SourceName, tasks[t].Name, zeroShot / tNorm, biasRatio, eps, scTheory, ftTheory, scReal, ftReal, redTheory, redReal);
                if (double.IsFinite(redReal) && redReal > 0)
                {
                    simX.Add(biasRatio); simY.Add(redReal); zsX.Add(zeroShot / tNorm);
                    if (double.IsFinite(redTheory) && redTheory > 0) { thY.Add(redTheory); obsY.Add(redReal); }
                }
            }
        }
        ctx.Write(Id + "-pairs", pairs);
        var cPlot = new CurvePlot($"(c) {simY.Count} pairs: observed n*_scratch / n*_FT (ε = {EpsilonFactor} × scratch at n = {ns[^1]})",
            "similarity measure (legend)", "observed sample-complexity reduction", logX: true, logY: true);
        cPlot.AddSimulation("predicted bias ratio at n_ref (deterministic equivalent)", simX.ToArray(), simY.ToArray(), new double[simX.Count], 0);
        cPlot.AddSimulation("zero-shot ratio ‖θ_S − θ_T‖²_Σ̂ / ‖θ_T‖²_Σ̂", zsX.ToArray(), simY.ToArray(), new double[zsX.Count], 1, PointMarker.Diamond);
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
        ctx.Headline("pairs whose zero-shot risk is already below ε", startsBelow);
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

    /// <summary>n*_scratch / n*_FT with both floored at 1 (a model is fine-tuned on at least one sample); NaN when either never reaches ε.</summary>
    private static double Reduction(double? scratch, double? fineTune) =>
        scratch is double s && fineTune is double f ? Math.Max(s, 1) / Math.Max(f, 1) : double.NaN;

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
