using System.Globalization;
using TransferLab.Data;
using TransferLab.Plotting;
using TransferLab.Training;

namespace TransferLab.Experiments.Anguita2026;

/// <summary>
/// Anguita et al. 2026, nonlinear check (their Fig. 4 uses ResNets on CIFAR-100; the mapping of the levers to a ResNet is
/// unknown, docs/anguita2026.md §4.5): the three initialisation levers on a two-layer ReLU network (<see cref="ReluLevers"/>),
/// pretrained on a ReLU source teacher and fine-tuned (re-drawn readout, all layers trained by GD) on a target that uses either
/// a subset of the source features or new features. Panels (a)–(f): relative target error vs n for a sweep of c_PT, κ and
/// γ_FT, one lever varied at a time around the base point (c_PT = 1, κ = 1, γ_FT = 0), with scratch training of the base
/// initialisation as the reference. Simulation only: there is no closed-form theory for this network.
/// </summary>
public sealed class AnguitaReluLeversFigure : Figure
{
    /// <inheritdoc />
    public override string Id => "anguita-relu-levers";
    /// <inheritdoc />
    public override string Paper => "Anguita et al. 2026";
    /// <inheritdoc />
    public override string Description => "Nonlinear check of the init levers c_PT, κ (≙ λ_PT), γ_FT on a two-layer ReLU net: fine-tuning error vs n, subset-of-features vs new-features targets, vs scratch";

    private const double BaseC = 1.0, BaseKappa = 1.0, BaseGamma = 0.0;

    private sealed record Job(double CPt, double Kappa, double[] Gammas, bool Scratch);

    /// <inheritdoc />
    public override void Run(FigureContext ctx)
    {
        bool q = ctx.Quick;
        var s = q
            ? new ReluLeverSettings(D: 16, Width: 64, SourceNeurons: 6, TargetNeurons: 2, SourceSamples: 300, TestSamples: 1000, LearningRate: 1.0, PretrainSteps: 1500, TrainSteps: 2000)
            : new ReluLeverSettings(D: 16, Width: 64, SourceNeurons: 6, TargetNeurons: 2, SourceSamples: 1000, TestSamples: 2000, LearningRate: 1.0, PretrainSteps: 4000, TrainSteps: 4000);
        int[] ns = q ? [10, 20, 40, 80] : [5, 10, 20, 40, 80, 160];
        int reps = q ? 3 : 8;
        double[] cs = q ? [0.01, 1, 100] : [0.01, 0.1, 1, 10, 100];
        double[] kappas = q ? [0.1, 1, 10] : [0.1, 0.3, 1, 3, 10];
        double[] gammas = q ? [0, 1, 3] : [0, 0.5, 1, 2, 4];
        var kinds = new[] { TargetFeatures.Subset, TargetFeatures.New };
        foreach (var (k, v) in new (string, object)[] { ("d", s.D), ("width", s.Width), ("source_neurons", s.SourceNeurons), ("target_neurons", s.TargetNeurons),
                     ("n_source", s.SourceSamples), ("n_test", s.TestSamples), ("learning_rate_nominal", s.LearningRate), ("pretrain_steps", s.PretrainSteps),
                     ("train_steps", s.TrainSteps), ("relative_loss_tolerance", s.RelativeLossTolerance), ("repetitions", reps),
                     ("c_pt_values", cs), ("kappa_values", kappas), ("gamma_ft_values", gammas), ("base_point", "c_PT = 1, κ = 1, γ_FT = 0"),
                     ("mapping", "base w ~ N(0, I/d), a ~ N(0, 1), f = (1/m)Σ a ReLU(wᵀx), mirrored pairs (f ≡ 0); PT: W·√(c_PT κ), a·√(c_PT/κ); FT: keep W, a ~ N(0, γ_FT²); all layers trained by GD"),
                     ("scratch", "base initialisation (c_PT = 1, κ = 1) trained on the target") })
            ctx.Note(k, v);

        // One job per distinct pretraining (c_PT, κ); the base job also fine-tunes every γ_FT and runs scratch.
        var jobs = new List<Job> { new(BaseC, BaseKappa, gammas, true) };
        jobs.AddRange(cs.Where(c => c != BaseC).Select(c => new Job(c, BaseKappa, [BaseGamma], false)));
        jobs.AddRange(kappas.Where(k => k != BaseKappa).Select(k => new Job(BaseC, k, [BaseGamma], false)));
        var progress = ctx.Progress("pretrain + fine-tune", jobs.Count * reps);
        // Streams depend on (seed, repetition) only, so every lever setting of a repetition shares task, data and draws.
        var res = ctx.Map(jobs, reps, ctx.Seed, (job, rep, _) =>
            ReluLeverTrial.Run(s, new ReluLevers(job.CPt, job.Kappa), job.Gammas, kinds, ns, ctx.Seed, rep, fineTune: true, scratch: job.Scratch),
            progress);

        var table = new TidyTable("kind", "quantity", "c_pt", "kappa", "gamma_ft", "target", "n_target", "rep", "value");
        int notConverged = 0, pretrainNotConverged = 0, diverged = 0;
        for (int j = 0; j < jobs.Count; j++)
            for (int r = 0; r < reps; r++)
            {
                if (!res[j, r][0].PretrainConverged) pretrainNotConverged++; // one pretraining per job, shared by its γ values
                foreach (var run in res[j, r])
                {
                    var lv = run.Levers;
                    void Add(string qn, string target, int n, double v) => table.Add("simulation", qn, lv.CPt, lv.Kappa, lv.GammaFt, target, n, r, v);
                    Add("pretrain-source-error", "source", 0, run.PretrainSourceError);
                    Add("pretrain-converged", "source", 0, run.PretrainConverged ? 1.0 : 0.0);
                    Add("student-span-residual", "subset", 0, run.SubsetSpanResidual);
                    Add("student-span-residual", "new", 0, run.NewSpanResidual);
                    foreach (var o in run.Outcomes)
                    {
                        string t = ReluFeatureTask.Name(o.Target);
                        Add("fine-tune", t, o.N, o.FineTune);
                        Add("fine-tune-converged", t, o.N, o.FineTuneConverged ? 1.0 : 0.0);
                        Add("first-layer-movement", t, o.N, o.FirstLayerMovement);
                        if (!o.FineTuneConverged) notConverged++;
                        if (o.Diverged) diverged++;
                        if (double.IsFinite(o.Scratch))
                        {
                            Add("scratch", t, o.N, o.Scratch);
                            Add("scratch-converged", t, o.N, o.ScratchConverged ? 1.0 : 0.0);
                            if (!o.ScratchConverged) notConverged++;
                        }
                    }
                }
            }
        ctx.Write(Id, table);
        var summary = table.Summarize(["quantity", "c_pt", "kappa", "gamma_ft", "target", "n_target"], "value");
        ctx.Write(Id + "-summary", summary);
        ctx.Note("target_runs_not_converged", notConverged);
        // Outcomes whose training still diverged after the last step halving (docs/architecture.md, "Divergence").
        ctx.Note("target_runs_diverged", diverged);
        ctx.Note("pretraining_runs_not_converged", pretrainNotConverged);
        ctx.Note("target_runs", table.Rows.Count(row => (string)row[1]! is "fine-tune" or "scratch"));
        ctx.Note("pretraining_runs", jobs.Count * reps);
        ctx.Note("stopping_rule", "loss ≤ tol·(1/2n)‖y‖² within the step budget; runs that hit the budget are counted as not converged (their error is still reported; quantities *-converged give the fraction per cell)");

        var lookup = new LeverCellLookup(summary);
        (double Mean, double Se) Get(string qn, double c, double k, double g, string target, int n) => lookup.Get(qn, c, k, g, target, n);
        double[] xs = ns.Select(v => (double)v).ToArray();
        var sweeps = new (string Name, string Symbol, double[] Values, Func<double, (double C, double K, double G)> Point)[]
        {
            ("c-pt", "c_PT", cs, v => (v, BaseKappa, BaseGamma)),
            ("kappa", "κ", kappas, v => (BaseC, v, BaseGamma)),
            ("gamma-ft", "γ_FT", gammas, v => (BaseC, BaseKappa, v)),
        };
        char panel = 'a';
        foreach (var sw in sweeps)
            foreach (var kind in kinds)
            {
                string t = ReluFeatureTask.Name(kind);
                string what = kind == TargetFeatures.Subset ? "target on a subset of the source features" : "target on new features";
                var p = new CurvePlot($"({panel}) {sw.Symbol} sweep, {what}", "target samples n", "relative error ‖f − f_t‖²/‖f_t‖²", logX: true, logY: true);
                for (int i = 0; i < sw.Values.Length; i++)
                {
                    var (c, k, g) = sw.Point(sw.Values[i]);
                    var cells = ns.Select(n => Get("fine-tune", c, k, g, t, n)).ToArray();
                    p.AddSimulation($"fine-tune, {sw.Symbol} = {sw.Values[i].ToString("G3", CultureInfo.InvariantCulture)}", xs, cells.Select(v => v.Mean).ToArray(), cells.Select(v => v.Se).ToArray(), i);
                    p.AddTheory("", xs, cells.Select(v => v.Mean).ToArray(), i, dashed: true); // guide line through the means (no theory exists)
                }
                var sc = ns.Select(n => Get("scratch", BaseC, BaseKappa, BaseGamma, t, n)).ToArray();
                p.AddSimulation("scratch (c_PT = 1, κ = 1)", xs, sc.Select(v => v.Mean).ToArray(), sc.Select(v => v.Se).ToArray(), 7);
                p.AddTheory("", xs, sc.Select(v => v.Mean).ToArray(), 7, dashed: true);
                ctx.Save($"{Id}-{panel}", p.Plot);
                panel++;
            }

        // Headline numbers at a middle sample size (all at the base point unless a lever is named).
        const int nMid = 20; // in the n grid at both sizes
        double Ft(double c, double k, double g, string t, int n) => Get("fine-tune", c, k, g, t, n).Mean;
        double Sc(string t, int n) => Get("scratch", BaseC, BaseKappa, BaseGamma, t, n).Mean;
        int nBig = ns[^1];
        ctx.Headline($"subset n={nMid}: fine-tune / scratch (base)", Ft(BaseC, BaseKappa, BaseGamma, "subset", nMid) / Sc("subset", nMid));
        ctx.Headline($"new n={nMid}: fine-tune / scratch (base)", Ft(BaseC, BaseKappa, BaseGamma, "new", nMid) / Sc("new", nMid));
        ctx.Headline($"subset n={nMid}: FT error c_PT={cs[^1]:G3} / c_PT=1", Ft(cs[^1], BaseKappa, BaseGamma, "subset", nMid) / Ft(BaseC, BaseKappa, BaseGamma, "subset", nMid));
        ctx.Headline($"subset n={nMid}: FT error κ={kappas[0]:G3} / κ={kappas[^1]:G3}", Ft(BaseC, kappas[0], BaseGamma, "subset", nMid) / Ft(BaseC, kappas[^1], BaseGamma, "subset", nMid));
        ctx.Headline($"subset n={nBig}: FT error κ={kappas[0]:G3} / κ={kappas[^1]:G3}", Ft(BaseC, kappas[0], BaseGamma, "subset", nBig) / Ft(BaseC, kappas[^1], BaseGamma, "subset", nBig));
        ctx.Headline($"new n={nBig}: FT error κ={kappas[0]:G3} / κ={kappas[^1]:G3}", Ft(BaseC, kappas[0], BaseGamma, "new", nBig) / Ft(BaseC, kappas[^1], BaseGamma, "new", nBig));
        ctx.Headline($"subset n={nMid}: FT error γ_FT={gammas[^1]:G3} / γ_FT=0", Ft(BaseC, BaseKappa, gammas[^1], "subset", nMid) / Ft(BaseC, BaseKappa, BaseGamma, "subset", nMid));
        ctx.Headline("runs not converged (target phases)", notConverged);
    }
}
