using System.Globalization;
using TransferLab.Data.Readers;
using TransferLab.Plotting;
using TransferLab.Training;

namespace TransferLab.Experiments.Anguita2026;

/// <summary>
/// Anguita et al. 2026's initialisation levers on real images (their Fig. 4 uses ResNets on CIFAR-100): a two-layer ReLU network on
/// whitened principal components of Fashion-MNIST, pretrained on 8 classes (all but Sneaker and Ankle boot), fine-tuned on a
/// binary task inside the pretraining classes (Pullover vs Coat) and one outside (Sneaker vs Ankle boot), with c_PT, κ (≙ λ_PT)
/// and γ_FT swept one at a time around c_PT = 1, κ = 1, γ_FT = 0 as in anguita-relu-levers; scratch training of the base
/// initialisation is the reference. Panels: test classification error vs n, ±2 SE over repetitions (docs/anguita2026.md,
/// "anguita-levers-fashion"; docs/realdata.md §3).
/// </summary>
public sealed class AnguitaLeversFashionFigure : Figure
{
    /// <inheritdoc />
    public override string Id => "anguita-levers-fashion";
    /// <inheritdoc />
    public override string Paper => "Anguita et al. 2026";
    /// <inheritdoc />
    public override string Description => "Init levers c_PT, κ (≙ λ_PT), γ_FT on Fashion-MNIST: ReLU net pretrained on 8 classes, fine-tuned inside vs outside them, vs scratch";

    private const double BaseC = 1.0, BaseKappa = 1.0, BaseGamma = 0.0;

    private static readonly int[] PretrainClasses = [0, 1, 2, 3, 4, 5, 6, 8];

    private static readonly BinaryImageTask[] Tasks = [new("inside", 2, 4), new("outside", 7, 9)];

    private sealed record Job(double CPt, double Kappa, double[] Gammas, bool Scratch);

    /// <inheritdoc />
    public override void Run(FigureContext ctx)
    {
        bool q = ctx.Quick;
        int d = 32, rows = q ? 12000 : 60000, reps = q ? 2 : 3;
        var s = q
            ? new ReluLeverImageSettings(Width: 64, PretrainRows: 1000, TestRows: 500, PretrainSteps: 100, TrainSteps: 400)
            : new ReluLeverImageSettings(Width: 128, PretrainRows: 4000, TestRows: 1000, PretrainSteps: 200, TrainSteps: 1000);
        int[] ns = q ? [10, 40] : [10, 20, 40, 80, 160];
        double[] cs = q ? [0.01, 1, 100] : [0.01, 0.1, 1, 10, 100];
        double[] kappas = q ? [0.1, 1, 10] : [0.1, 0.3, 1, 3, 10];
        double[] gammas = q ? [0, 1, 3] : [0, 0.5, 1, 2, 4];
        var rowsData = PrincipalRows.FashionMnistTrain(d, rows, ctx.DataDirectory, whiten: true);
        var data = new LabeledPool(rowsData.X, rowsData.Labels, rowsData.Source);
        foreach (var (k, v) in new (string, object)[] { ("data", data.Source), ("rows", data.Labels.Length), ("d", d),
                     ("inputs", "top d principal components of the pixels (fitted on the rows read), whitened, rows scaled to norm √d"),
                     ("explained_variance_fraction", rowsData.Components.ExplainedFraction(d)),
                     ("pretrain_classes", PretrainClasses.Select(FashionMnist.ClassName).ToArray()),
                     ("task_inside", $"{FashionMnist.ClassName(Tasks[0].A)} (+1) vs {FashionMnist.ClassName(Tasks[0].B)} (−1)"),
                     ("task_outside", $"{FashionMnist.ClassName(Tasks[1].A)} (+1) vs {FashionMnist.ClassName(Tasks[1].B)} (−1)"),
                     ("width", s.Width), ("pretrain_rows", s.PretrainRows), ("test_rows", s.TestRows), ("pretrain_steps", s.PretrainSteps),
                     ("train_steps", s.TrainSteps), ("learning_rate_nominal", s.LearningRate), ("repetitions", reps),
                     ("c_pt_values", cs), ("kappa_values", kappas), ("gamma_ft_values", gammas), ("base_point", "c_PT = 1, κ = 1, γ_FT = 0"),
                     ("scratch", "base initialisation (c_PT = 1, κ = 1) trained on the target") })
            ctx.Note(k, v);

        var jobs = new List<Job> { new(BaseC, BaseKappa, gammas, true) };
        jobs.AddRange(cs.Where(c => c != BaseC).Select(c => new Job(c, BaseKappa, [BaseGamma], false)));
        jobs.AddRange(kappas.Where(k => k != BaseKappa).Select(k => new Job(BaseC, k, [BaseGamma], false)));
        var progress = ctx.Progress("pretrain + fine-tune", jobs.Count * reps);
        var res = ParallelRunner.Map(jobs, reps, ctx.Seed, (job, rep, _) =>
            ReluLeverImageTrial.Run(data, s, new ReluLevers(job.CPt, job.Kappa), job.Gammas, PretrainClasses, Tasks, ns, ctx.Seed, rep, job.Scratch),
            ctx.Threads, progress);

        var table = new TidyTable("kind", "quantity", "c_pt", "kappa", "gamma_ft", "task", "n_target", "rep", "value");
        int notConverged = 0;
        for (int j = 0; j < jobs.Count; j++)
            for (int r = 0; r < reps; r++)
            {
                var run = res[j, r];
                var job = jobs[j];
                table.Add("simulation", "pretrain-accuracy", job.CPt, job.Kappa, BaseGamma, "pretrain", 0, r, run.PretrainAccuracy);
                foreach (var o in run.FineTune)
                {
                    table.Add("simulation", "fine-tune-error", job.CPt, job.Kappa, o.GammaFt, o.Task, o.N, r, o.FineTuneError);
                    table.Add("simulation", "fine-tune-mse", job.CPt, job.Kappa, o.GammaFt, o.Task, o.N, r, o.FineTuneMse);
                    if (!o.FineTuneConverged) notConverged++;
                }
                foreach (var o in run.Scratch)
                {
                    table.Add("simulation", "scratch-error", BaseC, BaseKappa, BaseGamma, o.Task, o.N, r, o.Error);
                    table.Add("simulation", "scratch-mse", BaseC, BaseKappa, BaseGamma, o.Task, o.N, r, o.Mse);
                }
            }
        ctx.Write(Id, table);
        var summary = table.Summarize(["quantity", "c_pt", "kappa", "gamma_ft", "task", "n_target"], "value");
        ctx.Write(Id + "-summary", summary);
        ctx.Note("fine_tune_runs_not_converged", notConverged);

        var lookup = new LeverCellLookup(summary);
        (double Mean, double Se) Get(string qn, double c, double k, double g, string task, int n) => lookup.Get(qn, c, k, g, task, n);
        double[] xs = ns.Select(v => (double)v).ToArray();
        var sweeps = new (string Symbol, double[] Values, Func<double, (double C, double K, double G)> Point)[]
        {
            ("c_PT", cs, v => (v, BaseKappa, BaseGamma)),
            ("κ", kappas, v => (BaseC, v, BaseGamma)),
            ("γ_FT", gammas, v => (BaseC, BaseKappa, v)),
        };
        char panel = 'a';
        foreach (var sw in sweeps)
            foreach (var task in Tasks)
            {
                string what = $"{task.Name} the pretraining classes ({FashionMnist.ClassName(task.A)} vs {FashionMnist.ClassName(task.B)})";
                var p = new CurvePlot($"({panel}) {sw.Symbol} sweep, task {what}", "target samples n", "test classification error", logX: true);
                for (int i = 0; i < sw.Values.Length; i++)
                {
                    var (c, k, g) = sw.Point(sw.Values[i]);
                    var cells = ns.Select(n => Get("fine-tune-error", c, k, g, task.Name, n)).ToArray();
                    p.AddSimulation($"fine-tune, {sw.Symbol} = {sw.Values[i].ToString("G3", CultureInfo.InvariantCulture)}", xs, cells.Select(v => v.Mean).ToArray(), cells.Select(v => v.Se).ToArray(), i);
                    p.AddTheory("", xs, cells.Select(v => v.Mean).ToArray(), i, dashed: true); // guide line through the means (no theory exists)
                }
                var sc = ns.Select(n => Get("scratch-error", BaseC, BaseKappa, BaseGamma, task.Name, n)).ToArray();
                p.AddSimulation("scratch (c_PT = 1, κ = 1)", xs, sc.Select(v => v.Mean).ToArray(), sc.Select(v => v.Se).ToArray(), 7, PointMarker.Diamond);
                p.AddTheory("", xs, sc.Select(v => v.Mean).ToArray(), 7, dashed: true);
                ctx.Save($"{Id}-{panel}", p.Plot);
                panel++;
            }

        int nSmall = ns[0], nBig = ns[^1];
        double Ft(double c, double k, double g, string t, int n) => Get("fine-tune-error", c, k, g, t, n).Mean;
        double Sc(string t, int n) => Get("scratch-error", BaseC, BaseKappa, BaseGamma, t, n).Mean;
        foreach (var t in Tasks)
        {
            ctx.Headline($"{t.Name} n={nSmall}: scratch error", Sc(t.Name, nSmall));
            ctx.Headline($"{t.Name} n={nSmall}: fine-tune error (base)", Ft(BaseC, BaseKappa, BaseGamma, t.Name, nSmall));
            ctx.Headline($"{t.Name} n={nBig}: scratch error", Sc(t.Name, nBig));
            ctx.Headline($"{t.Name} n={nBig}: fine-tune error (base)", Ft(BaseC, BaseKappa, BaseGamma, t.Name, nBig));
            ctx.Headline($"{t.Name} n={nSmall}: FT error c_PT={cs[0]:G3} / c_PT={cs[^1]:G3}", Ft(cs[0], BaseKappa, BaseGamma, t.Name, nSmall) / Ft(cs[^1], BaseKappa, BaseGamma, t.Name, nSmall));
            ctx.Headline($"{t.Name} n={nSmall}: FT error κ={kappas[0]:G3} / κ={kappas[^1]:G3}", Ft(BaseC, kappas[0], BaseGamma, t.Name, nSmall) / Ft(BaseC, kappas[^1], BaseGamma, t.Name, nSmall));
            ctx.Headline($"{t.Name} n={nSmall}: FT error γ_FT={gammas[^1]:G3} / γ_FT=0", Ft(BaseC, BaseKappa, gammas[^1], t.Name, nSmall) / Ft(BaseC, BaseKappa, BaseGamma, t.Name, nSmall));
        }
        ctx.Headline("fine-tuning runs not converged", notConverged);
    }
}
