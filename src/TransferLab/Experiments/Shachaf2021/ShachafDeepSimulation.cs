using TransferLab.Models;
using TransferLab.Numerics;
using TransferLab.Training;

namespace TransferLab.Experiments.Shachaf2021;

/// <summary>
/// Gradient descent of a balanced rank-one pretrained network on one target design, as used by the Shachaf
/// deep-linear figures: the simulation side that the c_L theory is checked against.
/// </summary>
public static class ShachafDeepSimulation
{
    /// <summary>GD step as a fraction of the stability scale; the GD-vs-flow error is O(step).</summary>
    public const double StepFraction = 0.1;

    /// <summary>Fine-tunes (all layers, or those in <paramref name="trainable"/>) from balanced weights with product θ_S; returns the end-to-end vector and convergence.</summary>
    public static (double[] Theta, bool Converged) FineTune(double[] sourceTheta, Matrix x, double[] y, int depth, Rng rng, bool[]? trainable = null)
    {
        var net = DeepLinearNetworkInit.BalancedRankOne(sourceTheta, depth, null, rng);
        var loss = new EmpiricalSquaredLoss(x, y);
        double scale = Math.Max(Math.Max(Vec.Norm(sourceTheta), Vec.Norm(LinearAlgebra.LeastSquares(x, y))), 1.0);
        var options = new DeepLinearTrainingOptions(DeepLinearGradientFlow.SuggestStep(loss, depth, scale, StepFraction), 300_000, 1e-9, Trainable: trainable);
        var r = DeepLinearGradientFlow.Train(net, loss, options);
        return (r.EndToEnd, r.Converged);
    }
}
