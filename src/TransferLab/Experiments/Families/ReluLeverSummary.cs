using TransferLab.Data;
using TransferLab.Experiments.Anguita2026;
using TransferLab.Training;

namespace TransferLab.Experiments.Families;

/// <summary>
/// Mean ± SE over seeds of the lever runs of <see cref="ReluLeversFamily"/>, per (target, n) cell: the JSON payload, the
/// terminal report and the per-seed tidy table, for the synthetic task and for CIFAR-100.
/// </summary>
public static class ReluLeverSummary
{
    /// <summary>One (target kind, n) cell of the synthetic task over seeds (errors are ‖f − f_t‖²/‖f_t‖²).</summary>
    /// <param name="Target">subset or new.</param>
    /// <param name="N">Target sample size.</param>
    /// <param name="FineTune">Mean relative error after fine-tuning.</param>
    /// <param name="FineTuneSe">Its standard error.</param>
    /// <param name="Scratch">Mean relative error of scratch training.</param>
    /// <param name="ScratchSe">Its standard error.</param>
    /// <param name="FineTuneMinusScratch">Mean of the paired difference (common random numbers per seed).</param>
    /// <param name="FineTuneMinusScratchSe">Its standard error.</param>
    /// <param name="FirstLayerMovement">Mean ‖W_FT − W_PT‖_F/‖W_PT‖_F.</param>
    /// <param name="FineTuneConverged">Fraction of seeds whose fine-tuning met the stopping rule.</param>
    /// <param name="ScratchConverged">Fraction of seeds whose scratch training met the stopping rule.</param>
    /// <param name="Status">ok, or diverged when some seed still diverged after the last step halving (its numbers are withheld).</param>
    /// <param name="DivergedSeeds">Seeds of this cell that diverged.</param>
    public sealed record SyntheticRow(string Target, int N, double FineTune, double FineTuneSe, double Scratch, double ScratchSe,
        double FineTuneMinusScratch, double FineTuneMinusScratchSe, double FirstLayerMovement, double FineTuneConverged, double ScratchConverged,
        string Status = PointValidity.Ok, int DivergedSeeds = 0);

    /// <summary>The synthetic task's result.</summary>
    /// <param name="Task">synthetic.</param>
    /// <param name="CPt">c_PT.</param>
    /// <param name="Kappa">κ.</param>
    /// <param name="GammaFt">γ_FT.</param>
    /// <param name="DiagonalLambdaOverC">The diagonal network's λ_PT/c_PT with the same layer ratio, (κ² − 1)/(κ² + 1).</param>
    /// <param name="D">Input dimension d.</param>
    /// <param name="Width">Width m.</param>
    /// <param name="SourceNeurons">k_s.</param>
    /// <param name="TargetNeurons">k_t.</param>
    /// <param name="NSource">n_s.</param>
    /// <param name="Seeds">Repetitions.</param>
    /// <param name="PretrainSourceError">Mean relative source error after pretraining.</param>
    /// <param name="PretrainSourceErrorSe">Its standard error.</param>
    /// <param name="PretrainConverged">Fraction of seeds whose pretraining converged.</param>
    /// <param name="SubsetStudentSpanResidual">Mean ‖P_⊥f_t‖²/‖f_t‖² of the subset target on the pretrained features (NaN when not run).</param>
    /// <param name="NewStudentSpanResidual">The same for the new-features target.</param>
    /// <param name="Rows">One entry per (target, n).</param>
    public sealed record SyntheticResult(string Task, double CPt, double Kappa, double GammaFt, double DiagonalLambdaOverC,
        int D, int Width, int SourceNeurons, int TargetNeurons, int NSource, int Seeds,
        double PretrainSourceError, double PretrainSourceErrorSe, double PretrainConverged,
        double SubsetStudentSpanResidual, double NewStudentSpanResidual, SyntheticRow[] Rows);

    /// <summary>One n of the CIFAR-100 binary task over seeds.</summary>
    /// <param name="N">Fine-tuning samples.</param>
    /// <param name="FineTuneMse">Mean test squared loss after fine-tuning.</param>
    /// <param name="FineTuneMseSe">Its standard error.</param>
    /// <param name="FineTuneAccuracy">Mean test accuracy after fine-tuning.</param>
    /// <param name="FineTuneAccuracySe">Its standard error.</param>
    /// <param name="ScratchMse">Mean test squared loss of scratch training.</param>
    /// <param name="ScratchMseSe">Its standard error.</param>
    /// <param name="ScratchAccuracy">Mean test accuracy of scratch training.</param>
    /// <param name="ScratchAccuracySe">Its standard error.</param>
    /// <param name="FineTuneConverged">Fraction of seeds whose fine-tuning converged.</param>
    /// <param name="ScratchConverged">Fraction of seeds whose scratch training converged.</param>
    /// <param name="Status">ok, or diverged when some seed still diverged after the last step halving (its numbers are withheld).</param>
    /// <param name="DivergedSeeds">Seeds at this n that diverged.</param>
    public sealed record CifarRow(int N, double FineTuneMse, double FineTuneMseSe, double FineTuneAccuracy, double FineTuneAccuracySe,
        double ScratchMse, double ScratchMseSe, double ScratchAccuracy, double ScratchAccuracySe, double FineTuneConverged, double ScratchConverged,
        string Status = PointValidity.Ok, int DivergedSeeds = 0);

    /// <summary>The CIFAR-100 task's result.</summary>
    /// <param name="Task">cifar100.</param>
    /// <param name="File">The file read.</param>
    /// <param name="Images">Images read.</param>
    /// <param name="ExplainedVariance">Fraction of the PCA rows' variance in the d components.</param>
    /// <param name="CPt">c_PT.</param>
    /// <param name="Kappa">κ.</param>
    /// <param name="GammaFt">γ_FT.</param>
    /// <param name="DiagonalLambdaOverC">(κ² − 1)/(κ² + 1).</param>
    /// <param name="D">Principal components d.</param>
    /// <param name="Width">Width m.</param>
    /// <param name="Seeds">Repetitions.</param>
    /// <param name="HoldoutPairs">Held-out classes (+1, −1) of each seed.</param>
    /// <param name="PretrainClasses">Classes pretrained on.</param>
    /// <param name="PretrainImages">Pretraining images of each seed.</param>
    /// <param name="PretrainTrainAccuracy">Mean training accuracy of the pretrained network.</param>
    /// <param name="TestImages">Binary test images of each seed.</param>
    /// <param name="Rows">One entry per n.</param>
    public sealed record CifarResult(string Task, string File, int Images, double ExplainedVariance,
        double CPt, double Kappa, double GammaFt, double DiagonalLambdaOverC, int D, int Width, int Seeds,
        int[][] HoldoutPairs, int PretrainClasses, int[] PretrainImages, double PretrainTrainAccuracy, int[] TestImages, CifarRow[] Rows);

    private static (double Mean, double Se) Ms(IEnumerable<double> xs) => Statistics.MeanAndStandardError(xs.ToList());

    /// <summary>The synthetic task's summary, report and per-seed table.</summary>
    public static ModelResult Synthetic(LeverRun[,] runs, ReluLevers levers, ReluLeverSettings s, TargetFeatures[] kinds, int[] ns)
    {
        int reps = runs.GetLength(1);
        var all = Enumerable.Range(0, reps).Select(r => runs[0, r]).ToArray();
        var table = new TidyTable("target", "n", "seed", "fine_tune", "scratch", "first_layer_movement", "fine_tune_converged", "scratch_converged", "diverged");
        foreach (var (run, r) in all.Select((x, i) => (x, i)))
            foreach (var o in run.Outcomes)
                table.Add(ReluFeatureTask.Name(o.Target), o.N, r, o.FineTune, o.Scratch, o.FirstLayerMovement, o.FineTuneConverged, o.ScratchConverged, o.Diverged);
        var rows = kinds.SelectMany(kind => ns.Select(nn =>
        {
            var cell = all.Select(run => run.Outcomes.First(o => o.Target == kind && o.N == nn)).ToArray();
            var ft = Ms(cell.Select(o => o.FineTune));
            var sc = Ms(cell.Select(o => o.Scratch));
            var diff = Ms(cell.Select(o => o.FineTune - o.Scratch));
            int diverged = cell.Count(o => o.Diverged);
            var row = new SyntheticRow(ReluFeatureTask.Name(kind), nn, ft.Mean, ft.Se, sc.Mean, sc.Se, diff.Mean, diff.Se,
                Ms(cell.Select(o => o.FirstLayerMovement)).Mean,
                cell.Count(o => o.FineTuneConverged) / (double)cell.Length,
                cell.Count(o => o.ScratchConverged) / (double)cell.Length);
            // Diverged after the last step halving: the cell's numbers are withheld, not averaged.
            return diverged == 0 ? row : row with
            {
                FineTune = double.NaN, FineTuneSe = double.NaN, Scratch = double.NaN, ScratchSe = double.NaN, FineTuneMinusScratch = double.NaN,
                FineTuneMinusScratchSe = double.NaN, FirstLayerMovement = double.NaN, Status = PointValidity.Diverged, DivergedSeeds = diverged,
            };
        })).ToArray();
        var pre = Ms(all.Select(r => r.PretrainSourceError));
        var result = new SyntheticResult("synthetic", levers.CPt, levers.Kappa, levers.GammaFt, levers.DiagonalRelativeScale,
            s.D, s.Width, s.SourceNeurons, s.TargetNeurons, s.SourceSamples, reps, pre.Mean, pre.Se,
            all.Count(r => r.PretrainConverged) / (double)reps,
            kinds.Contains(TargetFeatures.Subset) ? Ms(all.Select(r => r.SubsetSpanResidual)).Mean : double.NaN,
            kinds.Contains(TargetFeatures.New) ? Ms(all.Select(r => r.NewSpanResidual)).Mean : double.NaN,
            rows);
        var report = new Report()
            .Line($"levers: c_PT = {levers.CPt}, κ = {levers.Kappa} (diagonal λ_PT/c_PT ≙ {levers.DiagonalRelativeScale:G3}), γ_FT = {levers.GammaFt}; " +
                  $"pretraining source error {pre.Mean:G4} ± {pre.Se:G2} ({result.PretrainConverged:P0} converged)")
            .Table($"simulate relu-levers (relative target error ‖f − f_t‖²/‖f_t‖², {reps} seeds, mean ± SE)",
                ["target", "n", "fine-tune", "scratch", "FT − scratch", "W movement", "FT conv.", "scratch conv."],
                // One outcome per seed in every cell: the converged fractions times the seed count are the counts.
                rows.Select(r => new object?[] { r.Target, r.N, $"{r.FineTune:G4} ± {r.FineTuneSe:G2}", $"{r.Scratch:G4} ± {r.ScratchSe:G2}",
                    $"{r.FineTuneMinusScratch:G4} ± {r.FineTuneMinusScratchSe:G2}", r.FirstLayerMovement,
                    $"{r.FineTuneConverged * reps:0}/{reps}", $"{r.ScratchConverged * reps:0}/{reps}" }));
        var validity = Validity(rows.Select(r => r.Status), reps);
        if (validity.ValidPoints < validity.Points) report.Line($"status: {validity.Reason}");
        return new ModelResult(result, report) { Runs = table, Validity = validity };
    }

    /// <summary>Valid (target, n) cells; the reason names the last step halving.</summary>
    private static PointValidity Validity(IEnumerable<string> statuses, int reps)
    {
        var list = statuses.ToList();
        int valid = list.Count(x => x == PointValidity.Ok);
        return new PointValidity(list.Count, valid, valid == list.Count ? ""
            : $"training diverged in {list.Count - valid} of {list.Count} cells even after {ReluLeverPipeline.MaxHalvings} step halvings (loss not finite or grown 10⁶-fold); their numbers are withheld");
    }

    /// <summary>The CIFAR-100 task's summary, report and per-seed table.</summary>
    public static ModelResult Cifar(CifarLeverRun[,] runs, ReluLevers levers, ReluLeverCifarSettings s, CifarLeverData data, int[] ns, string dataset = "cifar100")
    {
        int reps = runs.GetLength(1);
        var all = Enumerable.Range(0, reps).Select(r => runs[0, r]).ToArray();
        var table = new TidyTable("n", "seed", "holdout_a", "holdout_b", "fine_tune_mse", "fine_tune_accuracy", "scratch_mse", "scratch_accuracy", "fine_tune_converged", "scratch_converged", "diverged");
        foreach (var (run, r) in all.Select((x, i) => (x, i)))
            foreach (var o in run.Outcomes)
                table.Add(o.N, r, run.HoldoutA, run.HoldoutB, o.FineTuneMse, o.FineTuneAccuracy, o.ScratchMse, o.ScratchAccuracy, o.FineTuneConverged, o.ScratchConverged, o.Diverged);
        var rows = ns.Select(nn =>
        {
            var cell = all.Select(run => run.Outcomes.First(o => o.N == nn)).ToArray();
            var fm = Ms(cell.Select(o => o.FineTuneMse)); var fa = Ms(cell.Select(o => o.FineTuneAccuracy));
            var sm = Ms(cell.Select(o => o.ScratchMse)); var sa = Ms(cell.Select(o => o.ScratchAccuracy));
            int diverged = cell.Count(o => o.Diverged);
            var row = new CifarRow(nn, fm.Mean, fm.Se, fa.Mean, fa.Se, sm.Mean, sm.Se, sa.Mean, sa.Se,
                cell.Count(o => o.FineTuneConverged) / (double)cell.Length,
                cell.Count(o => o.ScratchConverged) / (double)cell.Length);
            return diverged == 0 ? row : row with
            {
                FineTuneMse = double.NaN, FineTuneMseSe = double.NaN, FineTuneAccuracy = double.NaN, FineTuneAccuracySe = double.NaN,
                ScratchMse = double.NaN, ScratchMseSe = double.NaN, ScratchAccuracy = double.NaN, ScratchAccuracySe = double.NaN,
                Status = PointValidity.Diverged, DivergedSeeds = diverged,
            };
        }).ToArray();
        var result = new CifarResult(dataset, data.Source, data.Labels.Length, data.ExplainedVariance,
            levers.CPt, levers.Kappa, levers.GammaFt, levers.DiagonalRelativeScale, s.D, s.Width, reps,
            all.Select(r => new[] { r.HoldoutA, r.HoldoutB }).ToArray(),
            all[0].PretrainClasses, all.Select(r => r.PretrainImages).ToArray(),
            Ms(all.Select(r => r.PretrainAccuracy)).Mean,
            all.Select(r => r.TestImages).ToArray(),
            rows);
        var report = new Report()
            .Line($"{(dataset == "cifar100" ? "CIFAR-100" : dataset)} {data.Source}: {data.Labels.Length} images, d = {s.D} components ({data.ExplainedVariance:P1} of the variance); " +
                  $"pretraining on {all[0].PretrainClasses} classes, train accuracy {result.PretrainTrainAccuracy:P1}; held-out pairs " +
                  string.Join(" ", all.Select(r => $"({r.HoldoutA},{r.HoldoutB})")))
            .Table($"simulate {(dataset == "cifar100" ? "relu-levers --cifar100" : "relu-levers --dataset " + dataset)} (binary task on the held-out pair, {reps} seeds, mean ± SE; c_PT = {levers.CPt}, κ = {levers.Kappa}, γ_FT = {levers.GammaFt})",
                ["n", "FT squared loss", "FT accuracy", "scratch squared loss", "scratch accuracy"],
                rows.Select(r => new object?[] { r.N, $"{r.FineTuneMse:G4} ± {r.FineTuneMseSe:G2}", $"{r.FineTuneAccuracy:G4} ± {r.FineTuneAccuracySe:G2}",
                    $"{r.ScratchMse:G4} ± {r.ScratchMseSe:G2}", $"{r.ScratchAccuracy:G4} ± {r.ScratchAccuracySe:G2}" }));
        var validity = Validity(rows.Select(r => r.Status), reps);
        if (validity.ValidPoints < validity.Points) report.Line($"status: {validity.Reason}");
        return new ModelResult(result, report) { Runs = table, Validity = validity };
    }
}
