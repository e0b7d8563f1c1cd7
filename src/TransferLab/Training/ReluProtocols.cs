using TransferLab.Models;
using TransferLab.Numerics;
using TransferLab.Validation;

namespace TransferLab.Training;

/// <summary>How a target task is learned by a <see cref="TwoLayerRelu"/>, given a pretrained network.</summary>
public enum ReluProtocol
{
    /// <summary>Fresh random initialisation (same shape, parameterisation and init scale), all layers trained.</summary>
    Scratch,
    /// <summary>First layer frozen at its pretrained value; the readout is refit in closed form (min-norm least squares, or ridge).</summary>
    LinearTransfer,
    /// <summary>All layers trained by GD/SGD starting from the pretrained weights.</summary>
    FineTune,
    /// <summary>First layer frozen, readout trained by GD from its pretrained value (the GD counterpart of linear transfer).</summary>
    FrozenFirstLayer,
}

/// <summary>A trained model and, when it was trained iteratively, the training outcome.</summary>
public sealed record ReluProtocolResult(TwoLayerRelu Model, ReluTrainingResult? Training);

/// <summary>Runs the transfer protocols of Tahir et al. §4 / Shachaf et al. on two-layer ReLU networks.</summary>
public static class ReluProtocols
{
    /// <summary>Parses a protocol name (scratch, linear-transfer, fine-tune, frozen-first-layer).</summary>
    public static ReluProtocol Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "scratch" => ReluProtocol.Scratch,
        "linear-transfer" or "lt" => ReluProtocol.LinearTransfer,
        "fine-tune" or "ft" => ReluProtocol.FineTune,
        "frozen-first-layer" or "frozen" => ReluProtocol.FrozenFirstLayer,
        _ => throw new ParameterException("protocol", name, "must be one of scratch, linear-transfer, fine-tune, frozen-first-layer"),
    };

    /// <summary>Kebab-case name of a protocol.</summary>
    public static string Name(ReluProtocol p) => p switch
    {
        ReluProtocol.Scratch => "scratch",
        ReluProtocol.LinearTransfer => "linear-transfer",
        ReluProtocol.FineTune => "fine-tune",
        _ => "frozen-first-layer",
    };

    /// <summary>
    /// Applies <paramref name="protocol"/> to the target sample (x, y). The pretrained network is never modified.
    /// </summary>
    /// <param name="protocol">Which protocol.</param>
    /// <param name="pretrained">Network after pretraining (its shape/parameterisation is reused by Scratch).</param>
    /// <param name="x">Target inputs, n×d.</param>
    /// <param name="y">Target labels.</param>
    /// <param name="options">GD/SGD settings; the layer switches are overridden per protocol.</param>
    /// <param name="rng">Randomness for the scratch initialisation and SGD batches.</param>
    /// <param name="initScale">κ of the scratch initialisation.</param>
    /// <param name="readoutRidge">λ ≥ 0 of linear transfer's (1/n)‖y − s F a‖² + λ‖a‖² (0 = min-norm least squares).</param>
    /// <param name="relativeRidge">Interpret <paramref name="readoutRidge"/> relative to the mean squared feature norm (see <see cref="FitReadout"/>).</param>
    public static ReluProtocolResult Run(ReluProtocol protocol, TwoLayerRelu pretrained, Matrix x, double[] y,
        ReluTrainingOptions options, Rng rng, double initScale = 1.0, double readoutRidge = 0.0, bool relativeRidge = false)
    {
        ArgumentNullException.ThrowIfNull(pretrained);
        ArgumentNullException.ThrowIfNull(options);
        Require.NonNegative("readout-ridge", readoutRidge);
        switch (protocol)
        {
            case ReluProtocol.Scratch:
            {
                var net = TwoLayerRelu.Initialize(pretrained.InputDim, pretrained.Width, pretrained.Parameterization, rng, initScale);
                var r = ReluTrainer.Train(net, x, y, options with { TrainFirstLayer = true, TrainReadout = true, Anchor = null }, rng);
                return new ReluProtocolResult(net, r);
            }
            case ReluProtocol.FineTune:
            {
                var net = pretrained.Clone();
                var r = ReluTrainer.Train(net, x, y, options with { TrainFirstLayer = true, TrainReadout = true }, rng);
                return new ReluProtocolResult(net, r);
            }
            case ReluProtocol.FrozenFirstLayer:
            {
                var net = pretrained.Clone();
                var r = ReluTrainer.Train(net, x, y, options with { TrainFirstLayer = false, TrainReadout = true }, rng);
                return new ReluProtocolResult(net, r);
            }
            default:
                return new ReluProtocolResult(FitReadout(pretrained, x, y, readoutRidge, fromCurrent: false, relativeRidge), null);
        }
    }

    /// <summary>
    /// Closed-form readout on frozen features Φ = s·ReLU(XWᵀ). With λ = 0: the minimum-distance solution
    /// a = a₀ + Φ⁺(y − Φa₀) where a₀ = the pretrained readout if <paramref name="fromCurrent"/> (this is the limit of GD on
    /// the readout started at a₀, i.e. of <see cref="ReluProtocol.FrozenFirstLayer"/>) or 0 (min-norm, linear transfer).
    /// With λ &gt; 0: a = Φᵀ(ΦΦᵀ + nλI)⁻¹ y, the minimiser of (1/n)‖y − Φa‖² + λ‖a‖² (Tahir et al. Thm 3.8 form).
    /// </summary>
    /// <param name="pretrained">Network whose first layer is frozen.</param>
    /// <param name="x">Inputs.</param>
    /// <param name="y">Labels.</param>
    /// <param name="ridge">λ ≥ 0.</param>
    /// <param name="fromCurrent">Start the λ = 0 solution from the pretrained readout instead of 0.</param>
    /// <param name="relativeRidge">When true, λ is in units of the mean squared feature norm tr(ΦΦᵀ)/n, so the amount of
    /// shrinkage does not depend on the scale of the features (which is tiny for a small-initialisation mean-field net).</param>
    public static TwoLayerRelu FitReadout(TwoLayerRelu pretrained, Matrix x, double[] y, double ridge = 0.0, bool fromCurrent = false, bool relativeRidge = false)
    {
        ArgumentNullException.ThrowIfNull(pretrained);
        if (y.Length != x.Rows) throw new ParameterException("labels", y.Length, $"must have one label per input row ({x.Rows})");
        var phi = pretrained.Features(x);
        phi.Data.AsSpan().Scale(pretrained.OutputScale);
        var net = pretrained.Clone();
        if (ridge > 0)
        {
            var k = LinearAlgebra.RowGram(phi);
            double trace = 0;
            for (int i = 0; i < k.Rows; i++) trace += k[i, i];
            double shift = x.Rows * ridge * (relativeRidge ? trace / x.Rows : 1.0);
            for (int i = 0; i < k.Rows; i++) k[i, i] += shift;
            var alpha = LinearAlgebra.CholeskySolve(k, new Matrix(y.Length, 1, (double[])y.Clone()));
            var a = LinearAlgebra.Multiply(phi, alpha.Data, Op.Transpose);
            a.CopyTo(net.A, 0);
            return net;
        }
        var a0 = fromCurrent ? pretrained.A : new double[pretrained.Width];
        var residual = new double[y.Length];
        LinearAlgebra.Provider.Gemv(Op.None, 1.0, phi, a0, 0.0, residual);
        for (int i = 0; i < y.Length; i++) residual[i] = y[i] - residual[i];
        var delta = LinearAlgebra.LeastSquares(phi, residual);
        for (int r = 0; r < net.Width; r++) net.A[r] = a0[r] + delta[r];
        return net;
    }
}
