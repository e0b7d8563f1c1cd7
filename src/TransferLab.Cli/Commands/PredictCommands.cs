using System.CommandLine;
using Spectre.Console;
using TransferLab.Experiments;
using TransferLab.Experiments.Families;
using TransferLab.Plotting;
using TransferLab.Schema;

namespace TransferLab.Cli.Commands;

/// <summary>
/// <c>predict linear</c>: the practitioner's predictor. Points the linear fine-tuning theory at the user's own task
/// statistics (their input rows, their pretrained weights, their target weights or labels).
/// </summary>
public sealed class PredictCommands : ICliModule
{
    /// <summary>A one-off figure for <c>--out</c>: tidy CSV, plot and manifest through the staged <see cref="FigureRunner"/>.</summary>
    private sealed class Job(PractitionerPrediction prediction, string source) : Figure
    {
        public override string Id => "predict-linear";
        public override string Paper => "Shachaf, Brutzkus & Globerson 2021";
        public override string Description => "Predicted fine-tuning vs scratch risk for a user's task statistics";
        public override void Run(FigureContext ctx)
        {
            var t = new TidyTable("kind", "protocol", "n", "excess_risk", "se");
            foreach (var pt in prediction.Points)
            {
                t.Add("theory", "fine-tune", pt.N, pt.FineTune, double.NaN);
                t.Add("theory", "scratch", pt.N, pt.Scratch, double.NaN);
                if (pt.FineTuneSimulated is double f) t.Add("simulation", "fine-tune", pt.N, f, pt.FineTuneSe ?? double.NaN);
                if (pt.ScratchSimulated is double s) t.Add("simulation", "scratch", pt.N, s, pt.ScratchSe ?? double.NaN);
            }
            ctx.Write(Id, t);
            ctx.Note("inputs", source);
            ctx.Note("d", prediction.Dimension);
            ctx.Note("sigma", prediction.Sigma);
            ctx.Note("target_from", prediction.TargetFrom);
            ctx.Headline("zero-shot risk ‖θ_S − θ_T‖²_Σ", prediction.ZeroShot);
            var ns = prediction.Points.Select(p => (double)p.N).ToArray();
            var plot = new CurvePlot($"Your task: d = {prediction.Dimension}, σ = {prediction.Sigma:G3}", "target samples n", "excess risk", logX: ns.Max() / ns.Min() > 20, logY: true);
            plot.AddTheory("fine-tune (theory)", ns, prediction.Points.Select(p => p.FineTune).ToArray(), 0);
            plot.AddTheory("scratch (theory)", ns, prediction.Points.Select(p => p.Scratch).ToArray(), 1);
            plot.AddTheory("zero-shot", [ns.Min(), ns.Max()], [prediction.ZeroShot, prediction.ZeroShot], 2, dashed: true);
            var sim = prediction.Points.Where(p => p.FineTuneSimulated is not null).ToArray();
            if (sim.Length > 0)
            {
                var sx = sim.Select(p => (double)p.N).ToArray();
                plot.AddSimulation("fine-tune (bootstrap)", sx, sim.Select(p => p.FineTuneSimulated!.Value).ToArray(), sim.Select(p => p.FineTuneSe!.Value).ToArray(), 0);
                plot.AddSimulation("scratch (bootstrap)", sx, sim.Select(p => p.ScratchSimulated!.Value).ToArray(), sim.Select(p => p.ScratchSe!.Value).ToArray(), 1);
            }
            ctx.Save(Id, plot.Plot);
        }
    }

    /// <inheritdoc />
    public void Register(CliRoot root)
    {
        if (!root.Builds("predict")) return;
        var predict = new Command("predict", "Point a theory at your own task statistics and get its prediction (see `predict linear --help`).");
        predict.Subcommands.Add(BuildLinear());
        root.Root.Subcommands.Add(predict);
    }

    private static Command BuildLinear()
    {
        var options = new SchemaOptions(PredictLinearParameters.Schema, Compute.Both);
        var outDir = new Option<string?>("--out") { Description = "Also write predict-linear.csv (tidy), a PNG/SVG plot and a manifest into this directory (staged, atomic)." };
        var seed = CommonOptions.Seed();
        var threads = CommonOptions.Threads();
        var json = CommonOptions.Json();
        var maxMemory = CommonOptions.MaxMemory();
        var cmd = new Command("linear", "Will fine-tuning your pretrained linear weights beat training from scratch on your target data, and from how many samples? Deterministic-equivalent theory (Shachaf et al. 2021, general Σ) on your statistics, optionally checked by bootstrap simulation on your own rows.");
        options.AddTo(cmd);
        foreach (var o in new Option[] { outDir, seed, threads, maxMemory, json }) cmd.Options.Add(o);
        CliRoot.SetAction(cmd, p =>
        {
            var values = options.Bind(p);
            int th = CommonOptions.ValidThreads(p.GetValue(threads));
            MemoryBudget.Check(PredictLinearParameters.EstimateMemory(values, th), CommonOptions.Budget(p, maxMemory), values);
            var request = PredictLinearParameters.Read(values);
            int k = request.Check;
            var grid = request.SampleSizes;
            var task = request.Task;
            string? dir = p.GetValue(outDir);
            if (dir != null) FigureRunner.PrepareOutputDirectory(dir);
            var board = new ProgressBoard();
            var prediction = ProgressDisplay.Run(board, () => LinearTransferPredictor.Predict(task, grid, request.Epsilon, k, p.GetValue(seed), th,
                k > 0 ? board.Start("bootstrap check", grid.Count * k) : null));
            IReadOnlyList<string> files = [];
            if (dir != null) files = FigureRunner.Run(new Job(prediction, request.Inputs), false, dir, p.GetValue(seed), th, board).Files;
            if (p.GetValue(json)) CliOutput.Print(new { prediction, files }, true);
            else
            {
                AnsiConsole.MarkupLine(Markup.Escape($"d = {prediction.Dimension} (from {prediction.Samples} rows, effective rank {prediction.EffectiveRank:G4}), θ_T: {prediction.TargetFrom}, σ = {prediction.Sigma:G4}"));
                AnsiConsole.MarkupLine(Markup.Escape($"zero-shot risk ‖θ_S − θ_T‖²_Σ = {prediction.ZeroShot:G4}; predicting 0: ‖θ_T‖²_Σ = {prediction.ScratchAtZero:G4}"));
                bool sim = k > 0;
                CliOutput.PrintRows("Predicted excess risk vs target samples n" + (sim ? " (bootstrap mean ± SE next to it)" : ""),
                    sim ? ["n", "fine-tune", "bootstrap", "SE", "scratch", "bootstrap", "SE"] : ["n", "fine-tune", "scratch", "pretraining helps"],
                    prediction.Points.Select(x => sim
                        ? new object?[] { x.N, x.FineTune, x.FineTuneSimulated, x.FineTuneSe, x.Scratch, x.ScratchSimulated, x.ScratchSe }
                        : new object?[] { x.N, x.FineTune, x.Scratch, x.FineTune < x.Scratch ? "yes" : "no" }));
                if (prediction.Complexity is { } c) CliOutput.Print(c, false, $"Sample complexity n*(ε), ε = {c.Epsilon}");
                foreach (var f in files) AnsiConsole.MarkupLine(Markup.Escape($"wrote {f}"));
            }
            return 0;
        });
        return cmd;
    }
}
