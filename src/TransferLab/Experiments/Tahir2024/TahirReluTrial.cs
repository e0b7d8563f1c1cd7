using TransferLab.Data;
using TransferLab.Models;
using TransferLab.Numerics;
using TransferLab.Theory.Tahir2024;
using TransferLab.Training;
using TransferLab.Validation;

namespace TransferLab.Experiments.Tahir2024;

/// <summary>
/// Settings of one two-layer ReLU transfer run (Tahir et al. §4; sizes and optimiser are [U] in the note and chosen here):
/// x ~ N(0, I_d); target teacher with m* unit neurons and c ~ N(0, 1); source = target with a fraction μ of neurons removed;
/// a mean-field student of width m pretrained by full-batch GD on n_s source samples (optionally with λ‖θ − θ₀‖²), then
/// scratch / linear transfer / fine-tuning on n target samples.
/// </summary>
/// <param name="D">Input dimension d.</param>
/// <param name="Width">Student width m.</param>
/// <param name="TeacherWidth">Target teacher width m*.</param>
/// <param name="Mu">Removed fraction μ.</param>
/// <param name="SourceSamples">n_s.</param>
/// <param name="Noise">Target label noise σ (source labels are noiseless, the "population" pretraining of the paper approximated by large n_s).</param>
/// <param name="TestSamples">Test points for the Monte Carlo L² errors.</param>
/// <param name="LearningRate">Nominal GD step (multiplied by m for mean field).</param>
/// <param name="PretrainSteps">GD steps of pretraining.</param>
/// <param name="TrainSteps">GD steps of scratch and fine-tuning on the target.</param>
/// <param name="PretrainPenalty">λ of λ‖θ − θ₀‖² during pretraining (0 = rich).</param>
/// <param name="InitScale">κ of the initialisation.</param>
/// <param name="ReadoutRidge">Ridge λ_r of linear transfer ((1/n)‖y − Φa‖² + λ_r·(mean ‖φ(x)‖²)·‖a‖², i.e. relative to the feature scale).</param>
public sealed record TahirReluSettings(int D, int Width, int TeacherWidth, double Mu, int SourceSamples, double Noise = 0.0,
    int TestSamples = 2000, double LearningRate = 0.5, int PretrainSteps = 2000, int TrainSteps = 2000, double PretrainPenalty = 0.0,
    double InitScale = 1.0, double ReadoutRidge = 1e-3)
{
    /// <summary>Checks every field, naming the parameter as the schema spells it (e.g. <c>n-source</c>).</summary>
    public void Validate(int n)
    {
        Require.Positive("d", D);
        Require.Positive("width", Width);
        Require.Positive("teacher-width", TeacherWidth);
        Require.InRange("mu", Mu, 0.0, 1.0);
        Require.Positive("n-source", SourceSamples);
        Require.Positive("n", n);
        Require.NonNegative("noise", Noise);
        Require.Positive("n-test", TestSamples);
        Require.Positive("lr", LearningRate);
        Require.Positive("pretrain-steps", PretrainSteps);
        Require.Positive("steps", TrainSteps);
        Require.NonNegative("lambda", PretrainPenalty);
        Require.Positive("init-scale", InitScale);
        Require.NonNegative("readout-ridge", ReadoutRidge);
    }
}

/// <summary>Errors are Monte Carlo estimates of E_x(f(x) − f_t(x))² divided by ‖f_t‖² (relative L² error).</summary>
/// <param name="N">Target sample size.</param>
/// <param name="Scratch">Relative error of scratch training.</param>
/// <param name="LinearTransfer">Relative error of linear transfer (readout refit on frozen pretrained features).</param>
/// <param name="FineTune">Relative error of fine-tuning all layers.</param>
/// <param name="SourceOnly">Relative error of the pretrained network itself on the target.</param>
/// <param name="OverlapTeacher">‖P_⊥f_t‖²/‖f_t‖² with the source teacher's neurons as basis (Tahir et al. eq. 18 / App. E).</param>
/// <param name="OverlapStudent">‖P_⊥f_t‖²/‖f_t‖² with the pretrained student's neurons as basis: the n → ∞ limit of linear transfer's error.</param>
/// <param name="PretrainFit">Relative L² error of the pretrained student against the source teacher.</param>
/// <param name="WeightMovement">‖θ − θ₀‖/‖θ₀‖ after pretraining (lazy ≈ 0, rich = O(1)).</param>
/// <param name="TargetNormSquared">‖f_t‖² (exact).</param>
/// <param name="Diverged">Pretraining or a transfer protocol diverged (<see cref="DivergenceRule"/>): the run's errors are meaningless.</param>
public sealed record TahirReluOutcome(int N, double Scratch, double LinearTransfer, double FineTune, double SourceOnly,
    double OverlapTeacher, double OverlapStudent, double PretrainFit, double WeightMovement, double TargetNormSquared, bool Diverged = false);

/// <summary>One run of the Tahir et al. §4 ReLU transfer experiment.</summary>
public static class TahirReluTrial
{
    /// <summary>
    /// The pretraining stage alone: draws the teacher pair, the student's initialisation and n_s source inputs from
    /// <paramref name="rng"/> (in this order) and trains a copy of the initialisation on the noiseless source labels by full-batch
    /// GD, with λ‖θ − θ₀‖² toward the initialisation when <see cref="TahirReluSettings.PretrainPenalty"/> &gt; 0.
    /// </summary>
    public static (ReluTeacherPair Pair, TwoLayerRelu Init, TwoLayerRelu Pretrained) Pretrain(TahirReluSettings s, Rng rng)
    {
        var (pair, init, pre, _) = PretrainChecked(s, rng);
        return (pair, init, pre);
    }

    private static (ReluTeacherPair Pair, TwoLayerRelu Init, TwoLayerRelu Pretrained, bool Diverged) PretrainChecked(TahirReluSettings s, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(rng);
        s.Validate(1);
        var pair = ReluTeacherPair.WithRemovedFraction(s.D, s.TeacherWidth, s.Mu, rng);
        var init = TwoLayerRelu.Initialize(s.D, s.Width, ReluParameterization.MeanField, rng, s.InitScale);
        var xs = ReluInputs.Gaussian(s.SourceSamples, s.D, rng);
        var ys = pair.Source.Evaluate(xs);
        var pre = init.Clone();
        var fit = ReluTrainer.Train(pre, xs, ys, new ReluTrainingOptions(s.LearningRate, s.PretrainSteps, GradientTolerance: 1e-12,
            AnchorPenalty: s.PretrainPenalty, Anchor: s.PretrainPenalty > 0 ? init : null));
        return (pair, init, pre, fit.Diverged);
    }

    /// <summary>Pretrains on the source with <paramref name="rng"/> and transfers to a target of <paramref name="n"/> samples.</summary>
    public static TahirReluOutcome Run(TahirReluSettings s, int n, Rng rng) => Run(s, [n], rng)[0];

    /// <summary>Pretrains once and evaluates every target size in <paramref name="ns"/>.</summary>
    public static TahirReluOutcome[] Run(TahirReluSettings s, IReadOnlyList<int> ns, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(s);
        foreach (var n in ns) s.Validate(n);
        var (pair, init, pre, preDiverged) = PretrainChecked(s, rng);

        var xt = ReluInputs.Gaussian(s.TestSamples, s.D, rng);
        var ft = pair.Target.Evaluate(xt);
        var overlapTeacher = ReluFeatureOverlap.ForPair(pair);
        double norm2 = overlapTeacher.TargetNormSquared;
        var overlapStudent = ReluFeatureOverlap.Compute(pre.W, pair.Target);
        double Rel(TwoLayerRelu net) => Vec.MeanSquaredError(net.Forward(xt), ft) / norm2;
        double pretrainFit = Vec.MeanSquaredError(pre.Forward(xt), pair.Source.Evaluate(xt)) / Math.Max(1e-300, ReluFeatureOverlap.NormSquared(pair.Source));
        double move = pre.RelativeDistanceFrom(init);

        var result = new TahirReluOutcome[ns.Count];
        for (int k = 0; k < ns.Count; k++)
        {
            int n = ns[k];
            var x = ReluInputs.Gaussian(n, s.D, rng);
            var y = pair.Target.Labels(x, s.Noise, rng);
            var opt = new ReluTrainingOptions(s.LearningRate, s.TrainSteps, GradientTolerance: 1e-12);
            var scratch = ReluProtocols.Run(ReluProtocol.Scratch, pre, x, y, opt, rng, s.InitScale);
            var lt = ReluProtocols.Run(ReluProtocol.LinearTransfer, pre, x, y, opt, rng, readoutRidge: s.ReadoutRidge, relativeRidge: true);
            var fine = ReluProtocols.Run(ReluProtocol.FineTune, pre, x, y, opt, rng);
            bool diverged = preDiverged || new[] { scratch, lt, fine }.Any(r => r.Training?.Diverged == true);
            result[k] = new TahirReluOutcome(n, Rel(scratch.Model), Rel(lt.Model), Rel(fine.Model), Rel(pre),
                overlapTeacher.OutOfSpanNormSquared / norm2, overlapStudent.OutOfSpanNormSquared / norm2, pretrainFit, move, norm2, diverged);
        }
        return result;
    }
}
