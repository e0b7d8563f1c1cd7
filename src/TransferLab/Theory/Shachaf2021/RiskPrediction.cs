namespace TransferLab.Theory.Shachaf2021;

/// <summary>
/// A predicted expected excess population risk E‖θ̂ − θ_T‖²_Σ split into bias and variance (add σ² for
/// the risk on noisy labels). <see cref="Method"/> names the formula used.
/// </summary>
public sealed record RiskPrediction(int N, string Method, double Bias, double Variance)
{
    /// <summary>Bias + variance.</summary>
    public double Excess => Bias + Variance;
}
