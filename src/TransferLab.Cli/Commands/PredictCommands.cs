using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using TransferLab.Data.Readers;
using TransferLab.Experiments;
using TransferLab.Plotting;
using TransferLab.Validation;

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
        var predict = new Command("predict", "Point a theory at your own task statistics and get its prediction (see `predict linear --help`).");
        predict.Subcommands.Add(BuildLinear());
        root.Root.Subcommands.Add(predict);
    }

    private static Command BuildLinear()
    {
        var inputs = new Option<string>("--inputs") { Description = "CSV of target inputs, one sample per row (optional header). Their second-moment matrix XᵀX/N is used as Σ (no intercept: add a constant column if you need one).", Required = true };
        var labelColumn = new Option<string?>("--label-column") { Description = "Name or 0-based index of a label column in --inputs; with no --target-weights, θ_T is fitted by least squares (needs more rows than features) and σ from its residuals." };
        var source = new Option<string>("--source-weights") { Description = "File with the pretrained weights θ_S: d numbers, one per line or comma separated.", Required = true };
        var target = new Option<string?>("--target-weights") { Description = "File with the target weights θ_T (same format), if known." };
        var sigma = new Option<double?>("--sigma") { Description = "Label-noise SD σ ≥ 0 (default: 0 with --target-weights, the residual estimate with --label-column)." };
        var ns = new Option<string?>("--n") { Description = "Comma-separated target sample sizes (default: 16 log-spaced values from 1 to 2d)." };
        var epsilon = new Option<double?>("--epsilon") { Description = "Also report n*(ε) = min{n : predicted excess risk ≤ ε} for fine-tuning and scratch (ε > 0)." };
        var check = new Option<int>("--check") { Description = "Bootstrap check: for each n, K designs resampled from your input rows with labels xᵀθ_T + σε, solved exactly (0 = theory only).", DefaultValueFactory = _ => 0 };
        var outDir = new Option<string?>("--out") { Description = "Also write predict-linear.csv (tidy), a PNG/SVG plot and a manifest into this directory (staged, atomic)." };
        var seed = CommonOptions.Seed();
        var threads = CommonOptions.Threads();
        var json = CommonOptions.Json();
        var cmd = new Command("linear", "Will fine-tuning your pretrained linear weights beat training from scratch on your target data, and from how many samples? Deterministic-equivalent theory (Shachaf et al. 2021, general Σ) on your statistics, optionally checked by bootstrap simulation on your own rows.");
        foreach (var o in new Option[] { inputs, labelColumn, source, target, sigma, ns, epsilon, check, outDir, seed, threads, json }) cmd.Options.Add(o);
        CliRoot.SetAction(cmd, p =>
        {
            var table = CsvMatrixReader.Read(p.GetValue(inputs)!, p.GetValue(labelColumn));
            var theta = ReadWeights(p.GetValue(source)!);
            var targetW = p.GetValue(target) is { } tf ? ReadWeights(tf) : null;
            int k = Require.AtLeast("--check", p.GetValue(check), 0);
            if (k == 1) throw new ParameterException("--check", 1, "must be 0 (theory only) or ≥ 2 (a standard error needs two runs)");
            int th = Require.Positive("--threads", p.GetValue(threads));
            double? eps = p.GetValue(epsilon) is double e ? Require.Positive("--epsilon", e) : null;
            double? sg = p.GetValue(sigma) is double s ? Require.NonNegative("--sigma", s) : null;
            int d = table.Features.Cols;
            var grid = p.GetValue(ns) is { } text ? ParseSizes(text) : DefaultSizes(d);
            var task = new PractitionerTask(table.Features, theta, targetW, table.Labels, sg);
            string? dir = p.GetValue(outDir);
            if (dir != null) FigureRunner.PrepareOutputDirectory(dir);
            var board = new ProgressBoard();
            var prediction = ProgressDisplay.Run(board, () => LinearTransferPredictor.Predict(task, grid, eps, k, p.GetValue(seed), th,
                k > 0 ? board.Start("bootstrap check", grid.Count * k) : null));
            IReadOnlyList<string> files = [];
            if (dir != null) files = FigureRunner.Run(new Job(prediction, table.Source), false, dir, p.GetValue(seed), th, board).Files;
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

    /// <summary>Reads d weights from a file: one per line, or comma separated on one line (a header line is allowed).</summary>
    private static double[] ReadWeights(string path)
    {
        var t = CsvMatrixReader.Read(path);
        var m = t.Features;
        if (m.Rows != 1 && m.Cols != 1)
            throw new DataFormatException(path, $"is a {m.Rows}×{m.Cols} table; expected one row or one column of weights");
        return (double[])m.Data.Clone();
    }

    private static List<int> ParseSizes(string text)
    {
        var list = new List<int>();
        foreach (var s in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) || v <= 0)
                throw new ParameterException("--n", s, "must be a comma-separated list of positive integers");
            list.Add(v);
        }
        if (list.Count == 0) throw new ParameterException("--n", text, "must list at least one sample size");
        return list.Distinct().Order().ToList();
    }

    private static List<int> DefaultSizes(int d)
    {
        int max = Math.Max(2, 2 * d);
        return Enumerable.Range(0, 16).Select(i => (int)Math.Round(Math.Pow(max, i / 15.0))).Distinct().ToList();
    }
}
