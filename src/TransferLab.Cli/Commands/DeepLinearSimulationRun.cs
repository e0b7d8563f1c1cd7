using TransferLab.Data;
using TransferLab.Models;
using TransferLab.Numerics;
using TransferLab.Theory.Tahir2024;
using TransferLab.Theory.Shachaf2021;
using TransferLab.Training;

namespace TransferLab.Cli.Commands;

/// <summary>One gradient-descent run of <c>simulate deep-linear</c> and the exact gradient-flow limit on the same data.</summary>
public static class DeepLinearSimulationRun
{
    /// <summary>Result of one run.</summary>
    /// <param name="Risk">Excess target risk of the gradient-descent solution.</param>
    /// <param name="LimitRisk">Excess target risk of the exact gradient-flow limit on the same data.</param>
    /// <param name="DistanceToLimit">‖β_GD − β_limit‖.</param>
    /// <param name="Converged">Whether gradient descent met its stopping criterion within the step budget.</param>
    /// <param name="Steps">Gradient-descent steps taken.</param>
    /// <param name="Imbalance">Final layer imbalance max_l ‖W_lᵀW_l − W_{l+1}W_{l+1}ᵀ‖_F (conserved by the flow).</param>
    /// <param name="Theory">For a non-isotropic Σ with infinite source data: the deterministic-equivalent risk of this protocol on this run's teachers.</param>
    public sealed record Outcome(double Risk, double LimitRisk, double DistanceToLimit, bool Converged, int Steps, double Imbalance, double? Theory = null);

    /// <summary>
    /// Draws teachers at the overlap, a design and labels, trains under the protocol and compares with its limit.
    /// <paramref name="covariance"/> (diagonal; null = Σ = I) sets the input law of the target and source data, the population
    /// pretraining loss ½‖β − β_s‖²_Σ and the risk norm; <paramref name="source"/> replaces population pretraining by pretraining
    /// on n_s = round(α_s·d) source samples (balanced: the exact rank-one network of the min-norm fit X_s⁺y_s; population: gradient
    /// descent from <paramref name="initScale"/> on the empirical source loss).
    /// </summary>
    public static Outcome Run(int d, int n, double overlap, double sigma, int depth, int[] widths, DeepLinearProtocol protocol, int frozenLayers,
        string pretrain, double initScale, double lambda, double stepFraction, int maxSteps, Rng rng, CovarianceModel? covariance = null, FiniteSource? source = null)
    {
        var pair = OverlapTeacherPair.Draw(d, overlap, rng);
        var x = covariance is null ? rng.GaussianMatrix(n, d) : covariance.Sample(n, rng);
        var y = LinearAlgebra.Multiply(x, pair.Target);
        for (int i = 0; i < n; i++) y[i] += sigma * rng.NextGaussian();
        var loss = new EmpiricalSquaredLoss(x, y);
        double normScale = Math.Max(1.0, Vec.Norm(LinearAlgebra.LeastSquares(x, y)));
        var options = new DeepLinearTrainingOptions(DeepLinearGradientFlow.SuggestStep(loss, depth, normScale, stepFraction), maxSteps, 1e-9);

        DeepLinearNetwork Pretrained()
        {
            IEndToEndLoss sourceLoss;
            double[] sourceEnd = pair.Source;
            if (source is null) sourceLoss = new PopulationSquaredLoss(pair.Source, covariance?.Eigenvalues);
            else
            {
                int ns = source.SampleCount(d);
                var xs = covariance is null ? rng.GaussianMatrix(ns, d) : covariance.Sample(ns, rng);
                var ys = LinearAlgebra.Multiply(xs, pair.Source);
                for (int i = 0; i < ns; i++) ys[i] += source.Sigma * rng.NextGaussian();
                sourceLoss = new EmpiricalSquaredLoss(xs, ys);
                sourceEnd = LinearAlgebra.LeastSquares(xs, ys); // Theorem 3.5 on the source: the min-norm fit
            }
            if (pretrain == "balanced") return DeepLinearNetworkInit.BalancedRankOne(sourceEnd, depth, widths, rng);
            var init = DeepLinearNetworkInit.Random(d, depth, widths, initScale, DeepLinearInitKind.Gaussian, rng);
            double scale = Math.Max(1.0, Vec.Norm(sourceEnd));
            return DeepLinearProtocols.Pretrain(init, sourceLoss, options with { StepSize = DeepLinearGradientFlow.SuggestStep(sourceLoss, depth, scale, stepFraction) }).Network;
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
        if (covariance is null)
            return new Outcome(DeepFineTuningSolution.PopulationRisk(beta, pair.Target), DeepFineTuningSolution.PopulationRisk(limit, pair.Target),
                Vec.Norm(Vec.Subtract(beta, limit)), trained.Converged, trained.Steps, trained.Imbalance);
        var task = LinearTask.Create(covariance, pair, sigma);
        double? theory = null;
        if (source is null)
        {
            var t = AnisotropicTransferTheory.Predict(task, n, depth, lambda);
            theory = protocol switch
            {
                DeepLinearProtocol.Scratch => t.Scratch,
                DeepLinearProtocol.LinearTransfer => lambda > 0 ? t.LinearTransfer : t.LinearTransferFiniteN,
                DeepLinearProtocol.FineTune => t.FineTuneDepth,
                _ => t.FrozenFirstLayerFloor,
            };
        }
        return new Outcome(task.ExcessRisk(beta), task.ExcessRisk(limit), Vec.Norm(Vec.Subtract(beta, limit)), trained.Converged, trained.Steps, trained.Imbalance, theory);
    }
}
