using TransferLab.Numerics;

namespace TransferLab.Theory.Shachaf2021;

/// <summary>
/// Fine-tuning a balanced pretrained deep linear network with some layers frozen (Shachaf et al. 2021:
/// "fixing initial layers can lead to complete learning failure"; reconstructed in docs/shachaf2021.md §2.3).
/// </summary>
public static class FrozenLayerSolution
{
    /// <summary>
    /// W₁ frozen (any of W₂…W_L trained): W₁ = s·θ̂_S u₁ᵀ sees only the θ_S direction, so every reachable
    /// model is g·θ_S; the flow's limit is the 1-D least-squares fit g* = θ_SᵀXᵀy/‖Xθ_S‖². (The research
    /// note warns that GD might stall at g = 0 when g* &lt; 0; with hidden width ≥ 2 we observe it reaching g* &lt; 0,
    /// see FrozenSignTests.)
    /// </summary>
    public static double[] FirstLayerFrozen(Matrix x, double[] y, double[] sourceTheta)
    {
        var z = LinearAlgebra.Multiply(x, sourceTheta);
        double g = Vec.Dot(z, y) / Vec.NormSquared(z);
        return Vec.Scaled(sourceTheta, g);
    }

    /// <summary>
    /// Population-risk floor of any model g·θ_S: min_g ‖gθ_S − θ_T‖²_Σ = ‖θ_T‖²_Σ − (θ_SᵀΣθ_T)²/‖θ_S‖²_Σ,
    /// independent of n. For θ_T ⊥_Σ θ_S it is ‖θ_T‖²_Σ, the risk of predicting 0 (complete failure).
    /// </summary>
    public static double RiskFloor(ReadOnlySpan<double> sourceTheta, ReadOnlySpan<double> targetTheta, double[]? spectrum = null)
    {
        double ss = 0, tt = 0, st = 0;
        for (int i = 0; i < sourceTheta.Length; i++)
        {
            double w = spectrum?[i] ?? 1.0;
            ss += w * sourceTheta[i] * sourceTheta[i];
            tt += w * targetTheta[i] * targetTheta[i];
            st += w * sourceTheta[i] * targetTheta[i];
        }
        return tt - st * st / ss;
    }

    /// <summary>
    /// Only W₁ trained (W₂…W_L frozen): θ̇ = −‖W₂⋯W_L‖²∇ℓ is linear gradient flow with a rescaled clock, so
    /// the limit is the depth-1 min-distance interpolant θ_S + X⁺(y − Xθ_S).
    /// </summary>
    public static double[] OnlyFirstLayerTrained(Matrix x, double[] y, double[] sourceTheta)
        => DeepFineTuningSolution.Compute(x, y, sourceTheta, 1).Theta;
}
