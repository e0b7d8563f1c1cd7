using TransferLab.Data;
using TransferLab.Numerics;
using TransferLab.Theory.Shachaf2021;
using TransferLab.Training;
using TransferLab.Validation;

namespace TransferLab.Experiments;

/// <summary>What a practitioner brings: their target inputs, their pretrained (source) linear weights, and either the
/// target weights or target labels from which they are estimated.</summary>
/// <param name="Inputs">N×d target inputs; their second-moment matrix XᵀX/N stands for Σ (no centring: the model has no
/// intercept, so add a constant column to the data if one is needed).</param>
/// <param name="Source">θ_S, the pretrained weights (length d).</param>
/// <param name="Target">θ_T if known; otherwise null and <paramref name="Labels"/> are required.</param>
/// <param name="Labels">Target labels for the rows of <paramref name="Inputs"/> (used when θ_T is not given; needs N &gt; d).</param>
/// <param name="Sigma">Label-noise SD; null means: 0 when θ_T is given, the residual estimate when it is fitted.</param>
public sealed record PractitionerTask(Matrix Inputs, double[] Source, double[]? Target, double[]? Labels, double? Sigma);

/// <summary>Prediction at one target sample size n: theory (deterministic equivalent) and optionally a bootstrap check.</summary>
/// <param name="N">Target samples.</param>
/// <param name="FineTune">Predicted excess risk of gradient descent from θ_S (its exact limit, the interpolant closest to θ_S).</param>
/// <param name="Scratch">Predicted excess risk from 0 (minimum-norm interpolant / least squares).</param>
/// <param name="FineTuneSimulated">Bootstrap mean of the fine-tuned risk (null without a check).</param>
/// <param name="FineTuneSe">Its standard error.</param>
/// <param name="ScratchSimulated">Bootstrap mean of the scratch risk.</param>
/// <param name="ScratchSe">Its standard error.</param>
public sealed record PredictionPoint(int N, double FineTune, double Scratch,
    double? FineTuneSimulated = null, double? FineTuneSe = null, double? ScratchSimulated = null, double? ScratchSe = null);

/// <summary>The full answer to "will my pretrained weights help, and from how many samples on?".</summary>
/// <param name="Dimension">d.</param>
/// <param name="Samples">N, the number of input rows the statistics come from.</param>
/// <param name="EffectiveRank">(Σλ)²/Σλ² of the empirical second-moment matrix.</param>
/// <param name="TargetFrom">"given" or "least-squares fit to the labels".</param>
/// <param name="Sigma">Noise SD used.</param>
/// <param name="ZeroShot">‖θ_S − θ_T‖²_Σ, the risk of using θ_S without fine-tuning.</param>
/// <param name="ScratchAtZero">‖θ_T‖²_Σ, the risk of predicting 0.</param>
/// <param name="Points">Risk against n.</param>
/// <param name="Complexity">n*(ε) for fine-tuning and scratch when an ε was given.</param>
/// <param name="PretrainingHelpsUpTo">Largest n of the grid at which fine-tuning is predicted to beat scratch (null if never).</param>
public sealed record PractitionerPrediction(int Dimension, int Samples, double EffectiveRank, string TargetFrom, double Sigma,
    double ZeroShot, double ScratchAtZero, IReadOnlyList<PredictionPoint> Points, SampleComplexity? Complexity, int? PretrainingHelpsUpTo);

/// <summary>
/// The practitioner's predictor for linear fine-tuning (Shachaf et al. 2021, linear regression): point it at your own
/// task statistics — empirical input covariance, pretrained weights, target weights or labels — and get the expected
/// risk of fine-tuning and of training from scratch against the number of target samples, from the deterministic
/// equivalent of <see cref="DeterministicEquivalent"/> (the proportional-limit risk for a general Σ). The optional
/// check draws designs from the user's own rows (bootstrap, so the input distribution is theirs, not a Gaussian one)
/// with labels xᵀθ_T + σε and runs the exact fine-tuning and scratch solutions, so the Gaussian-design theory can be
/// compared with what happens on the real input distribution.
/// </summary>
public static class LinearTransferPredictor
{
    /// <summary>Builds the linear task (Σ̂, θ_S, θ_T, σ) from the practitioner's data.</summary>
    public static (LinearTask Task, string TargetFrom, int Samples) BuildTask(PractitionerTask p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var x = p.Inputs;
        int nRows = x.Rows, d = x.Cols;
        if (nRows < 2) throw new ParameterException("inputs", $"{nRows} rows", "needs at least 2 rows to estimate the input covariance");
        // With a label column the inputs have one column fewer than the file: say so, it is the usual cause.
        string columns = p.Labels is null ? $"d = {d}" : $"d = {d}: the file's columns without the label-column";
        if (p.Source.Length != d) throw new ParameterException("source-weights", $"{p.Source.Length} values", $"must have one weight per input column ({columns})");
        var sigmaHat = LinearAlgebra.Gram(x);
        foreach (ref double v in sigmaHat.Data.AsSpan()) v /= nRows;
        var cov = CovarianceModel.FromMatrix(sigmaHat, $"empirical({nRows}×{d})");
        double[] target;
        string from;
        double sigma;
        if (p.Target is { } t)
        {
            if (t.Length != d) throw new ParameterException("target-weights", $"{t.Length} values", $"must have one weight per input column ({columns})");
            target = t;
            from = "given";
            sigma = p.Sigma ?? 0;
        }
        else
        {
            if (p.Labels is null) throw new ParameterException("target-weights", "missing", "give the target weights, or a label-column to fit θ_T by least squares");
            if (nRows <= d) throw new ParameterException("label-column", $"{nRows} rows", $"fitting θ_T needs more rows than columns (d = {d}); give target-weights instead");
            target = LinearAlgebra.LeastSquares(x, p.Labels);
            var resid = LinearAlgebra.Multiply(x, target);
            double rss = 0;
            for (int i = 0; i < nRows; i++) rss += (p.Labels[i] - resid[i]) * (p.Labels[i] - resid[i]);
            from = "least-squares fit to the labels";
            sigma = p.Sigma ?? Math.Sqrt(rss / (nRows - d)); // unbiased residual variance
        }
        Require.NonNegative("sigma", sigma);
        return (LinearTask.Create(cov, LinearTeacherPair.FromVectors(p.Source, target), sigma), from, nRows);
    }

    /// <summary>Checks the number of bootstrap designs per n: 0 (theory only) or at least 2 (a standard error needs two runs).</summary>
    public static int ValidCheck(int checkRepetitions)
    {
        Require.AtLeast("check", checkRepetitions, 0);
        if (checkRepetitions == 1) throw new ParameterException("check", 1, "must be 0 (theory only) or ≥ 2 (a standard error needs two runs)");
        return checkRepetitions;
    }

    /// <summary>Theory at every n of <paramref name="ns"/>; with <paramref name="checkRepetitions"/> &gt; 0 also the bootstrap check.</summary>
    public static PractitionerPrediction Predict(PractitionerTask p, IReadOnlyList<int> ns, double? epsilon = null,
        int checkRepetitions = 0, ulong seed = 1, int threads = 1, ProgressTask? progress = null)
    {
        ValidCheck(checkRepetitions);
        var (task, from, rows) = BuildTask(p);
        if (ns.Count == 0) throw new ParameterException("n", "empty", "give at least one sample size");
        foreach (int n in ns) Require.Positive("n", n);
        var lambda = task.Covariance.Eigenvalues;
        double effRank = Math.Pow(lambda.Sum(), 2) / lambda.Sum(l => l * l);
        var theory = ns.Select(n => (
            Ft: LinearFineTuningTheory.Predict(task, n, TransferProtocol.FineTune, LinearTheoryMethod.DeterministicEquivalent).Excess,
            Sc: LinearFineTuningTheory.Predict(task, n, TransferProtocol.Scratch, LinearTheoryMethod.DeterministicEquivalent).Excess)).ToArray();
        var points = new PredictionPoint[ns.Count];
        if (checkRepetitions > 0)
        {
            var sims = ParallelRunner.Map(ns, checkRepetitions, seed, (n, _, rng) => BootstrapRisks(p.Inputs, task, n, rng), threads, progress);
            for (int k = 0; k < ns.Count; k++)
            {
                var ft = Enumerable.Range(0, checkRepetitions).Select(r => sims[k, r].FineTune).ToArray();
                var sc = Enumerable.Range(0, checkRepetitions).Select(r => sims[k, r].Scratch).ToArray();
                var (mf, sf) = Statistics.MeanAndStandardError(ft);
                var (ms, ss) = Statistics.MeanAndStandardError(sc);
                points[k] = new PredictionPoint(ns[k], theory[k].Ft, theory[k].Sc, mf, sf, ms, ss);
            }
        }
        else
        {
            for (int k = 0; k < ns.Count; k++) points[k] = new PredictionPoint(ns[k], theory[k].Ft, theory[k].Sc);
        }
        int? helpsUpTo = null;
        foreach (var pt in points) if (pt.FineTune < pt.Scratch) helpsUpTo = Math.Max(helpsUpTo ?? 0, pt.N);
        SampleComplexity? complexity = epsilon is double eps ? SampleComplexity.Compute(task, eps, Math.Max(ns.Max(), task.Dimension) * 4, LinearTheoryMethod.DeterministicEquivalent) : null;
        return new PractitionerPrediction(task.Dimension, rows, effRank, from, task.NoiseSd,
            task.Covariance.Norm2(task.Teachers.Difference), task.Covariance.Norm2(task.Teachers.Target), points, complexity, helpsUpTo);
    }

    /// <summary>
    /// One bootstrap design: n rows drawn with replacement from the user's inputs (whose second-moment matrix is exactly
    /// Σ̂), labels xᵀθ_T + σε, and the exact limits of fine-tuning (closest interpolant to θ_S) and scratch (from 0);
    /// risks measured in Σ̂.
    /// </summary>
    public static (double FineTune, double Scratch) BootstrapRisks(Matrix inputs, LinearTask task, int n, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(rng);
        int d = inputs.Cols;
        var x = new Matrix(n, d);
        var y = new double[n];
        var target = task.Teachers.Target;
        for (int i = 0; i < n; i++)
        {
            var row = inputs.Row(rng.NextInt(inputs.Rows));
            row.CopyTo(x.Row(i));
            y[i] = Vec.Dot(row, target) + task.NoiseSd * rng.NextGaussian();
        }
        var ft = MinimumDistanceInterpolant.Solve(x, y, task.Teachers.Source);
        var sc = MinimumDistanceInterpolant.Solve(x, y, new double[d]);
        return (task.ExcessRisk(ft), task.ExcessRisk(sc));
    }
}
