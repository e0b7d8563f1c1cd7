using TransferLab.Models;
using TransferLab.Numerics;
using TransferLab.Validation;

namespace TransferLab.Training;

/// <summary>
/// Settings of gradient descent on a <see cref="TwoLayerRelu"/> with the squared loss (1/2n)‖f − y‖².
/// </summary>
/// <param name="LearningRate">Nominal step η &gt; 0; the applied step is η·<see cref="TwoLayerRelu.LearningRateScale"/>.</param>
/// <param name="MaxSteps">Upper bound on the number of parameter updates.</param>
/// <param name="BatchSize">0 = full-batch GD; otherwise minibatch SGD with batches drawn without replacement per epoch.</param>
/// <param name="LossTolerance">Stop when the full training loss is ≤ this value.</param>
/// <param name="GradientTolerance">Stop when the full-batch gradient norm is ≤ this value.</param>
/// <param name="TrainFirstLayer">False freezes W (the "frozen first layer" / linear-transfer protocols).</param>
/// <param name="TrainReadout">False freezes the readout a.</param>
/// <param name="AnchorPenalty">λ ≥ 0 of the penalty λ‖θ − θ₀‖² toward <paramref name="Anchor"/> (Tahir et al. lazy↔rich sweep);
/// applied by an exact proximal step after each gradient step on the data loss (stable for any λ).</param>
/// <param name="Anchor">θ₀; when null and λ &gt; 0 the network's starting weights are used.</param>
/// <param name="CheckEvery">For SGD: how often (in steps) the full loss and gradient are evaluated for the stopping rule.</param>
public sealed record ReluTrainingOptions(
    double LearningRate,
    int MaxSteps,
    int BatchSize = 0,
    double LossTolerance = 0.0,
    double GradientTolerance = 1e-10,
    bool TrainFirstLayer = true,
    bool TrainReadout = true,
    double AnchorPenalty = 0.0,
    TwoLayerRelu? Anchor = null,
    int CheckEvery = 50)
{
    /// <summary>Throws <see cref="ParameterException"/> naming the offending option.</summary>
    public void Validate(int sampleCount)
    {
        Require.Positive("lr", LearningRate);
        Require.Positive("steps", MaxSteps);
        Require.NonNegative("batch-size", BatchSize);
        if (BatchSize > sampleCount) throw new ParameterException("batch-size", BatchSize, $"must be ≤ the number of samples ({sampleCount}) or 0 for full batch");
        Require.NonNegative("loss-tol", LossTolerance);
        Require.NonNegative("grad-tol", GradientTolerance);
        Require.NonNegative("lambda", AnchorPenalty);
        Require.Positive("check-every", CheckEvery);
        if (!TrainFirstLayer && !TrainReadout) throw new ParameterException("protocol", "nothing trainable", "at least one layer must be trained");
    }
}

/// <summary>Outcome of <see cref="ReluTrainer.Train"/>.</summary>
/// <param name="Steps">Updates performed.</param>
/// <param name="FinalLoss">Full training loss (including the penalty) at the end.</param>
/// <param name="GradientNorm">Full-batch gradient norm of the trained parameters at the end.</param>
/// <param name="Converged">True when a stopping criterion was met before <see cref="ReluTrainingOptions.MaxSteps"/>.</param>
/// <param name="Diverged">True when the loss became non-finite or grew past <see cref="DivergenceRule"/>'s bound (step too large).</param>
public sealed record ReluTrainingResult(int Steps, double FinalLoss, double GradientNorm, bool Converged, bool Diverged);

/// <summary>Full-batch gradient descent and minibatch SGD for <see cref="TwoLayerRelu"/>.</summary>
public static class ReluTrainer
{
    /// <summary>
    /// Trains <paramref name="model"/> in place. Stopping rule: full loss ≤ LossTolerance or full gradient norm ≤
    /// GradientTolerance (checked every step for GD, every CheckEvery steps for SGD), else MaxSteps.
    /// </summary>
    public static ReluTrainingResult Train(TwoLayerRelu model, Matrix x, double[] y, ReluTrainingOptions options, Rng? rng = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(x.Rows);
        if (y.Length != x.Rows) throw new ParameterException("labels", y.Length, $"must have one label per input row ({x.Rows})");
        var anchor = options.AnchorPenalty > 0 ? (options.Anchor ?? model.Clone()) : null;
        double eta = options.LearningRate * model.LearningRateScale;
        bool sgd = options.BatchSize > 0 && options.BatchSize < x.Rows;
        if (sgd) ArgumentNullException.ThrowIfNull(rng, nameof(rng));
        int[] order = Enumerable.Range(0, x.Rows).ToArray();
        int cursor = x.Rows;
        var batchX = sgd ? new Matrix(options.BatchSize, x.Cols) : x;
        var batchY = sgd ? new double[options.BatchSize] : y;

        // Gradient buffers are allocated once per call (a fresh m×d gradient per step made allocation and GC, not BLAS, the
        // cost of a step at small n).
        var gradW = new Matrix(model.Width, model.InputDim);
        var gradA = new double[model.Width];
        var fullOut = new double[x.Rows];
        var batchOut = sgd ? new double[options.BatchSize] : fullOut;
        var work = anchor != null ? new double[Math.Max(gradW.Data.Length, gradA.Length)] : null;
        bool fw = options.TrainFirstLayer, fa = options.TrainReadout;

        double loss = double.NaN, gnorm = double.NaN, initialLoss = double.NaN;
        int step = 0;
        for (; step < options.MaxSteps; step++)
        {
            if (!sgd || step % options.CheckEvery == 0)
            {
                // Data loss and gradient of the trained layers; the penalty is added below and applied by the proximal step.
                double data = model.DataLossAndGradient(x, y, gradW, gradA, fullOut, fw, fa);
                (loss, gnorm) = Totals(model, data, gradW, gradA, anchor, options, work);
                if (step == 0) initialLoss = loss;
                if (DivergenceRule.HasDiverged(loss, initialLoss))
                    return new ReluTrainingResult(step, loss, gnorm, false, true);
                if (loss <= options.LossTolerance || gnorm <= options.GradientTolerance)
                    return new ReluTrainingResult(step, loss, gnorm, true, false);
                if (!sgd) { Apply(model, gradW, gradA, eta, options, anchor); continue; }
            }
            // Minibatch: draw the next batch from a per-epoch permutation (Fisher–Yates with the given Rng).
            for (int b = 0; b < options.BatchSize; b++)
            {
                if (cursor >= order.Length)
                {
                    for (int i = order.Length - 1; i > 0; i--)
                    {
                        int j = rng!.NextInt(i + 1);
                        (order[i], order[j]) = (order[j], order[i]);
                    }
                    cursor = 0;
                }
                int idx = order[cursor++];
                x.Row(idx).CopyTo(batchX.Row(b));
                batchY[b] = y[idx];
            }
            model.DataLossAndGradient(batchX, batchY, gradW, gradA, batchOut, fw, fa);
            Apply(model, gradW, gradA, eta, options, anchor);
        }
        double last = model.DataLossAndGradient(x, y, gradW, gradA, fullOut, fw, fa);
        (loss, gnorm) = Totals(model, last, gradW, gradA, anchor, options, work);
        bool ok = !DivergenceRule.HasDiverged(loss, options.MaxSteps == 0 ? loss : initialLoss);
        return new ReluTrainingResult(step, loss, gnorm, ok && (loss <= options.LossTolerance || gnorm <= options.GradientTolerance), !ok);
    }

    // Penalised loss L + λ‖θ − θ₀‖² and the norm of its gradient over the trained layers (SIMD, with Vec's
    // address-independent reductions; work is a scratch buffer of at least max(m·d, m) entries when an anchor is used).
    private static (double Loss, double GradNorm) Totals(TwoLayerRelu model, double dataLoss, Matrix gradW, double[] gradA,
        TwoLayerRelu? anchor, ReluTrainingOptions o, double[]? work)
    {
        double pen = 0, gn = 0;
        void Part(double[] th, double[] gr, double[]? th0, bool trained)
        {
            if (th0 == null || work == null)
            {
                if (trained) gn += Vec.NormSquared(gr);
                return;
            }
            var dlt = work.AsSpan(0, th.Length);
            System.Numerics.Tensors.TensorPrimitives.Subtract<double>(th, th0, dlt);
            pen += Vec.NormSquared(dlt);
            if (!trained) return;
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd<double>(dlt, 2 * o.AnchorPenalty, gr, dlt);  // ∇L + 2λ(θ − θ₀)
            gn += Vec.NormSquared(dlt);
        }
        // A frozen layer's gradient buffer is not computed; with an anchor its distance still enters the penalty.
        if (o.TrainFirstLayer || anchor != null) Part(model.W.Data, gradW.Data, anchor?.W.Data, o.TrainFirstLayer);
        if (o.TrainReadout || anchor != null) Part(model.A, gradA, anchor?.A, o.TrainReadout);
        return (dataLoss + (anchor != null ? o.AnchorPenalty : 0.0) * pen, Math.Sqrt(gn));
    }

    // Gradient step on the data loss followed by the exact proximal map of the penalty λ‖θ − θ₀‖²:
    // θ ← (θ − η∇L + 2ηλθ₀)/(1 + 2ηλ). Same fixed points as GD on the penalised loss (∇L + 2λ(θ − θ₀) = 0) but stable for
    // any λ, which the lazy end of the λ sweep needs (plain GD would require η·2λ < 2).
    private static void Apply(TwoLayerRelu model, Matrix gradW, double[] gradA, double eta, ReluTrainingOptions o, TwoLayerRelu? anchor)
    {
        if (o.TrainFirstLayer) Step(model.W.Data, gradW.Data, anchor?.W.Data, eta, o.AnchorPenalty);
        if (o.TrainReadout) Step(model.A, gradA, anchor?.A, eta, o.AnchorPenalty);
    }

    private static void Step(Span<double> theta, ReadOnlySpan<double> grad, double[]? theta0, double eta, double lambda)
    {
        Vec.Axpy(-eta, grad, theta);
        if (theta0 == null || lambda <= 0) return;
        double shrink = 1.0 / (1 + 2 * eta * lambda);
        // θ ← (θ + 2ηλθ₀)·shrink, SIMD.
        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd<double>(theta0, 2 * eta * lambda, theta, theta);
        theta.Scale(shrink);
    }
}
