using TransferLab.Models;
using TransferLab.Validation;

namespace TransferLab.Theory.Tahir2024;

/// <summary>
/// Risks ‖β̂ − β_t‖² (σ² excluded) of the exact gradient-flow limit of each deep-linear protocol and scratch baseline on
/// one target data set, read by protocol with <see cref="Of(DeepLinearProtocol)"/>.
/// </summary>
/// <param name="Scratch">Min-norm interpolant / OLS (gradient flow from vanishing init, Theorem 3.5).</param>
/// <param name="LinearTransfer">Readout refit on the rank-one pretrained features (Theorem 3.7/3.8).</param>
/// <param name="FineTune">β_sc + c(I − P)β_s (Theorem 3.9; c from the balanced flow or c = 1).</param>
/// <param name="OptimalRidge">
/// Ridge scratch at the oracle λ* (Fig. 5 baseline); null when the draw was made without it (it costs a second
/// factorization, and only the optimal-ridge comparator reads it).
/// </param>
/// <param name="ScaleFactor">The c used for fine-tuning on this design.</param>
public sealed record ExactLimitRisks(double Scratch, double LinearTransfer, double FineTune, double? OptimalRidge, double ScaleFactor)
{
    /// <summary>
    /// The risk of <paramref name="protocol"/>: scratch, linear transfer or fine-tuning (the frozen protocol's limit is not
    /// part of a draw; Tahir et al. §3 compare these three).
    /// </summary>
    public double Of(DeepLinearProtocol protocol) => protocol switch
    {
        DeepLinearProtocol.Scratch => Scratch,
        DeepLinearProtocol.LinearTransfer => LinearTransfer,
        DeepLinearProtocol.FineTune => FineTune,
        _ => throw new ParameterException("protocol", protocol.Name(), "must be scratch, linear-transfer or fine-tune (the protocols of an exact-limit draw)"),
    };

    /// <summary>The risk of the scratch comparator <paramref name="baseline"/>.</summary>
    /// <exception cref="InvalidOperationException">The optimal-ridge comparator of a draw made without it.</exception>
    public double Of(ScratchBaseline baseline) => baseline == ScratchBaseline.Ridgeless
        ? Scratch
        : OptimalRidge ?? throw new InvalidOperationException("this exact-limit draw was made without the optimal-ridge baseline (ExactLimitSimulator.Draw, withOptimalRidge)");
}
