using TransferLab.Data;
using TransferLab.Models;
using TransferLab.Numerics;
using TransferLab.Training;
using TransferLab.Validation;

namespace TransferLab.Experiments.Anguita2026;

/// <summary>A labelled pool of image rows (e.g. whitened principal components of Fashion-MNIST, rows of norm √d).</summary>
/// <param name="X">n×d inputs.</param>
/// <param name="Labels">Class labels.</param>
/// <param name="Source">Where the rows came from.</param>
public sealed record LabeledPool(Matrix X, int[] Labels, string Source);

/// <summary>A binary fine-tuning task "class A (+1) vs class B (−1)".</summary>
/// <param name="Name">Label for tables, e.g. "inside".</param>
/// <param name="A">Class labelled +1.</param>
/// <param name="B">Class labelled −1.</param>
public sealed record BinaryImageTask(string Name, int A, int B);

/// <summary>Settings of the image lever experiment (sizes and optimiser are TransferLab's choices; docs/realdata.md §3).</summary>
/// <param name="Width">Network width m (even).</param>
/// <param name="PretrainRows">Pretraining rows drawn (without replacement, per repetition) from the pretraining classes.</param>
/// <param name="TestRows">Test rows per binary task (drawn from that task's rows not used for fine-tuning).</param>
/// <param name="LearningRate">Nominal GD step η (<see cref="ReluLeverPipeline.StepSize"/>).</param>
/// <param name="PretrainSteps">Maximum GD steps of pretraining (K-class centred one-hot regression).</param>
/// <param name="TrainSteps">Maximum GD steps of fine-tuning and scratch training.</param>
/// <param name="RelativeLossTolerance">Stopping rule: loss ≤ this times the loss of the zero function.</param>
public sealed record ReluLeverImageSettings(int Width = 128, int PretrainRows = 4000, int TestRows = 1000, double LearningRate = 1.0,
    int PretrainSteps = 200, int TrainSteps = 1000, double RelativeLossTolerance = 1e-6)
{
    /// <summary>Checks every field, naming the parameter as the schema spells it.</summary>
    public ReluLeverImageSettings Validate(IReadOnlyList<int> ns)
    {
        ArgumentNullException.ThrowIfNull(ns);
        ReluLeverPipeline.RequireEvenWidth(Width);
        Require.Positive("max-images", PretrainRows);
        Require.AtLeast("n-test", TestRows, 2);
        Pretraining.Validate("pretrain-steps");
        FineTuning.Validate();
        if (ns.Count == 0) throw new ParameterException("n", "(none)", "at least one target sample size is required");
        foreach (var n in ns) Require.AtLeast("n", n, 2);
        return this;
    }

    /// <summary>Optimiser of pretraining.</summary>
    public LeverOptimizer Pretraining => new(LearningRate, PretrainSteps, RelativeLossTolerance);

    /// <summary>Optimiser of fine-tuning and scratch training.</summary>
    public LeverOptimizer FineTuning => new(LearningRate, TrainSteps, RelativeLossTolerance);
}

/// <summary>Result of one binary task at one n, for every γ_FT of the repetition.</summary>
/// <param name="Task">Task name.</param>
/// <param name="N">Fine-tuning samples.</param>
/// <param name="GammaFt">γ_FT of the fine-tuning head.</param>
/// <param name="FineTuneMse">Test squared loss (labels ±1) after fine-tuning.</param>
/// <param name="FineTuneError">Test classification error of sign f after fine-tuning.</param>
/// <param name="FineTuneConverged">Fine-tuning met the stopping rule.</param>
public sealed record ImageLeverOutcome(string Task, int N, double GammaFt, double FineTuneMse, double FineTuneError, bool FineTuneConverged);

/// <summary>Scratch result of one binary task at one n (base initialisation c_PT = 1, κ = 1).</summary>
public sealed record ImageScratchOutcome(string Task, int N, double Mse, double Error, bool Converged);

/// <summary>One repetition: pretraining summary and the fine-tuning / scratch outcomes.</summary>
/// <param name="PretrainClasses">Classes pretrained on.</param>
/// <param name="PretrainAccuracy">Training accuracy (arg max) of the pretrained network.</param>
/// <param name="PretrainConverged">Pretraining met the stopping rule (usually not: it stops at the step budget).</param>
/// <param name="FineTune">One entry per task, n and γ_FT.</param>
/// <param name="Scratch">One entry per task and n (empty when scratch was not requested).</param>
public sealed record ImageLeverRun(int[] PretrainClasses, double PretrainAccuracy, bool PretrainConverged,
    IReadOnlyList<ImageLeverOutcome> FineTune, IReadOnlyList<ImageScratchOutcome> Scratch);

/// <summary>
/// Anguita et al. 2026's levers on real images: a K-output two-layer ReLU network with the lever initialisation (c_PT, κ) is
/// pretrained on some classes (centred one-hot targets, squared loss, full-batch GD), its first layer is kept and the readout
/// re-drawn with scale γ_FT, and all layers are fine-tuned on binary tasks "A vs B" whose classes lie inside or outside the
/// pretraining classes; scratch training of the base initialisation is the reference. The same pipeline as the CIFAR-100
/// check (<see cref="ReluLeverCifarTrial"/>), for any labelled pool (docs/realdata.md §3).
/// </summary>
public static class ReluLeverImageTrial
{
    /// <summary>Runs repetition <paramref name="rep"/>. Streams depend on (seed, rep) only, so lever settings share rows and draws.</summary>
    public static ImageLeverRun Run(LabeledPool data, ReluLeverImageSettings s, ReluLevers levers, IReadOnlyList<double> gammas,
        int[] pretrainClasses, IReadOnlyList<BinaryImageTask> tasks, IReadOnlyList<int> ns, ulong seed, int rep, bool scratch)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(levers);
        ArgumentNullException.ThrowIfNull(tasks);
        s.Validate(ns);
        levers.Validate();
        int d = data.X.Cols;
        var classIndex = new Dictionary<int, int>();
        foreach (var c in pretrainClasses) classIndex.TryAdd(c, classIndex.Count);
        if (classIndex.Count < 2) throw new ParameterException("pretrain-classes", string.Join(",", pretrainClasses), "needs at least 2 classes to pretrain on");
        var ptAll = Enumerable.Range(0, data.Labels.Length).Where(i => classIndex.ContainsKey(data.Labels[i])).ToArray();
        int nPt = Math.Min(s.PretrainRows, ptAll.Length);
        var pick = RowSampling.SampleRows(ptAll.Length, nPt, ReluLeverPipeline.Stream(seed, rep, 20));
        var ptRows = pick.Select(i => ptAll[i]).ToArray();
        int k = classIndex.Count;
        var xPt = RowSampling.Rows(data.X, ptRows, 0, nPt);
        var yPt = new Matrix(nPt, k);
        for (int i = 0; i < nPt; i++)
        {
            var row = yPt.Row(i);
            row.Fill(-1.0 / k);
            row[classIndex[data.Labels[ptRows[i]]]] += 1.0;
        }
        var pre = ReluLeverPipeline.MultiOutputInitialization(levers, d, s.Width, k, ReluLeverPipeline.Stream(seed, rep, 21));
        var ptTraining = ReluLeverPipeline.TrainMultiOutput(pre, xPt, yPt, s.Pretraining);
        double ptAcc = ArgMaxAccuracy(pre.Forward(xPt), yPt);
        var body = pre.WithScalarReadout(new double[s.Width]);
        var ptSet = ptRows.ToHashSet();

        var ft = new List<ImageLeverOutcome>();
        var sc = new List<ImageScratchOutcome>();
        int nMax = ns.Max();
        for (int t = 0; t < tasks.Count; t++)
        {
            var task = tasks[t];
            // The task's rows not seen in pretraining, shuffled: the first max(n) are fine-tuning candidates, the next the test set.
            var rows = Enumerable.Range(0, data.Labels.Length).Where(i => (data.Labels[i] == task.A || data.Labels[i] == task.B) && !ptSet.Contains(i)).ToArray();
            if (rows.Length < nMax + s.TestRows)
                throw new ParameterException("n", nMax, $"task {task.Name} ({task.A} vs {task.B}) has {rows.Length} unused rows, fewer than max(n) + {s.TestRows} test rows (read more rows)");
            var order = RowSampling.SampleRows(rows.Length, nMax + s.TestRows, ReluLeverPipeline.Stream(seed, rep, 22, t));
            var chosen = order.Select(i => rows[i]).ToArray();
            var testRows = chosen[nMax..];
            var xTest = RowSampling.Rows(data.X, testRows, 0, testRows.Length);
            var yTest = testRows.Select(i => data.Labels[i] == task.A ? 1.0 : -1.0).ToArray();
            foreach (var n in ns)
            {
                var x = RowSampling.Rows(data.X, chosen, 0, n);
                var y = chosen[..n].Select(i => data.Labels[i] == task.A ? 1.0 : -1.0).ToArray();
                foreach (var g in gammas)
                {
                    var phase = ReluLeverPipeline.FineTune(body, g, x, y, s.FineTuning, ReluLeverPipeline.Stream(seed, rep, 23, t));
                    var f = phase.Network.Forward(xTest);
                    ft.Add(new ImageLeverOutcome(task.Name, n, g, ReluLeverPipeline.Mse(f, yTest), 1 - ReluLeverCifarTrial.SignAccuracy(f, yTest), phase.Training.Result.Converged));
                }
                if (scratch)
                {
                    var phase = ReluLeverPipeline.Scratch(new ReluLevers(), s.Width, x, y, s.FineTuning, ReluLeverPipeline.Stream(seed, rep, 24, t));
                    var f = phase.Network.Forward(xTest);
                    sc.Add(new ImageScratchOutcome(task.Name, n, ReluLeverPipeline.Mse(f, yTest), 1 - ReluLeverCifarTrial.SignAccuracy(f, yTest), phase.Training.Result.Converged));
                }
            }
        }
        return new ImageLeverRun(classIndex.Keys.ToArray(), ptAcc, ptTraining.Result.Converged, ft, sc);
    }

    private static double ArgMaxAccuracy(Matrix f, Matrix y)
    {
        int ok = 0;
        for (int i = 0; i < f.Rows; i++)
        {
            var fr = f.Row(i); var yr = y.Row(i);
            int pf = 0, py = 0;
            for (int j = 1; j < fr.Length; j++)
            {
                if (fr[j] > fr[pf]) pf = j;
                if (yr[j] > yr[py]) py = j;
            }
            if (pf == py) ok++;
        }
        return (double)ok / f.Rows;
    }
}
