using TransferLab.Plotting;

namespace TransferLab.Experiments.Tahir2024;

/// <summary>
/// Tahir et al. 2024, lazy↔rich pretraining sweep (rebuttal / appendix figure, number [U]), reconstructed: the mean-field
/// student is pretrained on the source with λ‖θ − θ₀‖² (θ₀ = its small initialisation), for λ on a log grid plus λ = 0, then
/// transferred to a target with poor overlap (μ large). Panel (a): target error of linear transfer and fine-tuning vs λ, with
/// scratch as reference; panel (b): what pretraining did — ‖P_⊥f_t‖² of the pretrained student's feature span, the source fit,
/// and the relative weight movement (lazy ≈ 0, rich = O(1)). The paper claims the best λ removes negative transfer; this
/// figure reports whatever the simulation shows at TransferLab's sizes.
/// </summary>
public sealed class TahirReluLambdaFigure : Figure
{
    /// <inheritdoc />
    public override string Id => "tahir-relu-lambda";
    /// <inheritdoc />
    public override string Paper => "Tahir, Ganguli & Rotskoff 2024";
    /// <inheritdoc />
    public override string Description => "Regularised pretraining λ‖θ−θ₀‖² from rich to lazy: target error of linear transfer / fine-tuning vs λ, scratch reference";

    /// <inheritdoc />
    public override void Run(FigureContext ctx)
    {
        bool q = ctx.Quick;
        var s = q
            ? new TahirReluSettings(D: 20, Width: 100, TeacherWidth: 10, Mu: 0.8, SourceSamples: 500, TestSamples: 1000, LearningRate: 0.5, PretrainSteps: 1500, TrainSteps: 1000, InitScale: 0.1)
            : new TahirReluSettings(D: 30, Width: 300, TeacherWidth: 30, Mu: 0.8, SourceSamples: 2000, TestSamples: 4000, LearningRate: 0.5, PretrainSteps: 4000, TrainSteps: 3000, InitScale: 0.1);
        int n = q ? 80 : 160, reps = q ? 2 : 6;
        double[] lambdas = q ? [0, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1] : [0, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1];
        foreach (var (k, v) in new (string, object)[] { ("d", s.D), ("student_width", s.Width), ("teacher_width", s.TeacherWidth), ("mu", s.Mu), ("n_target", n),
                     ("n_source", s.SourceSamples), ("init_scale", s.InitScale), ("pretrain_steps", s.PretrainSteps), ("train_steps", s.TrainSteps),
                     ("readout_ridge_relative", s.ReadoutRidge), ("repetitions", reps), ("penalty", "λ‖θ−θ₀‖² applied by a proximal step") })
            ctx.Note(k, v);
        var progress = ctx.Progress("λ sweep", lambdas.Length * reps);
        // Same teacher/data stream for every λ within a repetition: the seed depends on the repetition only (common random numbers).
        var res = ctx.Map(lambdas, reps, ctx.Seed, (lam, rep, _) =>
            TahirReluTrial.Run(s with { PretrainPenalty = lam }, n, Numerics.SeedSequence.For(ctx.Seed, 303, rep)), progress);
        var table = LambdaSweepTable.Build(lambdas, res,
            ("simulation", "scratch", o => o.Scratch),
            ("simulation", "linear-transfer", o => o.LinearTransfer),
            ("simulation", "fine-tune", o => o.FineTune),
            ("theory", "overlap-student", o => o.OverlapStudent),
            ("theory", "overlap-teacher", o => o.OverlapTeacher),
            ("simulation", "pretrain-fit", o => o.PretrainFit),
            ("simulation", "weight-movement", o => o.WeightMovement));
        ctx.Write(Id, table);
        // Runs whose training diverged (docs/architecture.md, "Divergence").
        ctx.Note("runs_diverged", Enumerable.Range(0, lambdas.Length).Sum(i => Enumerable.Range(0, reps).Count(r => res[i, r].Diverged)));
        var summary = table.Summarize(["kind", "quantity", "lambda"], "value");
        ctx.Write(Id + "-summary", summary);
        double[] Col(string qn, string col, bool positive) => LambdaSweepTable.Column(summary, qn, col, positive);
        var lx = lambdas.Where(l => l > 0).ToArray();

        var a = new CurvePlot($"(a) transfer after λ-regularised pretraining (μ = {s.Mu}, n = {n})", "pretraining penalty λ", "relative target error", logX: true);
        a.AddSimulation("linear transfer", lx, Col("linear-transfer", "mean", true), Col("linear-transfer", "se", true), 0);
        a.AddSimulation("fine-tune", lx, Col("fine-tune", "mean", true), Col("fine-tune", "se", true), 1);
        double scratch = summary.Rows.Where(row => (string)row[1]! == "scratch").Average(row => Convert.ToDouble(row[summary.IndexOf("mean")]));
        a.AddTheory("scratch (reference)", [lx[0], lx[^1]], [scratch, scratch], 7);
        a.AddTheory("linear transfer at λ = 0 (rich)", [lx[0], lx[^1]], [Col("linear-transfer", "mean", false)[0], Col("linear-transfer", "mean", false)[0]], 0, dashed: true);
        a.AddTheory("fine-tune at λ = 0 (rich)", [lx[0], lx[^1]], [Col("fine-tune", "mean", false)[0], Col("fine-tune", "mean", false)[0]], 1, dashed: true);
        // Head-room above the data for the legend.
        double top = new[] { Col("linear-transfer", "mean", true).Zip(Col("linear-transfer", "se", true), (m, e) => m + 2 * e).Max(), scratch }.Max();
        a.SetLimitsY(0, top * 1.5);
        ctx.Save(Id + "-a", a.Plot);

        var b = new CurvePlot("(b) what pretraining learned vs λ", "pretraining penalty λ", "value", logX: true);
        b.AddSimulation("‖P⊥f_t‖²/‖f_t‖², student span", lx, Col("overlap-student", "mean", true), Col("overlap-student", "se", true), 2);
        b.AddSimulation("source fit error (relative)", lx, Col("pretrain-fit", "mean", true), Col("pretrain-fit", "se", true), 3);
        b.AddSimulation("weight movement ‖θ−θ₀‖/‖θ₀‖ (÷10)", lx, Col("weight-movement", "mean", true).Select(v => v / 10).ToArray(), Col("weight-movement", "se", true).Select(v => v / 10).ToArray(), 4);
        b.AddTheory("‖P⊥f_t‖²/‖f_t‖², source-teacher span", [lx[0], lx[^1]], [Col("overlap-teacher", "mean", true)[0], Col("overlap-teacher", "mean", true)[0]], 5, dashed: true);
        b.SetLimitsY(-0.05, 1.9);
        ctx.Save(Id + "-b", b.Plot);

        var lt = Col("linear-transfer", "mean", true);
        int best = Array.IndexOf(lt, lt.Min());
        ctx.Headline("best λ for linear transfer", lx[best]);
        ctx.Headline("LT error at best λ − scratch", lt[best] - scratch);
        ctx.Headline("LT error at λ = 0 − scratch", Col("linear-transfer", "mean", false)[0] - scratch);
    }
}
