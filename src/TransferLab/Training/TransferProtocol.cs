namespace TransferLab.Training;

/// <summary>How the target model is obtained from the source solution (linear models).</summary>
public enum TransferProtocol
{
    /// <summary>Train on the target data from θ = 0 (minimum-norm interpolant / least squares).</summary>
    Scratch,
    /// <summary>Train on the target data from θ = θ_S (interpolant closest to θ_S / least squares).</summary>
    FineTune,
    /// <summary>Use θ_S as it is (zero-shot transfer; no target data).</summary>
    ZeroShot,
}
