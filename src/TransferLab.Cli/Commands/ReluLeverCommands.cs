using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using TransferLab.Data;
using TransferLab.Data.Readers;
using TransferLab.Experiments;
using TransferLab.Experiments.Anguita2026;
using TransferLab.Experiments.Shachaf2021;
using TransferLab.Experiments.Tahir2024;
using TransferLab.Training;
using TransferLab.Validation;

namespace TransferLab.Cli.Commands;

/// <summary>
/// <c>simulate relu-levers</c>: the three initialisation levers of Anguita et al. 2026 (c_PT, κ ≙ λ_PT, γ_FT) on a two-layer
/// ReLU network, pretrain → re-initialised readout → fine-tune, against scratch; on a synthetic ReLU-teacher task (target on a
/// subset of the source features or on new features) or on a user-supplied CIFAR-100 train.bin (98 classes → binary task).
/// </summary>
public sealed class ReluLeverCommands : ICliModule
{
    /// <inheritdoc />
    public void Register(CliRoot root) => root.Simulate.Subcommands.Add(Simulate());

    private static Option<T> Opt<T>(string name, string description, T defaultValue) => CommonOptions.WithDefault(name, description, defaultValue);

    /// <summary>Parses a comma-separated list of positive integers (the target sizes of --n).</summary>
    public static int[] ParseSizes(string text)
    {
        var parts = (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) throw new ParameterException("--n", text, "must be a comma-separated list of positive integers, e.g. 20,80");
        return parts.Select(p => int.TryParse(p, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) && v > 0
            ? v : throw new ParameterException("--n", p, "must be a comma-separated list of positive integers, e.g. 20,80")).Distinct().Order().ToArray();
    }

    private static int[]? ParseHoldout(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return parts.Select(p => int.TryParse(p, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v)
            ? v : throw new ParameterException("--holdout-classes", text, "must be two fine-class numbers 0–99, e.g. 3,71")).ToArray();
    }

    private static Command Simulate()
    {
        var cPt = Opt("--c-pt", "c_PT > 0: absolute initialisation scale at pretraining. The base init (w ~ N(0, I/d), a ~ N(0, 1), mean-field 1/m output, mirrored pairs so f ≡ 0) has W scaled by √(c_PT·κ) and a by √(c_PT/κ). Small = rich, large = lazy.", 1.0);
        var kappa = Opt("--kappa", "κ > 0: first-layer/readout scale ratio at pretraining (κ < 1: smaller early layer, the analogue of λ_PT < 0; κ = 1: balanced, λ_PT = 0).", 1.0);
        var gamma = Opt("--gamma-ft", "γ_FT ≥ 0: the readout is re-drawn i.i.d. N(0, γ_FT²) at fine-tuning (0 = zero head; 1 = a fresh head at the base scale).", 0.0);
        var width = new Option<int?>("--width") { Description = "Network width m (even, ≥ 2). Default 64 (synthetic) or 128 (CIFAR-100)." };
        var n = Opt("--n", "Target (fine-tuning) sample sizes, comma-separated, e.g. 10,40,160.", "20,80");
        var seeds = Opt("--seeds", "Independent repetitions (seeds) per setting (≥ 1; ≥ 2 for a standard error).", 4);
        var d = new Option<int?>("--d") { Description = "Input dimension d (synthetic: x ~ N(0, I_d), d ≥ k_s + k_t; CIFAR-100: whitened principal components kept). Default 16 (synthetic) or 32 (CIFAR-100)." };
        var sourceNeurons = Opt("--source-neurons", "Synthetic: neurons k_s of the source teacher (orthonormal directions, ±1 output weights).", 6);
        var targetNeurons = Opt("--target-neurons", "Synthetic: neurons k_t ≤ k_s of each target teacher.", 2);
        var target = Opt("--target", "Synthetic: subset (target on k_t of the source features), new (k_t new orthogonal features) or both.", "both");
        var nSource = Opt("--n-source", "Synthetic: noiseless pretraining samples n_s.", 1000);
        var nTest = Opt("--n-test", "Synthetic: test points for the relative error.", 2000);
        var noise = Opt("--noise", "Synthetic: target label-noise standard deviation σ ≥ 0.", 0.0);
        var lr = Opt("--lr", "Nominal GD step η > 0 (≤ 1 is stable at the start of every phase); the applied step is η·m/max(1, S·L) with S = mean (‖w_r‖² + a_r²)/2 and L = λ_max(XᵀX)/n, halved on divergence.", 1.0);
        var pretrainSteps = new Option<int?>("--pretrain-steps") { Description = "Maximum GD steps of pretraining (≥ 1). Default 4000 (synthetic) or 300 (CIFAR-100)." };
        var steps = new Option<int?>("--steps") { Description = "Maximum GD steps of fine-tuning and scratch training (≥ 1). Default 4000 (synthetic) or 2000 (CIFAR-100)." };
        var lossTol = Opt("--loss-tol", "Stop a phase when the training loss is ≤ this times the loss of f ≡ 0.", 1e-6);
        var cifar = new Option<string?>("--cifar100")
        {
            Description = "PATH of CIFAR-100 train.bin (binary version, user-supplied; nothing is downloaded). Pretrain on 98 fine classes (one-hot, squared loss), fine-tune a binary ±1 task on the 2 held-out classes; report squared loss and accuracy.",
        };
        var maxImages = Opt("--max-images", "CIFAR-100: read at most this many records from the start of the file (≥ 1).", 10000);
        var pcaRows = Opt("--pca-rows", "CIFAR-100: fit the principal components on the first this-many images read.", 2000);
        var holdout = new Option<string?>("--holdout-classes")
        {
            Description = "CIFAR-100: the two held-out fine classes, e.g. 3,71 (first = +1). Default: a pair drawn per seed.",
        };
        var outFile = new Option<string?>("--out")
        {
            Description = "Also write the per-seed results as tidy CSV to this file (written to a temporary file and renamed).",
        };
        var seed = CommonOptions.Seed();
        var threads = CommonOptions.Threads();
        var json = CommonOptions.Json();
        var cmd = new Command("relu-levers",
            "Anguita et al. 2026's initialisation levers on a two-layer ReLU network: pretrain with scale c_PT and layer ratio κ, re-draw the readout with scale γ_FT, " +
            "fine-tune all layers by GD; target error vs n against scratch. Synthetic ReLU teachers (target on a subset of the source features or on new ones) or --cifar100 PATH.")
        { cPt, kappa, gamma, width, n, seeds, d, sourceNeurons, targetNeurons, target, nSource, nTest, noise, lr, pretrainSteps, steps, lossTol,
          cifar, maxImages, pcaRows, holdout, outFile, seed, threads, json };
        CliRoot.SetAction(cmd, p =>
        {
            // Validate everything before any work or output.
            var levers = new ReluLevers(p.GetValue(cPt), p.GetValue(kappa), p.GetValue(gamma)).Validate();
            var ns = ParseSizes(p.GetValue(n)!);
            int reps = Require.Positive("--seeds", p.GetValue(seeds));
            int t = Require.Positive("--threads", p.GetValue(threads));
            string? outPath = p.GetValue(outFile);
            if (outPath != null)
            {
                string? dir = Path.GetDirectoryName(Path.GetFullPath(outPath));
                if (dir == null || !Directory.Exists(dir)) throw new ParameterException("--out", outPath, "its directory must exist");
            }
            ulong sd = p.GetValue(seed);
            bool asJson = p.GetValue(json);
            string? cifarPath = p.GetValue(cifar);
            int Or(Option<int?> o, int dflt) => p.GetValue(o) ?? dflt;
            if (cifarPath != null)
            {
                var s = new ReluLeverCifarSettings(Or(d, 32), Or(width, 128), p.GetValue(maxImages), p.GetValue(pcaRows), p.GetValue(lr),
                    Or(pretrainSteps, 300), Or(steps, 2000), p.GetValue(lossTol), ParseHoldout(p.GetValue(holdout))).Validate(ns);
                if (!File.Exists(cifarPath)) throw new ParameterException("--cifar100", cifarPath, "file not found (supply CIFAR-100 train.bin, binary version)");
                var data = ReluLeverCifarTrial.Load(cifarPath, s.MaxImages, s.D, s.PcaRows);
                var runs = ParallelRunner.Map([s], reps, sd, (st, rep, _) => ReluLeverCifarTrial.Run(data, st, levers, ns, sd, rep), t);
                ReportCifar(runs, levers, s, data, ns, asJson, outPath);
            }
            else
            {
                var kinds = p.GetValue(target)!.Trim().ToLowerInvariant() == "both"
                    ? new[] { TargetFeatures.Subset, TargetFeatures.New }
                    : [ReluFeatureTask.ParseKind(p.GetValue(target)!)];
                var s = new ReluLeverSettings(Or(d, 16), Or(width, 64), p.GetValue(sourceNeurons), p.GetValue(targetNeurons), p.GetValue(nSource),
                    p.GetValue(nTest), p.GetValue(lr), Or(pretrainSteps, 4000), Or(steps, 4000), p.GetValue(noise), p.GetValue(lossTol)).Validate(ns);
                var runs = ParallelRunner.Map([s], reps, sd, (st, rep, _) => ReluLeverTrial.Run(st, levers, kinds, ns, sd, rep), t);
                ReportSynthetic(runs, levers, s, kinds, ns, asJson, outPath);
            }
            return 0;
        });
        return cmd;
    }

    private static (double Mean, double Se) Ms(IEnumerable<double> xs) => Statistics.MeanAndStandardError(xs.ToList());

    private static void WriteCsv(string? path, TidyTable table)
    {
        if (path == null) return;
        ImageScaling.WriteAtomically(path, s =>
        {
            using var w = new StreamWriter(s);
            table.WriteCsv(w);
        });
    }

    private static void ReportSynthetic(LeverRun[,] runs, ReluLevers levers, ReluLeverSettings s, TargetFeatures[] kinds, int[] ns, bool json, string? outPath)
    {
        int reps = runs.GetLength(1);
        var all = Enumerable.Range(0, reps).Select(r => runs[0, r]).ToArray();
        var table = new TidyTable("target", "n", "seed", "fine_tune", "scratch", "first_layer_movement", "fine_tune_converged", "scratch_converged");
        foreach (var (run, r) in all.Select((x, i) => (x, i)))
            foreach (var o in run.Outcomes)
                table.Add(ReluFeatureTask.Name(o.Target), o.N, r, o.FineTune, o.Scratch, o.FirstLayerMovement, o.FineTuneConverged, o.ScratchConverged);
        var rows = kinds.SelectMany(kind => ns.Select(nn =>
        {
            var cell = all.Select(run => run.Outcomes.First(o => o.Target == kind && o.N == nn)).ToArray();
            var ft = Ms(cell.Select(o => o.FineTune));
            var sc = Ms(cell.Select(o => o.Scratch));
            var diff = Ms(cell.Select(o => o.FineTune - o.Scratch));
            return new
            {
                target = ReluFeatureTask.Name(kind), n = nn,
                fine_tune = ft.Mean, fine_tune_se = ft.Se, scratch = sc.Mean, scratch_se = sc.Se,
                fine_tune_minus_scratch = diff.Mean, fine_tune_minus_scratch_se = diff.Se,
                first_layer_movement = Ms(cell.Select(o => o.FirstLayerMovement)).Mean,
                fine_tune_converged = cell.Count(o => o.FineTuneConverged) / (double)cell.Length,
                scratch_converged = cell.Count(o => o.ScratchConverged) / (double)cell.Length,
            };
        })).ToArray();
        var pre = Ms(all.Select(r => r.PretrainSourceError));
        var result = new
        {
            task = "synthetic",
            c_pt = levers.CPt, kappa = levers.Kappa, gamma_ft = levers.GammaFt, diagonal_lambda_over_c = levers.DiagonalRelativeScale,
            d = s.D, width = s.Width, source_neurons = s.SourceNeurons, target_neurons = s.TargetNeurons, n_source = s.SourceSamples, seeds = reps,
            pretrain_source_error = pre.Mean, pretrain_source_error_se = pre.Se,
            pretrain_converged = all.Count(r => r.PretrainConverged) / (double)reps,
            subset_student_span_residual = kinds.Contains(TargetFeatures.Subset) ? Ms(all.Select(r => r.SubsetSpanResidual)).Mean : double.NaN,
            new_student_span_residual = kinds.Contains(TargetFeatures.New) ? Ms(all.Select(r => r.NewSpanResidual)).Mean : double.NaN,
            rows,
        };
        WriteCsv(outPath, table);
        if (json) { Console.Out.WriteLine(JsonSerializer.Serialize(result, CliOutput.Json)); return; }
        Console.Out.WriteLine($"levers: c_PT = {levers.CPt}, κ = {levers.Kappa} (diagonal λ_PT/c_PT ≙ {levers.DiagonalRelativeScale:G3}), γ_FT = {levers.GammaFt}; " +
                              $"pretraining source error {pre.Mean:G4} ± {pre.Se:G2} ({result.pretrain_converged:P0} converged)");
        CliOutput.PrintRows($"simulate relu-levers (relative target error ‖f − f_t‖²/‖f_t‖², {reps} seeds, mean ± SE)",
            ["target", "n", "fine-tune", "scratch", "FT − scratch", "W movement", "FT conv.", "scratch conv."],
            // One outcome per seed in every cell: the converged fractions times the seed count are the counts.
            rows.Select(r => new object?[] { r.target, r.n, $"{r.fine_tune:G4} ± {r.fine_tune_se:G2}", $"{r.scratch:G4} ± {r.scratch_se:G2}",
                $"{r.fine_tune_minus_scratch:G4} ± {r.fine_tune_minus_scratch_se:G2}", r.first_layer_movement,
                $"{r.fine_tune_converged * reps:0}/{reps}", $"{r.scratch_converged * reps:0}/{reps}" }));
    }

    private static void ReportCifar(CifarLeverRun[,] runs, ReluLevers levers, ReluLeverCifarSettings s, CifarLeverData data, int[] ns, bool json, string? outPath)
    {
        int reps = runs.GetLength(1);
        var all = Enumerable.Range(0, reps).Select(r => runs[0, r]).ToArray();
        var table = new TidyTable("n", "seed", "holdout_a", "holdout_b", "fine_tune_mse", "fine_tune_accuracy", "scratch_mse", "scratch_accuracy", "fine_tune_converged", "scratch_converged");
        foreach (var (run, r) in all.Select((x, i) => (x, i)))
            foreach (var o in run.Outcomes)
                table.Add(o.N, r, run.HoldoutA, run.HoldoutB, o.FineTuneMse, o.FineTuneAccuracy, o.ScratchMse, o.ScratchAccuracy, o.FineTuneConverged, o.ScratchConverged);
        var rows = ns.Select(nn =>
        {
            var cell = all.Select(run => run.Outcomes.First(o => o.N == nn)).ToArray();
            var fm = Ms(cell.Select(o => o.FineTuneMse)); var fa = Ms(cell.Select(o => o.FineTuneAccuracy));
            var sm = Ms(cell.Select(o => o.ScratchMse)); var sa = Ms(cell.Select(o => o.ScratchAccuracy));
            return new
            {
                n = nn, fine_tune_mse = fm.Mean, fine_tune_mse_se = fm.Se, fine_tune_accuracy = fa.Mean, fine_tune_accuracy_se = fa.Se,
                scratch_mse = sm.Mean, scratch_mse_se = sm.Se, scratch_accuracy = sa.Mean, scratch_accuracy_se = sa.Se,
                fine_tune_converged = cell.Count(o => o.FineTuneConverged) / (double)cell.Length,
                scratch_converged = cell.Count(o => o.ScratchConverged) / (double)cell.Length,
            };
        }).ToArray();
        var result = new
        {
            task = "cifar100", file = data.Source, images = data.Labels.Length, explained_variance = data.ExplainedVariance,
            c_pt = levers.CPt, kappa = levers.Kappa, gamma_ft = levers.GammaFt, diagonal_lambda_over_c = levers.DiagonalRelativeScale,
            d = s.D, width = s.Width, seeds = reps,
            holdout_pairs = all.Select(r => new[] { r.HoldoutA, r.HoldoutB }).ToArray(),
            pretrain_classes = all[0].PretrainClasses, pretrain_images = all.Select(r => r.PretrainImages).ToArray(),
            pretrain_train_accuracy = Ms(all.Select(r => r.PretrainAccuracy)).Mean,
            test_images = all.Select(r => r.TestImages).ToArray(),
            rows,
        };
        WriteCsv(outPath, table);
        if (json) { Console.Out.WriteLine(JsonSerializer.Serialize(result, CliOutput.Json)); return; }
        Console.Out.WriteLine($"CIFAR-100 {data.Source}: {data.Labels.Length} images, d = {s.D} components ({data.ExplainedVariance:P1} of the variance); " +
                              $"pretraining on {all[0].PretrainClasses} classes, train accuracy {result.pretrain_train_accuracy:P1}; held-out pairs " +
                              string.Join(" ", all.Select(r => $"({r.HoldoutA},{r.HoldoutB})")));
        CliOutput.PrintRows($"simulate relu-levers --cifar100 (binary task on the held-out pair, {reps} seeds, mean ± SE; c_PT = {levers.CPt}, κ = {levers.Kappa}, γ_FT = {levers.GammaFt})",
            ["n", "FT squared loss", "FT accuracy", "scratch squared loss", "scratch accuracy"],
            rows.Select(r => new object?[] { r.n, $"{r.fine_tune_mse:G4} ± {r.fine_tune_mse_se:G2}", $"{r.fine_tune_accuracy:G4} ± {r.fine_tune_accuracy_se:G2}",
                $"{r.scratch_mse:G4} ± {r.scratch_mse_se:G2}", $"{r.scratch_accuracy:G4} ± {r.scratch_accuracy_se:G2}" }));
    }
}
