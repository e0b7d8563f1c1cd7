using TransferLab.Data;
using TransferLab.Models;
using TransferLab.Numerics;
using TransferLab.Validation;

namespace TransferLab.Training;

/// <summary>One gradient-descent phase: the trainer's outcome, the nominal step finally used and how often it was halved.</summary>
/// <param name="Result">Outcome of the last (non-diverged, or final) attempt.</param>
/// <param name="StepSize">Nominal step of that attempt (the trainer multiplies it by m).</param>
/// <param name="Halvings">How many times the step was halved after a divergence.</param>
public sealed record LeverTraining(ReluTrainingResult Result, double StepSize, int Halvings);

/// <summary>A trained network and how its training went.</summary>
/// <param name="Network">The trained network.</param>
/// <param name="Training">The gradient-descent phase.</param>
public sealed record LeverPhase(TwoLayerRelu Network, LeverTraining Training);

/// <summary>Optimiser of every phase: nominal step η, step budget and relative loss tolerance.</summary>
/// <param name="LearningRate">Nominal GD step η &gt; 0 (see <see cref="ReluLeverPipeline.StepSize"/>).</param>
/// <param name="MaxSteps">Maximum GD steps.</param>
/// <param name="RelativeLossTolerance">Stop when the loss is ≤ this times (1/2n)‖y‖², the loss of f ≡ 0.</param>
public sealed record LeverOptimizer(double LearningRate, int MaxSteps, double RelativeLossTolerance = 1e-6)
{
    /// <summary>Throws <see cref="ParameterException"/> naming the parameter (<paramref name="stepsParameter"/> for the budget).</summary>
    public LeverOptimizer Validate(string stepsParameter = "steps")
    {
        Require.Positive("lr", LearningRate);
        Require.Positive(stepsParameter, MaxSteps);
        Require.NonNegative("loss-tol", RelativeLossTolerance);
        return this;
    }
}

/// <summary>
/// Pretrain → re-initialise the readout → fine-tune, for a two-layer ReLU network with the three initialisation levers of
/// Anguita et al. 2026 (<see cref="ReluLevers"/>), compared with scratch training on the target. Randomness comes from
/// streams derived with <see cref="SeedSequence"/> from (seed, repetition, role), so every lever setting in a repetition
/// sees the same teachers, data, base initialisation and readout draw (common random numbers) and runs are bit-reproducible.
/// </summary>
public static class ReluLeverPipeline
{
    /// <summary>Key of this experiment's seed streams.</summary>
    public const long StreamKey = 4_206;

    /// <summary>At most this many step halvings after a divergence.</summary>
    public const int MaxHalvings = 8;

    /// <summary>Throws unless the width is a positive even integer (mirrored initialisation).</summary>
    public static int RequireEvenWidth(int width)
    {
        if (width < 2 || width % 2 != 0) throw new ParameterException("width", width, "must be an even integer ≥ 2 (neurons are initialised in mirrored pairs)");
        return width;
    }

    /// <summary>
    /// The base initialisation (c_PT = κ = 1): m/2 neurons with w ~ N(0, I_d/d), a ~ N(0, 1) (the mean-field
    /// <see cref="TwoLayerRelu.Initialize"/>), then mirrored: neuron m/2 + r has the same w and readout −a_r, so f ≡ 0.
    /// </summary>
    public static TwoLayerRelu BaseInitialization(int inputDim, int width, Rng rng)
    {
        Require.Positive("d", inputDim);
        RequireEvenWidth(width);
        ArgumentNullException.ThrowIfNull(rng);
        int half = width / 2;
        var h = TwoLayerRelu.Initialize(inputDim, half, ReluParameterization.MeanField, rng);
        var w = new Matrix(width, inputDim);
        Array.Copy(h.W.Data, 0, w.Data, 0, half * inputDim);
        Array.Copy(h.W.Data, 0, w.Data, half * inputDim, half * inputDim);
        var a = new double[width];
        for (int r = 0; r < half; r++) { a[r] = h.A[r]; a[half + r] = -h.A[r]; }
        return new TwoLayerRelu(w, a, ReluParameterization.MeanField);
    }

    /// <summary>The pretraining initialisation: the base draw with W scaled by √(c_PT·κ) and a by √(c_PT/κ).</summary>
    public static TwoLayerRelu PretrainingInitialization(ReluLevers levers, int inputDim, int width, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(levers);
        levers.Validate();
        var net = BaseInitialization(inputDim, width, rng);
        net.W.Data.AsSpan().Scale(levers.FirstLayerFactor);
        net.A.AsSpan().Scale(levers.ReadoutFactor);
        return net;
    }

    /// <summary>
    /// The fine-tuning initialisation: a copy of the pretrained first layer and a fresh readout a_r = γ_FT·z_r with
    /// z_r ~ N(0, 1) i.i.d. drawn from <paramref name="rng"/> (the pretrained readout is discarded).
    /// </summary>
    public static TwoLayerRelu FineTuningInitialization(TwoLayerRelu pretrained, double gammaFt, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(pretrained);
        ArgumentNullException.ThrowIfNull(rng);
        new ReluLevers(GammaFt: gammaFt).Validate();
        var z = rng.Gaussian(pretrained.Width);
        z.AsSpan().Scale(gammaFt);
        return new TwoLayerRelu(pretrained.W.Clone(), z, ReluParameterization.MeanField);
    }

    /// <summary>
    /// Nominal GD step for a phase that starts at <paramref name="net"/> on inputs <paramref name="x"/>:
    /// η/max(1, S·L) with S = (1/m)Σ_r(‖w_r‖² + a_r²)/2 (the mean squared neuron scale) and L = λ_max(XᵀX)/n.
    /// Why: with the trainer's step η·m, GD on (1/2n)‖f − y‖² is stable while η·λ_max(Θ)/n &lt; 2, where Θ is the
    /// (1/m)-normalised tangent kernel. Θ = ΦΦᵀ/m + (XXᵀ) ∘ (D diag(a²) Dᵀ)/m (Φ = ReLU(XWᵀ), D = 1[XWᵀ &gt; 0]); the first
    /// term is ≤ ‖X‖₂²‖W‖²_F/m and, by the Schur-product bound, the second ≤ ‖X‖₂²·mean a², so λ_max(Θ)/n ≤ 2S·L and the
    /// step is stable at the start of every phase for η ≤ 1, whatever c_PT, κ, γ_FT or the input covariance. During rich
    /// training S can grow; divergences are then handled by <see cref="Train"/>.
    /// </summary>
    public static double StepSize(TwoLayerRelu net, Matrix x, double eta)
    {
        ArgumentNullException.ThrowIfNull(net);
        return StepForNorm(Vec.NormSquared(net.W.Data) + Vec.NormSquared(net.A), net.Width, x, eta);
    }

    // η/max(1, S·L) from the total squared parameter norm Σ_r(‖w_r‖² + ‖a_r‖²) of a width-m network.
    private static double StepForNorm(double parameterNormSquared, int width, Matrix x, double eta)
    {
        double s = 0.5 * parameterNormSquared / width;
        return eta / Math.Max(1.0, s * InputScale(x));
    }

    // Runs one training attempt per step size, from the same start: on divergence, resets the weights and halves the step
    // (at most MaxHalvings times).
    private static LeverTraining WithBackoff(double step, Func<double, ReluTrainingResult> attempt, Action resetWeights)
    {
        for (int h = 0; ; h++)
        {
            var r = attempt(step);
            if (!r.Diverged || h == MaxHalvings) return new LeverTraining(r, step, h);
            resetWeights();
            step /= 2;
        }
    }

    /// <summary>
    /// L = λ_max(XᵀX)/n, the largest eigenvalue of the inputs' second-moment matrix, from the smaller of XᵀX and XXᵀ by power
    /// iteration (at most 500 iterations, relative tolerance 1e-12, Rayleigh quotient from a fixed start vector). Written with
    /// plain fixed-order loops rather than SYRK + LAPACK so that the step, and with it every run, is bit-reproducible.
    /// </summary>
    public static double InputScale(Matrix x)
    {
        ArgumentNullException.ThrowIfNull(x);
        int n = x.Rows, d = x.Cols;
        if (n == 0) throw new ParameterException("inputs", 0, "at least one sample is required");
        bool byRows = n < d;
        int k = byRows ? n : d;
        var g = new double[k * k];
        var xd = x.Data;
        if (byRows)
        {
            for (int i = 0; i < n; i++)
                for (int j = 0; j <= i; j++)
                {
                    double sum = 0;
                    for (int l = 0; l < d; l++) sum += xd[i * d + l] * xd[j * d + l];
                    g[i * k + j] = g[j * k + i] = sum;
                }
        }
        else
        {
            for (int i = 0; i < n; i++)
                for (int j = 0; j < d; j++)
                {
                    double xij = xd[i * d + j];
                    for (int l = 0; l < d; l++) g[j * k + l] += xij * xd[i * d + l];
                }
        }
        var v = new double[k];
        var w = new double[k];
        for (int j = 0; j < k; j++) v[j] = 1.0 + (double)j / k;
        double lambda = 0;
        for (int it = 0; it < 500; it++)
        {
            double nv = 0;
            for (int j = 0; j < k; j++) nv += v[j] * v[j];
            nv = Math.Sqrt(nv);
            if (nv == 0) break;
            for (int j = 0; j < k; j++) v[j] /= nv;
            double rq = 0;
            for (int j = 0; j < k; j++)
            {
                double sum = 0;
                for (int l = 0; l < k; l++) sum += g[j * k + l] * v[l];
                w[j] = sum;
                rq += v[j] * sum;
            }
            bool done = Math.Abs(rq - lambda) <= 1e-12 * Math.Abs(rq);
            lambda = rq;
            if (done) break;
            (v, w) = (w, v);
        }
        return lambda / n;
    }

    /// <summary>
    /// Full-batch GD on (1/2n)‖f − y‖² from the network's current weights, with the step of <see cref="StepSize"/>.
    /// Stops at loss ≤ tol·(1/2n)‖y‖² or after <paramref name="maxSteps"/>. If the loss diverges, the weights are reset
    /// and the step halved (at most <see cref="MaxHalvings"/> times).
    /// </summary>
    public static LeverTraining Train(TwoLayerRelu net, Matrix x, double[] y, double eta, int maxSteps, double relativeTolerance)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(y);
        var start = net.Clone();
        double tol = relativeTolerance * 0.5 * Vec.NormSquared(y) / y.Length;
        return WithBackoff(StepSize(net, x, eta),
            step => ReluTrainer.Train(net, x, y, new ReluTrainingOptions(step, maxSteps, LossTolerance: tol, GradientTolerance: 1e-13)),
            () =>
            {
                start.W.Data.CopyTo(net.W.Data, 0);
                start.A.CopyTo(net.A, 0);
            });
    }

    /// <summary>Pretraining: the width-<paramref name="width"/> lever initialisation (<paramref name="initRng"/>) trained by GD on (x, y).</summary>
    public static LeverPhase Pretrain(ReluLevers levers, int width, Matrix x, double[] y, LeverOptimizer opt, Rng initRng)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(opt);
        opt.Validate("pretrain-steps");
        var net = PretrainingInitialization(levers, x.Cols, width, initRng);
        return new LeverPhase(net, Train(net, x, y, opt.LearningRate, opt.MaxSteps, opt.RelativeLossTolerance));
    }

    /// <summary>
    /// Fine-tuning: keeps the pretrained first layer, re-draws the readout with scale γ_FT (<paramref name="headRng"/>), and
    /// trains all layers by GD on the target sample. The pretrained network is not modified.
    /// </summary>
    public static LeverPhase FineTune(TwoLayerRelu pretrained, double gammaFt, Matrix x, double[] y, LeverOptimizer opt, Rng headRng)
    {
        ArgumentNullException.ThrowIfNull(opt);
        opt.Validate();
        var net = FineTuningInitialization(pretrained, gammaFt, headRng);
        return new LeverPhase(net, Train(net, x, y, opt.LearningRate, opt.MaxSteps, opt.RelativeLossTolerance));
    }

    /// <summary>Scratch: the (c_PT, κ) initialisation of width <paramref name="width"/> trained directly on the target sample.</summary>
    public static LeverPhase Scratch(ReluLevers levers, int width, Matrix x, double[] y, LeverOptimizer opt, Rng initRng)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(opt);
        opt.Validate();
        var net = PretrainingInitialization(levers, x.Cols, width, initRng);
        return new LeverPhase(net, Train(net, x, y, opt.LearningRate, opt.MaxSteps, opt.RelativeLossTolerance));
    }

    /// <summary>
    /// The lever initialisation of a K-output network (<see cref="MultiOutputRelu"/>, used to pretrain on many classes):
    /// m/2 neurons with w ~ N(0, I_d/d) and readout rows A_r ~ N(0, I_K/K) (so E‖w_r‖² = E‖A_r‖² = 1), mirrored
    /// (A_{m/2+r} = −A_r, F ≡ 0), then W scaled by √(c_PT·κ) and A by √(c_PT/κ). Gradient flow conserves ‖w_r‖² − ‖A_r‖².
    /// </summary>
    public static MultiOutputRelu MultiOutputInitialization(ReluLevers levers, int inputDim, int width, int outputs, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(levers);
        ArgumentNullException.ThrowIfNull(rng);
        levers.Validate();
        Require.Positive("d", inputDim);
        RequireEvenWidth(width);
        Require.Positive("outputs", outputs);
        int half = width / 2;
        var w = new Matrix(width, inputDim);
        var a = new Matrix(width, outputs);
        rng.FillGaussian(w.Data.AsSpan(0, half * inputDim), levers.FirstLayerFactor / Math.Sqrt(inputDim));
        rng.FillGaussian(a.Data.AsSpan(0, half * outputs), levers.ReadoutFactor / Math.Sqrt(outputs));
        Array.Copy(w.Data, 0, w.Data, half * inputDim, half * inputDim);
        for (int k = 0; k < half * outputs; k++) a.Data[half * outputs + k] = -a.Data[k];
        return new MultiOutputRelu(w, a);
    }

    /// <summary>
    /// Full-batch GD for a <see cref="MultiOutputRelu"/> with the same step rule, stopping rule and divergence back-off as
    /// <see cref="Train"/> (step η·m/max(1, S·L), S = (1/m)Σ_r(‖w_r‖² + ‖A_r‖²)/2, L = λ_max(XᵀX)/n; stop at loss ≤ tol·(1/2n)‖Y‖²_F).
    /// </summary>
    public static LeverTraining TrainMultiOutput(MultiOutputRelu net, Matrix x, Matrix y, LeverOptimizer opt)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(opt);
        opt.Validate("pretrain-steps");
        var start = net.Clone();
        double tol = opt.RelativeLossTolerance * 0.5 * Vec.NormSquared(y.Data) / x.Rows;
        ReluTrainingResult Attempt(double step)
        {
            double eta = step * net.LearningRateScale, loss = double.NaN, gnorm = double.NaN, loss0 = double.NaN;
            bool diverged = false, converged = false;
            int t = 0;
            for (; ; t++)
            {
                var (l, gw, ga) = net.LossAndGradient(x, y);
                loss = l;
                gnorm = Math.Sqrt(Vec.NormSquared(gw.Data) + Vec.NormSquared(ga.Data));
                if (t == 0) loss0 = loss;
                if (DivergenceRule.HasDiverged(loss, loss0)) { diverged = true; break; }
                if (loss <= tol || gnorm <= 1e-13) { converged = true; break; }
                if (t == opt.MaxSteps) break;
                Vec.Axpy(-eta, gw.Data, net.W.Data);
                Vec.Axpy(-eta, ga.Data, net.A.Data);
            }
            return new ReluTrainingResult(t, loss, gnorm, converged, diverged);
        }
        return WithBackoff(StepForNorm(Vec.NormSquared(net.W.Data) + Vec.NormSquared(net.A.Data), net.Width, x, opt.LearningRate), Attempt,
            () =>
            {
                start.W.Data.CopyTo(net.W.Data, 0);
                start.A.Data.CopyTo(net.A.Data, 0);
            });
    }

    /// <summary>Mean of (f − g)² over the rows.</summary>
    public static double Mse(double[] f, double[] g)
    {
        double s = 0;
        for (int i = 0; i < f.Length; i++) { double r = f[i] - g[i]; s += r * r; }
        return s / f.Length;
    }

    /// <summary>Derived generator for (seed, repetition, role, extra keys…).</summary>
    public static Rng Stream(ulong seed, int rep, int role, params ReadOnlySpan<long> extra)
    {
        Span<long> keys = stackalloc long[3 + extra.Length];
        keys[0] = StreamKey; keys[1] = rep; keys[2] = role;
        extra.CopyTo(keys[3..]);
        return SeedSequence.For(seed, keys);
    }
}
