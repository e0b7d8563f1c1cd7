using TransferLab.Models;
using TransferLab.Numerics;
using TransferLab.Theory.FeaturesAreFate;
using TransferLab.Theory.FineTuningLinearTeachers;
using TransferLab.Training;

namespace TransferLab.Cli.Commands;

/// <summary>One gradient-descent run of <c>simulate deep-linear</c> and the exact gradient-flow limit on the same data.</summary>
public static class DeepLinearSimulationRun
{
    /// <summary>Result of one run.</summary>
    public sealed record Outcome(double Risk, double LimitRisk, double DistanceToLimit, bool Converged, int Steps, double Imbalance);

    /// <summary>Draws teachers at the overlap, a design and labels, trains under the protocol and compares with its limit.</summary>
    public static Outcome Run(int d, int n, double overlap, double sigma, int depth, int[] widths, DeepLinearProtocol protocol, int frozenLayers,
        string pretrain, double initScale, double lambda, double stepFraction, int maxSteps, Rng rng)
    {
        var pair = OverlapTeacherPair.Draw(d, overlap, rng);
        var x = rng.GaussianMatrix(n, d);
        var y = LinearAlgebra.Multiply(x, pair.Target);
        for (int i = 0; i < n; i++) y[i] += sigma * rng.NextGaussian();
        var loss = new EmpiricalSquaredLoss(x, y);
        double normScale = Math.Max(1.0, Vec.Norm(LinearAlgebra.LeastSquares(x, y)));
        var options = new DeepLinearTrainingOptions(DeepLinearGradientFlow.SuggestStep(loss, depth, normScale, stepFraction), maxSteps, 1e-9);

        DeepLinearNetwork Pretrained()
        {
            if (pretrain == "balanced") return DeepLinearNetworkInit.BalancedRankOne(pair.Source, depth, widths, rng);
            var init = DeepLinearNetworkInit.Random(d, depth, widths, initScale, DeepLinearInitKind.Gaussian, rng);
            var source = new PopulationSquaredLoss(pair.Source);
            return DeepLinearProtocols.Pretrain(init, source, options with { StepSize = DeepLinearGradientFlow.SuggestStep(source, depth, 1.0, stepFraction) }).Network;
        }

        DeepLinearTrainingResult trained;
        double[] limit;
        switch (protocol)
        {
            case DeepLinearProtocol.Scratch:
                trained = DeepLinearProtocols.Scratch(DeepLinearNetworkInit.Random(d, depth, widths, initScale, DeepLinearInitKind.Gaussian, rng), loss, options);
                limit = LinearAlgebra.LeastSquares(x, y); // Tahir et al. Theorem 3.5
                break;
            case DeepLinearProtocol.LinearTransfer:
            {
                var pre = Pretrained();
                trained = DeepLinearProtocols.LinearTransfer(pre, loss, lambda);
                var theta = pre.EndToEnd();
                var z = LinearAlgebra.Multiply(x, theta);
                limit = Vec.Scaled(theta, Vec.Dot(z, y) / (Vec.NormSquared(z) + n * lambda)); // Theorems 3.7/3.8
                break;
            }
            case DeepLinearProtocol.FineTune:
            {
                var pre = Pretrained();
                trained = DeepLinearProtocols.FineTune(pre, loss, options);
                limit = DeepFineTuningSolution.Compute(x, y, pre.EndToEnd(), depth).Theta; // c_L law
                break;
            }
            default:
            {
                var pre = Pretrained();
                trained = DeepLinearProtocols.FineTuneFrozen(pre, loss, frozenLayers, options);
                limit = FrozenLayerSolution.FirstLayerFrozen(x, y, pre.EndToEnd()); // W₁ frozen ⇒ g*·θ_S
                break;
            }
        }
        var beta = trained.EndToEnd;
        return new Outcome(DeepFineTuningSolution.PopulationRisk(beta, pair.Target), DeepFineTuningSolution.PopulationRisk(limit, pair.Target),
            Vec.Norm(Vec.Subtract(beta, limit)), trained.Converged, trained.Steps, trained.Imbalance);
    }
}
