using TransferLab.Data;
using TransferLab.Numerics;
using TransferLab.Plotting;
using TransferLab.Theory.Shachaf2021;
using TransferLab.Training;

namespace TransferLab.Experiments.Shachaf2021;

/// <summary>
/// Which similarity measure predicts the fine-tuned risk? (Shachaf et al. 2021 compare their measure
/// with alternatives by how well each correlates with the population risk; their exact set-up is
/// unknown, docs/shachaf2021.md §2.1d.) Random tasks with a power-law covariance and θ_S − θ_T placed in random bands
/// of the spectrum with ‖θ_S − θ_T‖² uniform in [10, 30]; for each, the simulated fine-tuned risk at fixed n against four
/// candidates: ‖θ_S − θ_T‖², the zero-shot risk ‖θ_S − θ_T‖²_Σ, the deterministic-equivalent bias
/// (source, target and covariance together), and the Tsigler–Bartlett bound shape. Spearman ρ per
/// measure is the headline.
/// </summary>
public sealed class ShachafLinearMeasuresFigure : Figure
{
    public override string Id => "shachaf-linear-measures";
    public override string Paper => "Shachaf, Brutzkus & Globerson 2021";
    public override string Description => "Fine-tuned risk vs candidate similarity measures over random tasks (power-law Σ); rank correlation of each";

    public override void Run(FigureContext ctx)
    {
        int d = ctx.Quick ? 150 : 500, n = ctx.Quick ? 30 : 100, tasks = ctx.Quick ? 24 : 80, reps = ctx.Quick ? 8 : 30;
        var cov = CovarianceModel.PowerLaw(d, 1.0);
        var taskRng = SeedSequence.For(ctx.Seed, -1);
        var taskList = new List<LinearTask>();
        for (int k = 0; k < tasks; k++)
        {
            int first = taskRng.NextInt(d / 2);
            int width = 1 + taskRng.NextInt(d - first);
            // ‖w‖² uniform in [10, 30]: similar sizes, so what matters is where w sits in the spectrum.
            double norm = Math.Sqrt(10 + 20 * taskRng.NextDouble());
            taskList.Add(LinearTask.Create(cov, LinearTeacherPair.DifferenceInEigendirections(cov, first, first + width, norm, taskRng), 0));
        }
        var sims = ctx.Map(taskList, reps, ctx.Seed, (t, _, rng) =>
        {
            var (x, y) = t.SampleTarget(n, rng);
            return t.ExcessRisk(MinimumDistanceInterpolant.Solve(x, y, t.Teachers.Source));
        }, ctx.Progress($"{Id}: simulating", tasks * reps));

        var table = new TidyTable("task", "rep", "fine_tune_risk", "euclidean_distance2", "zero_shot_risk", "deterministic_equivalent_bias", "tsigler_bartlett_bound");
        var summary = new TidyTable("task", "sim_mean", "sim_se", "euclidean_distance2", "zero_shot_risk", "deterministic_equivalent_bias", "tsigler_bartlett_bound");
        var measures = new List<SimilarityMeasures>();
        var means = new double[tasks];
        var ses = new double[tasks];
        for (int k = 0; k < tasks; k++)
        {
            var m = SimilarityMeasures.Compute(taskList[k], n);
            measures.Add(m);
            var runs = Enumerable.Range(0, reps).Select(r => sims[k, r]).ToArray();
            for (int r = 0; r < reps; r++) table.Add(k, r, runs[r], m.EuclideanDistance2, m.ZeroShotRisk, m.DeterministicEquivalentBias, m.TsiglerBartlettBound);
            (means[k], ses[k]) = Statistics.MeanAndStandardError(runs);
            summary.Add(k, means[k], ses[k], m.EuclideanDistance2, m.ZeroShotRisk, m.DeterministicEquivalentBias, m.TsiglerBartlettBound);
        }
        ctx.Write(Id, table);
        ctx.Write(Id + "-summary", summary);
        ctx.Note("d", d);
        ctx.Note("n", n);
        ctx.Note("tasks", tasks);
        ctx.Note("repetitions", reps);
        var panels = new (string Key, string Label, Func<SimilarityMeasures, double> Get)[]
        {
            ("euclidean", "‖θ_S − θ_T‖²", m => m.EuclideanDistance2),
            ("zero-shot", "zero-shot risk ‖θ_S − θ_T‖²_Σ", m => m.ZeroShotRisk),
            ("deterministic-equivalent", "deterministic-equivalent FT bias (θ_S, θ_T, Σ)", m => m.DeterministicEquivalentBias),
            ("tsigler-bartlett", "Tsigler–Bartlett bias-bound shape", m => m.TsiglerBartlettBound),
        };
        for (int i = 0; i < panels.Length; i++)
        {
            var xs = measures.Select(panels[i].Get).ToArray();
            double rho = Statistics.Spearman(xs, means);
            ctx.Headline($"Spearman ρ, {panels[i].Key}", rho);
            var plot = new CurvePlot($"FT risk at n = {n} vs {panels[i].Key} (Spearman ρ = {rho:F2})", panels[i].Label, "simulated fine-tuned risk (±2 SE)", logX: true, logY: true);
            if (panels[i].Key == "deterministic-equivalent")
            {
                double lo = Math.Min(xs.Min(), means.Min()), hi = Math.Max(xs.Max(), means.Max());
                plot.AddTheory("y = x", [lo, hi], [lo, hi], 7, dashed: true);
            }
            var ok = Enumerable.Range(0, tasks).Where(k => xs[k] > 0 && double.IsFinite(xs[k])).ToArray();
            plot.AddSimulation("", ok.Select(k => xs[k]).ToArray(), ok.Select(k => means[k]).ToArray(), ok.Select(k => ses[k]).ToArray(), i);
            ctx.Save($"{Id}-{panels[i].Key}", plot.Plot);
        }
    }
}
