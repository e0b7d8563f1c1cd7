using TransferLab.Data;
using TransferLab.Data.Readers;
using TransferLab.Models;
using TransferLab.Numerics;
using TransferLab.Training;
using TransferLab.Validation;

namespace TransferLab.Experiments.Anguita2026;

/// <summary>
/// Settings of the CIFAR-100 lever experiment (TransferLab's small-network analogue of Anguita et al.'s ResNet / CIFAR-100
/// check, split as in Lippl &amp; Lindsey's code: pretrain on 98 fine classes, fine-tune a binary task on the 2 held-out classes;
/// docs/anguita2026.md §4.5).
/// </summary>
/// <param name="D">Principal components kept (input dimension d).</param>
/// <param name="Width">Network width m (even).</param>
/// <param name="MaxImages">Read at most this many records from the start of the file (train.bin is in random order).</param>
/// <param name="PcaRows">The principal basis is fitted on the first min(this, images read) images.</param>
/// <param name="LearningRate">Nominal GD step η (see <see cref="ReluLeverPipeline.StepSize"/>).</param>
/// <param name="PretrainSteps">Maximum full-batch GD steps of pretraining (98-class one-hot regression).</param>
/// <param name="TrainSteps">Maximum GD steps of fine-tuning and scratch training on the binary task.</param>
/// <param name="RelativeLossTolerance">Stopping rule: loss ≤ this times the loss of the zero function.</param>
/// <param name="HoldoutClasses">The two held-out fine classes; null draws a pair per repetition from the seed.</param>
public sealed record ReluLeverCifarSettings(int D = 32, int Width = 128, int MaxImages = 10000, int PcaRows = 2000,
    double LearningRate = 1.0, int PretrainSteps = 300, int TrainSteps = 2000, double RelativeLossTolerance = 1e-6,
    int[]? HoldoutClasses = null)
{
    /// <summary>Checks every field, naming the parameter as the schema spells it (e.g. <c>n-source</c>).</summary>
    public ReluLeverCifarSettings Validate(IReadOnlyList<int> ns)
    {
        ArgumentNullException.ThrowIfNull(ns);
        Require.Positive("d", D);
        ReluLeverPipeline.RequireEvenWidth(Width);
        Require.Positive("max-images", MaxImages);
        Require.Positive("pca-rows", PcaRows);
        Pretraining.Validate("pretrain-steps");
        FineTuning.Validate();
        if (ns.Count == 0) throw new ParameterException("n", "(none)", "at least one target sample size is required");
        foreach (var n in ns) Require.AtLeast("n", n, 2);
        if (HoldoutClasses is { } h)
        {
            if (h.Length != 2 || h[0] == h[1]) throw new ParameterException("holdout-classes", string.Join(",", h), "must be two different fine classes");
            foreach (var c in h) Require.InRange("holdout-classes", c, 0, 99);
        }
        return this;
    }

    /// <summary>Optimiser of pretraining.</summary>
    public LeverOptimizer Pretraining => new(LearningRate, PretrainSteps, RelativeLossTolerance);

    /// <summary>Optimiser of fine-tuning and scratch training.</summary>
    public LeverOptimizer FineTuning => new(LearningRate, TrainSteps, RelativeLossTolerance);
}

/// <summary>CIFAR-100 images projected on their top principal components.</summary>
/// <param name="X">n×d inputs: centred, projected on the top d principal directions, whitened (unit variance per component on the
/// PCA rows) and each row scaled to norm √d (the typical norm of a N(0, I_d) draw, as in the synthetic task).</param>
/// <param name="Labels">Fine labels 0–99.</param>
/// <param name="CoarseLabels">Coarse labels 0–19 (kept for reference).</param>
/// <param name="Source">The file read.</param>
/// <param name="ExplainedVariance">Fraction of the fit rows' variance in the d components.</param>
public sealed record CifarLeverData(Matrix X, int[] Labels, int[] CoarseLabels, string Source, double ExplainedVariance);

/// <summary>Binary fine-tuning result at one n.</summary>
/// <param name="N">Fine-tuning samples (drawn from the 2 held-out classes).</param>
/// <param name="FineTuneMse">Test squared loss mean((f − y)²) with y = ±1, after fine-tuning.</param>
/// <param name="FineTuneAccuracy">Test accuracy of sign f after fine-tuning.</param>
/// <param name="ScratchMse">Test squared loss of scratch training.</param>
/// <param name="ScratchAccuracy">Test accuracy of scratch training.</param>
/// <param name="FineTuneConverged">Fine-tuning met the stopping rule.</param>
/// <param name="ScratchConverged">Scratch training met the stopping rule.</param>
/// <param name="Diverged">Pretraining, fine-tuning or scratch training still diverged after the last step halving: the numbers are meaningless.</param>
public sealed record CifarLeverOutcome(int N, double FineTuneMse, double FineTuneAccuracy, double ScratchMse, double ScratchAccuracy,
    bool FineTuneConverged, bool ScratchConverged, bool Diverged = false);

/// <summary>One repetition of the CIFAR-100 lever experiment.</summary>
/// <param name="HoldoutA">Held-out class labelled +1.</param>
/// <param name="HoldoutB">Held-out class labelled −1.</param>
/// <param name="PretrainImages">Images of the other classes used for pretraining.</param>
/// <param name="PretrainClasses">Number of pretraining classes present (98 for a full file).</param>
/// <param name="PretrainAccuracy">Training accuracy (arg max) of the pretrained network on its classes.</param>
/// <param name="PretrainConverged">Pretraining met the stopping rule (usually not: it stops at the step budget).</param>
/// <param name="TestImages">Held-out-class images used as the binary test set.</param>
/// <param name="Outcomes">One entry per n.</param>
public sealed record CifarLeverRun(int HoldoutA, int HoldoutB, int PretrainImages, int PretrainClasses, double PretrainAccuracy,
    bool PretrainConverged, int TestImages, IReadOnlyList<CifarLeverOutcome> Outcomes);

/// <summary>
/// Pretrain on CIFAR-100 minus two fine classes (K-output network, centred one-hot targets, squared loss), then fine-tune a
/// scalar-output network with the pretrained first layer and a re-drawn readout on the binary task "class A (+1) vs class B (−1)",
/// and compare with scratch training. Nothing is downloaded: the caller supplies train.bin of the CIFAR-100 binary version.
/// </summary>
public static class ReluLeverCifarTrial
{
    /// <summary>
    /// Reads up to <paramref name="maxImages"/> records of a CIFAR-100 binary file (pixels in [0, 1]) and projects them on the
    /// top <paramref name="dims"/> principal components of the first <paramref name="pcaRows"/> images (the
    /// <see cref="RealInputs.PrincipalSphere"/> transformation, fitted on a subset so that large files stay cheap, with the
    /// components whitened), rows scaled to norm √d.
    /// </summary>
    public static CifarLeverData Load(string path, int maxImages, int dims, int pcaRows)
    {
        ArgumentNullException.ThrowIfNull(path);
        Require.Positive("max-images", maxImages);
        Require.Positive("d", dims);
        Require.Positive("pca-rows", pcaRows);
        var raw = CifarReader.Read(path, CifarVariant.Cifar100, PixelScaling.UnitInterval, maxImages);
        int n = raw.Count, p = CifarReader.PixelCount, fit = Math.Min(n, pcaRows);
        if (dims > Math.Min(fit, p))
            throw new ParameterException("d", dims, $"must be ≤ min(PCA rows, 3072) = {Math.Min(fit, p)} for {path}");
        var mean = new double[p];
        for (int i = 0; i < fit; i++) Vec.Axpy(1.0 / fit, raw.Images.Row(i), mean);
        var all = raw.Images; // centred in place by the PCA rows' mean
        for (int i = 0; i < n; i++) Vec.Axpy(-1.0, mean, all.Row(i));
        var svd = LinearAlgebra.Svd(new Matrix(fit, p, all.Data.AsSpan(0, fit * p).ToArray()));
        double total = svd.S.Sum(s => s * s), kept = svd.S.Take(dims).Sum(s => s * s);
        // Whitening: component k is divided by its standard deviation S_k/√fit on the fit rows, so the inputs have (about)
        // identity covariance like the synthetic x ~ N(0, I_d); without it the top component dominates XᵀX/n and the GD step
        // that is stable for isotropic inputs oscillates (observed on a generated CIFAR-100-size file).
        var basis = new Matrix(dims, p);
        for (int k = 0; k < dims; k++)
        {
            double sd = svd.S[k] / Math.Sqrt(fit);
            if (!(sd > 0)) throw new ParameterException("d", dims, $"component {k + 1} of {path} has zero variance on the PCA rows: use fewer components");
            for (int j = 0; j < p; j++) basis[k, j] = svd.Vt[k, j] / sd;
        }
        var x = LinearAlgebra.Multiply(all, basis, Op.None, Op.Transpose);
        Data.ReluInputs.NormalizeRows(x);
        x.Data.AsSpan().Scale(Math.Sqrt(dims));
        return new CifarLeverData(x, raw.Labels, raw.CoarseLabels!, path, total > 0 ? kept / total : 0);
    }

    /// <summary>Runs repetition <paramref name="rep"/> (held-out pair, pretraining and all fine-tuning sizes).</summary>
    public static CifarLeverRun Run(CifarLeverData data, ReluLeverCifarSettings s, ReluLevers levers, IReadOnlyList<int> ns, ulong seed, int rep)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(levers);
        s.Validate(ns);
        levers.Validate();
        int d = data.X.Cols;
        if (d != s.D) throw new ParameterException("d", s.D, $"must match the loaded data ({d} components)");
        var present = data.Labels.Distinct().OrderBy(c => c).ToArray();
        int a, b;
        if (s.HoldoutClasses is { } h)
        {
            (a, b) = (h[0], h[1]);
            foreach (var c in h)
                if (!present.Contains(c)) throw new ParameterException("holdout-classes", c, $"has no images among the {data.Labels.Length} read from {data.Source}");
        }
        else
        {
            if (present.Length < 3) throw new ParameterException("cifar100", data.Source, "needs images of at least 3 fine classes (2 held out, ≥ 1 to pretrain on)");
            var pick = ReluLeverPipeline.Stream(seed, rep, 10);
            int i = pick.NextInt(present.Length), j = pick.NextInt(present.Length - 1);
            if (j >= i) j++;
            (a, b) = (present[i], present[j]);
        }

        // Pretraining set: every image of the other classes; K-output centred one-hot targets.
        var ptClasses = present.Where(c => c != a && c != b).ToArray();
        if (ptClasses.Length == 0) throw new ParameterException("holdout-classes", $"{a},{b}", "leaves no class to pretrain on");
        var classIndex = new Dictionary<int, int>();
        for (int k = 0; k < ptClasses.Length; k++) classIndex[ptClasses[k]] = k;
        var ptRows = Enumerable.Range(0, data.Labels.Length).Where(i => classIndex.ContainsKey(data.Labels[i])).ToArray();
        var poolRows = Enumerable.Range(0, data.Labels.Length).Where(i => data.Labels[i] == a || data.Labels[i] == b).ToArray();
        int kOut = ptClasses.Length;
        var xPt = RowSampling.Rows(data.X, ptRows, 0, ptRows.Length);
        var yPt = new Matrix(ptRows.Length, kOut);
        for (int i = 0; i < ptRows.Length; i++)
        {
            var row = yPt.Row(i);
            row.Fill(-1.0 / kOut);
            row[classIndex[data.Labels[ptRows[i]]]] += 1.0;
        }
        var pre = ReluLeverPipeline.MultiOutputInitialization(levers, d, s.Width, kOut, ReluLeverPipeline.Stream(seed, rep, 11));
        var ptTraining = ReluLeverPipeline.TrainMultiOutput(pre, xPt, yPt, s.Pretraining);
        double ptAcc = ArgMaxAccuracy(pre.Forward(xPt), yPt);

        // Binary task: a shuffled pool of the two held-out classes; the first max(n) are fine-tuning candidates, the rest the test set.
        int nMax = ns.Max();
        if (poolRows.Length - nMax < 2)
            throw new ParameterException("n", nMax, $"must leave ≥ 2 test images: the held-out classes {a} and {b} have {poolRows.Length} images among those read (raise max-images)");
        var shuffle = ReluLeverPipeline.Stream(seed, rep, 12);
        for (int i = poolRows.Length - 1; i > 0; i--)
        {
            int j = shuffle.NextInt(i + 1);
            (poolRows[i], poolRows[j]) = (poolRows[j], poolRows[i]);
        }
        var testRows = poolRows[nMax..];
        var xTest = RowSampling.Rows(data.X, testRows, 0, testRows.Length);
        var yTest = testRows.Select(i => data.Labels[i] == a ? 1.0 : -1.0).ToArray();
        var body = pre.WithScalarReadout(new double[s.Width]);
        var outcomes = new List<CifarLeverOutcome>();
        foreach (var n in ns)
        {
            var rows = poolRows[..n];
            var x = RowSampling.Rows(data.X, rows, 0, rows.Length);
            var y = rows.Select(i => data.Labels[i] == a ? 1.0 : -1.0).ToArray();
            var ft = ReluLeverPipeline.FineTune(body, levers.GammaFt, x, y, s.FineTuning, ReluLeverPipeline.Stream(seed, rep, 13));
            var sc = ReluLeverPipeline.Scratch(levers, s.Width, x, y, s.FineTuning, ReluLeverPipeline.Stream(seed, rep, 14));
            var fFt = ft.Network.Forward(xTest);
            var fSc = sc.Network.Forward(xTest);
            outcomes.Add(new CifarLeverOutcome(n, ReluLeverPipeline.Mse(fFt, yTest), SignAccuracy(fFt, yTest),
                ReluLeverPipeline.Mse(fSc, yTest), SignAccuracy(fSc, yTest), ft.Training.Result.Converged, sc.Training.Result.Converged,
                ft.Training.Result.Diverged || sc.Training.Result.Diverged || ptTraining.Result.Diverged));
        }
        return new CifarLeverRun(a, b, ptRows.Length, kOut, ptAcc, ptTraining.Result.Converged, testRows.Length, outcomes);
    }

    /// <summary>Fraction of rows where sign(f) (f ≥ 0 → +1) equals the ±1 label.</summary>
    public static double SignAccuracy(double[] f, double[] y)
    {
        int ok = 0;
        for (int i = 0; i < f.Length; i++) if ((f[i] >= 0 ? 1.0 : -1.0) == y[i]) ok++;
        return (double)ok / f.Length;
    }

    private static double ArgMaxAccuracy(Matrix f, Matrix y)
    {
        int ok = 0;
        for (int i = 0; i < f.Rows; i++)
        {
            var fr = f.Row(i); var yr = y.Row(i);
            int pf = 0, py = 0;
            for (int k = 1; k < fr.Length; k++)
            {
                if (fr[k] > fr[pf]) pf = k;
                if (yr[k] > yr[py]) py = k;
            }
            if (pf == py) ok++;
        }
        return (double)ok / f.Rows;
    }

}
