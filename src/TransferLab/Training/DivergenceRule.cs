namespace TransferLab.Training;

/// <summary>
/// When a training run has diverged (docs/architecture.md, "Divergence"): its loss is not finite, or it has grown past
/// <see cref="GrowthFactor"/> times the loss it started from. Gradient descent with a stable step never raises the loss
/// (a descent method), and a transient rise of a catapult phase stays within a few orders of magnitude; a growth by 10⁶
/// means the step exceeds the stability limit 2/λ_max and the iterates escape geometrically (`simulate relu --lr 1000`
/// reached a test MSE of 1.6·10¹⁰¹). A diverged run's numbers are withheld, not averaged.
/// </summary>
public static class DivergenceRule
{
    /// <summary>Growth of the loss over its starting value that counts as divergence.</summary>
    public const double GrowthFactor = 1e6;

    /// <summary>Whether <paramref name="loss"/> has diverged from <paramref name="initialLoss"/> (a start at 0 only by non-finiteness).</summary>
    public static bool HasDiverged(double loss, double initialLoss) =>
        !double.IsFinite(loss) || (initialLoss > 0 && double.IsFinite(initialLoss) && loss > GrowthFactor * initialLoss);
}
