using TransferLab.Data;
using TransferLab.Numerics;
using TransferLab.Theory.Tahir2024;
using TransferLab.Training;
using TransferLab.Validation;

namespace TransferLab.Experiments.Anguita2026;

/// <summary>
/// Sizes and optimiser of the synthetic lever experiment (all TransferLab choices; docs/readme/anguita-relu-levers.md).
/// </summary>
/// <param name="D">Input dimension d (x ~ N(0, I_d)); must be ≥ k_s + k_t.</param>
/// <param name="Width">Student width m (even: the initialisation is mirrored in pairs).</param>
/// <param name="SourceNeurons">k_s, neurons of the source teacher.</param>
/// <param name="TargetNeurons">k_t ≤ k_s, neurons of each target teacher.</param>
/// <param name="SourceSamples">n_s, noiseless pretraining samples.</param>
/// <param name="TestSamples">Test points for the Monte Carlo target error.</param>
/// <param name="LearningRate">Nominal GD step η (see <see cref="ReluLeverPipeline.StepSize"/>).</param>
/// <param name="PretrainSteps">Maximum GD steps of pretraining.</param>
/// <param name="TrainSteps">Maximum GD steps of fine-tuning and of scratch training.</param>
/// <param name="Noise">Target label-noise standard deviation σ ≥ 0.</param>
/// <param name="RelativeLossTolerance">Stop when the training loss is ≤ this times (1/2n)‖y‖².</param>
public sealed record ReluLeverSettings(int D = 16, int Width = 64, int SourceNeurons = 6, int TargetNeurons = 2,
    int SourceSamples = 1000, int TestSamples = 2000, double LearningRate = 1.0, int PretrainSteps = 4000, int TrainSteps = 4000,
    double Noise = 0.0, double RelativeLossTolerance = 1e-6)
{
    /// <summary>Checks every field (naming the parameter as the schema spells it) and the target sizes.</summary>
    public ReluLeverSettings Validate(IReadOnlyList<int> ns)
    {
        ArgumentNullException.ThrowIfNull(ns);
        Require.Positive("d", D);
        ReluLeverPipeline.RequireEvenWidth(Width);
        ReluFeatureTask.ValidateSizes(D, SourceNeurons, TargetNeurons);
        Require.Positive("n-source", SourceSamples);
        Require.Positive("n-test", TestSamples);
        Pretraining.Validate("pretrain-steps");
        FineTuning.Validate();
        Require.NonNegative("noise", Noise);
        if (ns.Count == 0) throw new ParameterException("n", "(none)", "at least one target sample size is required");
        foreach (var n in ns) Require.Positive("n", n);
        return this;
    }

    /// <summary>Optimiser of pretraining.</summary>
    public LeverOptimizer Pretraining => new(LearningRate, PretrainSteps, RelativeLossTolerance);

    /// <summary>Optimiser of fine-tuning and scratch training.</summary>
    public LeverOptimizer FineTuning => new(LearningRate, TrainSteps, RelativeLossTolerance);
}

/// <summary>Target-task result of one (levers, target kind, n) cell of one repetition.</summary>
/// <param name="Target">Which target.</param>
/// <param name="N">Target sample size.</param>
/// <param name="FineTune">Relative test error ‖f − f_t‖²/‖f_t‖² after fine-tuning (NaN when not run).</param>
/// <param name="Scratch">Relative test error of scratch training (NaN when not run).</param>
/// <param name="FirstLayerMovement">‖W_FT − W_PT‖_F/‖W_PT‖_F during fine-tuning (how much the features were refined; NaN when not run).</param>
/// <param name="FineTuneConverged">Fine-tuning met the stopping rule.</param>
/// <param name="ScratchConverged">Scratch training met the stopping rule.</param>
/// <param name="Diverged">Pretraining, fine-tuning or scratch training still diverged after the last step halving
/// (<see cref="ReluLeverPipeline.MaxHalvings"/>): the errors are meaningless.</param>
public sealed record LeverOutcome(TargetFeatures Target, int N, double FineTune, double Scratch, double FirstLayerMovement,
    bool FineTuneConverged, bool ScratchConverged, bool Diverged = false);

/// <summary>All outcomes of one repetition at one lever setting.</summary>
/// <param name="Levers">The levers.</param>
/// <param name="PretrainSourceError">Relative source test error after pretraining (NaN when pretraining was skipped).</param>
/// <param name="PretrainConverged">Pretraining met the stopping rule.</param>
/// <param name="SubsetSpanResidual">‖P_⊥f_t‖²/‖f_t‖² of the subset target on span{ReLU(w_rᵀx)} of the pretrained first layer: the
/// n → ∞ error of a frozen-feature readout (exact arc-cosine kernel algebra; NaN without pretraining).</param>
/// <param name="NewSpanResidual">The same for the new-features target.</param>
/// <param name="Outcomes">One entry per (target kind, n).</param>
public sealed record LeverRun(ReluLevers Levers, double PretrainSourceError, bool PretrainConverged, double SubsetSpanResidual,
    double NewSpanResidual, IReadOnlyList<LeverOutcome> Outcomes);

/// <summary>
/// One repetition of the synthetic lever experiment (Anguita et al. 2026 nonlinear check, TransferLab's ReLU version): draws
/// the <see cref="ReluFeatureTask"/>, pretrains the lever initialisation on n_s noiseless source samples, and for every target
/// kind and n fine-tunes (re-initialised readout, all layers trained) and/or trains from scratch (the same (c_PT, κ)
/// initialisation, drawn independently). Every lever setting of a repetition shares the task, data, base initialisation and
/// readout draw (streams of <see cref="ReluLeverPipeline.Stream"/>), so lever comparisons use common random numbers.
/// Errors are Monte Carlo test errors divided by the exact ‖f‖² (arc-cosine kernel).
/// </summary>
public static class ReluLeverTrial
{
    /// <summary>Runs the repetition <paramref name="rep"/> of experiment seed <paramref name="seed"/>.</summary>
    public static LeverRun Run(ReluLeverSettings s, ReluLevers levers, IReadOnlyList<TargetFeatures> kinds, IReadOnlyList<int> ns,
        ulong seed, int rep, bool fineTune = true, bool scratch = true)
        => Run(s, levers, [levers.GammaFt], kinds, ns, seed, rep, fineTune, scratch)[0];

    /// <summary>
    /// Runs repetition <paramref name="rep"/> for one pretraining (c_PT and κ of <paramref name="levers"/>) and several readout
    /// scales γ_FT (<paramref name="gammas"/>), all fine-tuned from the same pretrained network and readout draw. Scratch
    /// (when requested) is computed once and reported in the first entry only (NaN in the others).
    /// </summary>
    public static LeverRun[] Run(ReluLeverSettings s, ReluLevers levers, IReadOnlyList<double> gammas, IReadOnlyList<TargetFeatures> kinds,
        IReadOnlyList<int> ns, ulong seed, int rep, bool fineTune = true, bool scratch = true)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(levers);
        ArgumentNullException.ThrowIfNull(gammas);
        ArgumentNullException.ThrowIfNull(kinds);
        s.Validate(ns);
        levers.Validate();
        if (gammas.Count == 0) throw new ParameterException("gamma-ft", "(none)", "at least one value is required");
        foreach (var g in gammas) (levers with { GammaFt = g }).Validate();
        var task = ReluFeatureTask.Create(s.D, s.SourceNeurons, s.TargetNeurons, ReluLeverPipeline.Stream(seed, rep, 0));
        var xTest = ReluInputs.Gaussian(s.TestSamples, s.D, ReluLeverPipeline.Stream(seed, rep, 3));

        LeverPhase? pre = null;
        double sourceError = double.NaN;
        if (fineTune)
        {
            var xs = ReluInputs.Gaussian(s.SourceSamples, s.D, ReluLeverPipeline.Stream(seed, rep, 2));
            pre = ReluLeverPipeline.Pretrain(levers, s.Width, xs, task.Source.Evaluate(xs), s.Pretraining, ReluLeverPipeline.Stream(seed, rep, 1));
            sourceError = ReluLeverPipeline.Mse(pre.Network.Forward(xTest), task.Source.Evaluate(xTest)) / ReluFeatureOverlap.NormSquared(task.Source);
        }
        double SpanResidual(ReluTeacher t)
        {
            if (pre == null) return double.NaN;
            var o = ReluFeatureOverlap.Compute(pre.Network.W, t);
            return o.OutOfSpanNormSquared / o.TargetNormSquared;
        }

        var outcomes = gammas.Select(_ => new List<LeverOutcome>()).ToArray();
        foreach (var kind in kinds)
        {
            var target = task.Target(kind);
            double norm2 = ReluFeatureOverlap.NormSquared(target);
            var fTest = target.Evaluate(xTest);
            foreach (var n in ns)
            {
                var dataRng = ReluLeverPipeline.Stream(seed, rep, 4, (long)kind, n);
                var x = ReluInputs.Gaussian(n, s.D, dataRng);
                var y = target.Labels(x, s.Noise, dataRng);
                double sc = double.NaN;
                bool scOk = false, scDiverged = false;
                if (scratch)
                {
                    var sr = ReluLeverPipeline.Scratch(levers, s.Width, x, y, s.FineTuning, ReluLeverPipeline.Stream(seed, rep, 6));
                    sc = ReluLeverPipeline.Mse(sr.Network.Forward(xTest), fTest) / norm2;
                    scOk = sr.Training.Result.Converged;
                    scDiverged = sr.Training.Result.Diverged;
                }
                for (int g = 0; g < gammas.Count; g++)
                {
                    double ft = double.NaN, move = double.NaN;
                    bool ftOk = false, ftDiverged = false;
                    if (pre != null)
                    {
                        var f = ReluLeverPipeline.FineTune(pre.Network, gammas[g], x, y, s.FineTuning, ReluLeverPipeline.Stream(seed, rep, 5));
                        ft = ReluLeverPipeline.Mse(f.Network.Forward(xTest), fTest) / norm2;
                        move = Math.Sqrt(Vec.NormSquared(Vec.Subtract(f.Network.W.Data, pre.Network.W.Data)) / Vec.NormSquared(pre.Network.W.Data));
                        ftOk = f.Training.Result.Converged;
                        ftDiverged = f.Training.Result.Diverged;
                    }
                    bool diverged = ftDiverged || (g == 0 && scDiverged) || pre?.Training.Result.Diverged == true;
                    outcomes[g].Add(new LeverOutcome(kind, n, ft, g == 0 ? sc : double.NaN, move, ftOk, g == 0 && scOk, diverged));
                }
            }
        }
        double spanSubset = kinds.Contains(TargetFeatures.Subset) ? SpanResidual(task.SubsetTarget) : double.NaN;
        double spanNew = kinds.Contains(TargetFeatures.New) ? SpanResidual(task.NewTarget) : double.NaN;
        return gammas.Select((g, i) => new LeverRun(levers with { GammaFt = g }, sourceError, pre?.Training.Result.Converged ?? false,
            spanSubset, spanNew, outcomes[i])).ToArray();
    }

}
