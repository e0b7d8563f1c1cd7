using TransferLab.Models;
using TransferLab.Numerics;
using TransferLab.Validation;

namespace TransferLab.Training;

/// <summary>Settings of <see cref="DeepLinearGradientFlow"/>.</summary>
/// <param name="StepSize">GD step η. Gradient flow is approximated to O(η); halve it to check.</param>
/// <param name="MaxSteps">Step budget; reaching it without meeting the tolerance is reported as non-convergence.</param>
/// <param name="RelativeGradientTolerance">
/// Stopping rule: stop once ‖∇_Θ ℓ‖_F ≤ tol · max_{s ≤ t} ‖∇_Θ ℓ(s)‖_F over the trainable layers. The running
/// maximum (instead of the initial value) keeps a small-initialisation run from stopping while it
/// is still escaping the saddle at the origin, where the gradient starts tiny and first grows.
/// </param>
/// <param name="AbsoluteGradientTolerance">Also stop when ‖∇_Θ ℓ‖_F falls below this absolute floor.</param>
/// <param name="FrozenLayers">Number of leading layers W₁ … W_F held fixed (0 = train every layer).</param>
/// <param name="Trainable">Optional explicit mask (length L) of trainable layers; overrides <paramref name="FrozenLayers"/>.</param>
public sealed record DeepLinearTrainingOptions(
    double StepSize,
    int MaxSteps = 200_000,
    double RelativeGradientTolerance = 1e-10,
    double AbsoluteGradientTolerance = 1e-14,
    int FrozenLayers = 0,
    bool[]? Trainable = null);

/// <summary>Outcome of one gradient-flow run.</summary>
/// <param name="Network">The trained network (a new object; the start is not modified).</param>
/// <param name="Steps">GD steps taken.</param>
/// <param name="Converged">Whether the stopping rule was met within the step budget.</param>
/// <param name="GradientNorm">Final ‖∇_Θ ℓ‖_F over the trainable layers.</param>
/// <param name="Loss">Final loss.</param>
/// <param name="Imbalance">Final max_l ‖W_lᵀW_l − W_{l+1}W_{l+1}ᵀ‖_F (conserved by the flow, drifts by O(η) under GD).</param>
/// <param name="Diverged">The gradient or loss became non-finite, or the loss grew past <see cref="DivergenceRule"/>'s bound: the step is too large and the network is meaningless.</param>
public sealed record DeepLinearTrainingResult(DeepLinearNetwork Network, int Steps, bool Converged, double GradientNorm, double Loss, double Imbalance, bool Diverged = false)
{
    /// <summary>Whether the run hit its step budget (neither converged nor diverged).</summary>
    public bool HitStepCap => !Converged && !Diverged;

    /// <summary>End-to-end vector of the trained network.</summary>
    public double[] EndToEnd => Network.EndToEnd();
}

/// <summary>
/// Gradient flow on a deep linear network, simulated by full-batch gradient descent with a fixed small
/// step. For a scalar-output network the gradient of layer l is rank one:
/// ∂ℓ/∂W_l = (W₁⋯W_{l−1})ᵀ ∇_βℓ · (W_{l+1}⋯W_L)ᵀ, so one step costs O(min(n, d)·d + Σ k_{l−1}k_l)
/// (<see cref="EmpiricalSquaredLoss"/> uses its moments for n &gt; d).
/// </summary>
public static class DeepLinearGradientFlow
{
    /// <summary>
    /// A step size that is stable for a network whose end-to-end norm stays of order
    /// <paramref name="normScale"/>: the parameter Hessian of a balanced depth-L network with end-to-end
    /// norm ν has top eigenvalue ≈ λ_max(∇²_βℓ)·L·ν^{2−2/L} (Arora, Cohen &amp; Hazan 2018), so
    /// η = fraction / (that).
    /// </summary>
    public static double SuggestStep(IEndToEndLoss loss, int depth, double normScale, double fraction = 0.2)
    {
        Require.Positive("depth", depth);
        double nu = Math.Max(normScale, 1e-3);
        double top = loss.Curvature * depth * Math.Pow(nu, 2.0 - 2.0 / depth);
        return fraction / Math.Max(top, 1e-12);
    }

    /// <summary>How often (in steps) the loss is evaluated for the divergence check.</summary>
    public const int DivergenceCheckEvery = 100;

    /// <summary>Runs gradient descent from a copy of <paramref name="start"/>; a diverging run stops and is flagged (<see cref="DeepLinearTrainingResult.Diverged"/>).</summary>
    public static DeepLinearTrainingResult Train(DeepLinearNetwork start, IEndToEndLoss loss, DeepLinearTrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(loss);
        if (loss.Dimension != start.InputDimension) throw new ArgumentException("loss and network dimensions differ");
        Require.Positive("step", options.StepSize);
        Require.Positive("max-steps", options.MaxSteps);
        Require.InRange("frozen-layers", options.FrozenLayers, 0, start.Depth - 1);
        if (options.Trainable != null && options.Trainable.Length != start.Depth)
            throw new ArgumentException($"trainable mask has {options.Trainable.Length} entries, network depth is {start.Depth}");
        var trainable = options.Trainable ?? Enumerable.Range(0, start.Depth).Select(l => l >= options.FrozenLayers).ToArray();
        if (!trainable.Any(t => t)) throw new ParameterException("frozen-layers", options.FrozenLayers, "leaves no layer to train");
        int firstTrainable = Array.IndexOf(trainable, true);
        if (firstTrainable > 0 && loss is EmpiricalSquaredLoss empirical) return TrainAfterFrozenPrefix(start, empirical, options, trainable, firstTrainable);

        var net = start.Clone();
        var w = net.Layers;
        int L = net.Depth, d = net.InputDimension;
        var g = new double[d];
        // Buffers reused across steps (docs/benchmarks.md, "item 4"): b_l has the width k_l of layer l's output,
        // u_l the width of its input. bNext holds the right products of the updated layers, computed in the same
        // pass as the update (UpdateAndForward); the two sets swap after every step.
        var b = new double[L][];
        var bNext = new double[L][];
        for (int l = 0; l < L; l++) { b[l] = new double[w[l].Cols]; bNext[l] = new double[w[l].Cols]; }
        var beta = new double[d];
        var u = new double[L][];
        u[0] = g;
        for (int l = 0; l + 1 < L; l++) u[l + 1] = new double[w[l].Cols];
        double eta = options.StepSize, maxNorm = 0, gradNorm = double.NaN, initialLoss = double.NaN;
        bool converged = false, diverged = false;
        int step = 0;
        // Layers after the last trainable one never change: their right products are computed once (into both sets)
        // and the back-propagated vectors u_l are needed only up to that layer.
        int lastTrainable = Array.LastIndexOf(trainable, true);
        net.RightProducts(b);
        net.RightProducts(bNext);
        DeepLinearNetwork.ApplyInto(w[0], b[0], beta);
        for (; ; step++)
        {
            loss.Gradient(beta, g);
            for (int l = 0; l < lastTrainable; l++) DeepLinearNetwork.ApplyTransposedInto(w[l], u[l], u[l + 1]);
            double sq = 0;
            for (int l = 0; l < L; l++)
                if (trainable[l]) sq += Vec.NormSquared(u[l]) * Vec.NormSquared(b[l]);
            gradNorm = Math.Sqrt(sq);
            // Divergence (DivergenceRule): a non-finite gradient, or the loss — read every DivergenceCheckEvery steps, which
            // leaves the iterates untouched — grown 10⁶-fold over its start.
            if (step == 0) initialLoss = loss.Value(beta);
            if (!double.IsFinite(gradNorm) || (step % DivergenceCheckEvery == 0 && DivergenceRule.HasDiverged(loss.Value(beta), initialLoss)))
            {
                diverged = true;
                break;
            }
            maxNorm = Math.Max(maxNorm, gradNorm);
            if (gradNorm <= options.AbsoluteGradientTolerance || gradNorm <= options.RelativeGradientTolerance * maxNorm)
            {
                converged = true;
                break;
            }
            if (step >= options.MaxSteps) break;
            UpdateAndForward(w, trainable, lastTrainable, eta, u, b, bNext, beta);
            (b, bNext) = (bNext, b);
        }
        var final = net.EndToEnd();
        double last = loss.Value(final);
        diverged |= DivergenceRule.HasDiverged(last, initialLoss);
        return new DeepLinearTrainingResult(net, step, converged && !diverged, gradNorm, last, net.Imbalance(), diverged);
    }

    /// <summary>
    /// The simultaneous update W_l ← W_l − η u_l b_lᵀ of every trainable layer, fused with the next step's forward pass:
    /// layers are visited from W_L down to W₁, and each row, once updated, is dotted with the new right product
    /// (bNext[l − 1] = W_l·bNext[l], β = W₁·bNext[0]). Every operation and its order are those of the separate update
    /// followed by <see cref="DeepLinearNetwork.RightProducts(double[][])"/>, so the iterates are bit-identical; each
    /// weight row is read once instead of twice. Layers after <paramref name="lastTrainable"/> are skipped: they and
    /// their right products are constant (already in <paramref name="bNext"/>).
    /// </summary>
    private static void UpdateAndForward(IReadOnlyList<Matrix> w, bool[] trainable, int lastTrainable, double eta, double[][] u, double[][] b, double[][] bNext, double[] beta)
    {
        for (int l = lastTrainable; l >= 0; l--)
        {
            var wl = w[l];
            var bl = b[l];
            var ul = u[l];
            var right = bNext[l];
            var output = l > 0 ? bNext[l - 1] : beta;
            bool update = trainable[l];
            for (int i = 0; i < wl.Rows; i++)
                output[i] = update && ul[i] != 0
                    ? Vec.AxpyThenDot(-eta * ul[i], bl, wl.Row(i), right)
                    : Vec.Dot(wl.Row(i), right);
        }
    }

    /// <summary>
    /// Frozen leading layers W₁ … W_F on an empirical loss: they are a fixed feature map P = W₁⋯W_F, and the gradient of
    /// every trainable layer depends on the data only through Pᵀ∇_βℓ = Zᵀ(Zv − y)/n with Z = XP and v = W_{F+1}⋯W_L.
    /// So the trainable suffix is trained on (Z, y) — the same gradient-descent iterates up to floating-point rounding,
    /// without the two passes over the frozen layers per step (docs/benchmarks.md, issue 15 item 4) — and reassembled
    /// with the unchanged prefix.
    /// </summary>
    private static DeepLinearTrainingResult TrainAfterFrozenPrefix(DeepLinearNetwork start, EmpiricalSquaredLoss loss, DeepLinearTrainingOptions options,
        bool[] trainable, int firstTrainable)
    {
        var prefix = start.Layers[0];
        for (int l = 1; l < firstTrainable; l++) prefix = LinearAlgebra.Multiply(prefix, start.Layers[l]);
        var features = new EmpiricalSquaredLoss(LinearAlgebra.Multiply(loss.X, prefix), loss.Y);
        var suffix = new DeepLinearNetwork(start.Layers.Skip(firstTrainable).ToArray());
        var r = Train(suffix, features, options with { FrozenLayers = 0, Trainable = trainable[firstTrainable..] });
        var net = new DeepLinearNetwork(start.Layers.Take(firstTrainable).Select(m => m.Clone()).Concat(r.Network.Layers).ToArray());
        return r with { Network = net, Loss = loss.Value(net.EndToEnd()), Imbalance = net.Imbalance() };
    }
}
