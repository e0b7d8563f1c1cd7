using TransferLab.Data;
using TransferLab.Numerics;
using TransferLab.Plotting;
using TransferLab.Theory.Shachaf2021;
using TransferLab.Training;

namespace TransferLab.Experiments.Shachaf2021;

/// <summary>One curve of a risk-vs-n figure: a task and a protocol.</summary>
public sealed record LinearCurve(string Label, LinearTask Task, TransferProtocol Protocol);

/// <summary>
/// Shared engine of the linear-regression figures: for each curve and each n, the theory value
/// (<see cref="LinearFineTuningTheory"/>) and a full simulation (fresh design and label noise per run,
/// the exact limit of gradient descent, exact population risk from Σ), summarized as mean ± SE.
/// </summary>
public static class LinearRiskCurves
{
    /// <summary>Runs the curves, writes <c>{id}.csv</c> (tidy, one row per run and per theory point) and <c>{id}-summary.csv</c>, and returns the plot and the summary.</summary>
    public static (CurvePlot Plot, TidyTable Summary) Run(FigureContext ctx, string id, string title, IReadOnlyList<LinearCurve> curves, int[] ns, int reps, bool logX, bool logY)
    {
        var points = new List<(int Curve, int N)>();
        for (int c = 0; c < curves.Count; c++)
            foreach (var n in ns) points.Add((c, n));
        var progress = ctx.Progress($"{id}: simulating", points.Count * reps);
        var sims = ctx.Map(points, reps, ctx.Seed, (p, _, rng) =>
        {
            var curve = curves[p.Curve];
            var (x, y) = curve.Task.SampleTarget(p.N, rng);
            var theta0 = LinearFineTuningTheory.Initialization(curve.Task, curve.Protocol);
            return curve.Task.ExcessRisk(MinimumDistanceInterpolant.Solve(x, y, theta0));
        }, progress);

        var table = new TidyTable("kind", "curve", "protocol", "n_target", "rep", "excess_risk", "method");
        var plot = new CurvePlot(title + " — lines: theory, points: simulation ±2 SE", "target samples n", "excess risk ‖θ − θ_T‖²_Σ", logX, logY);
        for (int c = 0; c < curves.Count; c++)
        {
            var curve = curves[c];
            var theory = ns.Select(n => LinearFineTuningTheory.Predict(curve.Task, n, curve.Protocol)).ToArray();
            foreach (var t in theory) table.Add("theory", curve.Label, curve.Protocol.ToString(), t.N, null, t.Excess, t.Method);
            // A dense theory line: every integer n in the range where the formula is finite.
            var dense = Enumerable.Range(ns.Min(), ns.Max() - ns.Min() + 1)
                .Select(n => (n, r: LinearFineTuningTheory.Predict(curve.Task, n, curve.Protocol).Excess))
                .Where(p => double.IsFinite(p.r) && p.r > 0).ToArray();
            // Split the line where it jumps over an infinite-variance gap (n ≈ d).
            var segments = Segments(dense).ToList();
            for (int k = 0; k < segments.Count; k++)
                plot.AddTheory(k == 0 ? curve.Label : "", segments[k].Select(p => (double)p.n).ToArray(), segments[k].Select(p => p.r).ToArray(), c);
            var means = new double[ns.Length];
            var ses = new double[ns.Length];
            for (int j = 0; j < ns.Length; j++)
            {
                int pi = c * ns.Length + j;
                var runs = Enumerable.Range(0, reps).Select(r => sims[pi, r]).ToArray();
                for (int r = 0; r < reps; r++) table.Add("simulation", curve.Label, curve.Protocol.ToString(), ns[j], r, runs[r], "exact-gd-limit");
                (means[j], ses[j]) = Statistics.MeanAndStandardError(runs);
            }
            plot.AddSimulation("", ns.Select(n => (double)n).ToArray(), means, ses, c);
        }
        var summary = Summarize(table);
        ctx.Write(id, table);
        ctx.Write(id + "-summary", summary);
        return (plot, summary);
    }

    private static IEnumerable<(int n, double r)[]> Segments((int n, double r)[] pts)
    {
        var cur = new List<(int n, double r)>();
        foreach (var p in pts)
        {
            if (cur.Count > 0 && p.n != cur[^1].n + 1)
            {
                yield return cur.ToArray();
                cur.Clear();
            }
            cur.Add(p);
        }
        if (cur.Count > 0) yield return cur.ToArray();
    }

    /// <summary>
    /// Absolute slack of the agreement count (<see cref="Comparison"/>: |mean − theory| ≤ 2 SE + slack): none, since the
    /// simulation is the exact gradient-descent limit of the estimator the theory describes and every point has SE &gt; 0.
    /// </summary>
    public const double AgreementSlack = 0;

    /// <summary>Theory next to simulation mean ± SE and the z-score, per curve and n.</summary>
    public static TidyTable Summarize(TidyTable tidy)
    {
        var sims = tidy.Where("kind", "simulation").Summarize(["curve", "protocol", "n_target"], "excess_risk");
        var theory = tidy.Where("kind", "theory");
        var t = new TidyTable("curve", "protocol", "n_target", "theory", "sim_mean", "sim_se", "reps", "z");
        int ic = theory.IndexOf("curve"), inn = theory.IndexOf("n_target"), iv = theory.IndexOf("excess_risk");
        foreach (var row in sims.Rows)
        {
            var th = theory.Rows.First(r => Equals(r[ic], row[0]) && Convert.ToInt32(r[inn]) == Convert.ToInt32(row[2]));
            var c = Compare(Convert.ToDouble(th[iv]), (double)row[3]!, (double)row[4]!, Convert.ToInt32(row[5]));
            // z is undefined (NaN) where the SE is zero or round-off (Comparison.Basis).
            t.Add(row[0], row[1], row[2], c.Theory, c.Mean, c.StandardError, row[5], c.ZScore);
        }
        return t;
    }

    private static Comparison Compare(double theory, double mean, double se, int reps) =>
        new("excess risk", theory, mean, se, reps, AgreementSlack);

    /// <summary>
    /// Fraction of simulation points of a <see cref="Summarize"/> table that agree with their theory value at the one rule
    /// (<see cref="TheoryAgreement"/>, slack <see cref="AgreementSlack"/>): a headline for each figure.
    /// </summary>
    public static double FractionWithinTwoSe(TidyTable summary)
    {
        var agreement = new TheoryAgreement(AgreementSlack);
        int it = summary.IndexOf("theory"), im = summary.IndexOf("sim_mean"), ise = summary.IndexOf("sim_se"), ir = summary.IndexOf("reps");
        foreach (var row in summary.Rows)
            agreement.Add(Compare(Convert.ToDouble(row[it]), Convert.ToDouble(row[im]), Convert.ToDouble(row[ise]), Convert.ToInt32(row[ir])));
        return agreement.Fraction;
    }
}
