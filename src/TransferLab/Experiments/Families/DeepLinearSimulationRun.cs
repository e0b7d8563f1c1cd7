using TransferLab.Data;
using TransferLab.Models;
using TransferLab.Numerics;
using TransferLab.Theory.Shachaf2021;
using TransferLab.Theory.Tahir2024;
using TransferLab.Training;

namespace TransferLab.Experiments.Families;

/// <summary>One gradient-descent run of the deep-linear simulation and the exact gradient-flow limit on the same data.</summary>
public static class DeepLinearSimulationRun
{
    /// <summary>What one run of the deep-linear simulation trains, and how.</summary>
    /// <param name="D">Input dimension d.</param>
    /// <param name="N">Target samples n.</param>
    /// <param name="Overlap">cos θ = β_s·β_t of the unit teachers.</param>
    /// <param name="Sigma">Target label noise σ.</param>
    /// <param name="Depth">Number of weight matrices L.</param>
    /// <param name="Widths">Hidden widths k₁,…,k_{L−1} (validated).</param>
    /// <param name="Protocol">The transfer protocol.</param>
    /// <param name="FrozenLayers">Leading layers held fixed by <see cref="DeepLinearProtocol.Frozen"/>.</param>
    /// <param name="BalancedPretraining">
    /// True: the source network is the exact balanced rank-one network with product β_s (Shachaf et al. §4); false: gradient
    /// descent on the source loss from <paramref name="InitScale"/> (Tahir et al. Theorem 3.4).
    /// </param>
    /// <param name="InitScale">Initialisation scale of scratch training and of population pretraining.</param>
    /// <param name="Lambda">Readout ridge λ of linear transfer.</param>
    /// <param name="StepFraction">Gradient-descent step as a fraction of the stability scale.</param>
    /// <param name="MaxSteps">Gradient-descent step budget.</param>
    /// <param name="Covariance">Diagonal input covariance Σ; null = Σ = I.</param>
    /// <param name="Source">Finite source set (Tahir et al. App. C); null = population pretraining.</param>
    public sealed record Settings(int D, int N, double Overlap, double Sigma, int Depth, int[] Widths, DeepLinearProtocol Protocol,
        int FrozenLayers, bool BalancedPretraining, double InitScale, double Lambda, double StepFraction, int MaxSteps,
        CovarianceModel? Covariance = null, FiniteSource? Source = null);

    /// <summary>Result of one run.</summary>
    /// <param name="Risk">Excess target risk of the gradient-descent solution.</param>
    /// <param name="LimitRisk">Excess target risk of the exact gradient-flow limit on the same data.</param>
    /// <param name="DistanceToLimit">‖β_GD − β_limit‖.</param>
    /// <param name="Converged">Whether gradient descent met its stopping criterion within the step budget.</param>
    /// <param name="Steps">Gradient-descent steps taken.</param>
    /// <param name="Imbalance">Final layer imbalance max_l ‖W_lᵀW_l − W_{l+1}W_{l+1}ᵀ‖_F (conserved by the flow).</param>
    /// <param name="Theory">For a non-isotropic Σ with infinite source data: the deterministic-equivalent risk of this protocol on this run's teachers.</param>
    /// <param name="Diverged">Pretraining or training diverged (<see cref="DivergenceRule"/>): the run's risk is meaningless.</param>
    /// <param name="HitStepCap">Gradient descent used its whole step budget without meeting the stopping rule.</param>
    public sealed record Outcome(double Risk, double LimitRisk, double DistanceToLimit, bool Converged, int Steps, double Imbalance, double? Theory = null,
        bool Diverged = false, bool HitStepCap = false);

    /// <summary>
    /// Draws teachers at the overlap, a design and labels, trains under the protocol and compares with its limit.
    /// The covariance (diagonal; null = Σ = I) sets the input law of the target and source data, the population
    /// pretraining loss ½‖β − β_s‖²_Σ and the risk norm; a finite source replaces population pretraining by pretraining
    /// on n_s = round(α_s·d) source samples (balanced: the exact rank-one network of the min-norm fit X_s⁺y_s; population:
    /// gradient descent from the init scale on the empirical source loss).
    /// </summary>
    public static Outcome Run(Settings s, Rng rng)
    {
        int d = s.D, n = s.N, depth = s.Depth;
        var covariance = s.Covariance;
        var pair = OverlapTeacherPair.Draw(d, s.Overlap, rng);
        var x = covariance is null ? rng.GaussianMatrix(n, d) : covariance.Sample(n, rng);
        var y = LinearAlgebra.Multiply(x, pair.Target);
        for (int i = 0; i < n; i++) y[i] += s.Sigma * rng.NextGaussian();
        var loss = new EmpiricalSquaredLoss(x, y);
        double normScale = Math.Max(1.0, Vec.Norm(LinearAlgebra.LeastSquares(x, y)));
        var options = new DeepLinearTrainingOptions(DeepLinearGradientFlow.SuggestStep(loss, depth, normScale, s.StepFraction), s.MaxSteps, 1e-9);

        bool preDiverged = false;
        DeepLinearNetwork Pretrained()
        {
            IEndToEndLoss sourceLoss;
            double[] sourceEnd = pair.Source;
            if (s.Source is null) sourceLoss = new PopulationSquaredLoss(pair.Source, covariance?.Eigenvalues);
            else
            {
                int ns = s.Source.SampleCount(d);
                var xs = covariance is null ? rng.GaussianMatrix(ns, d) : covariance.Sample(ns, rng);
                var ys = LinearAlgebra.Multiply(xs, pair.Source);
                for (int i = 0; i < ns; i++) ys[i] += s.Source.Sigma * rng.NextGaussian();
                sourceLoss = new EmpiricalSquaredLoss(xs, ys);
                sourceEnd = LinearAlgebra.LeastSquares(xs, ys); // Theorem 3.5 on the source: the min-norm fit
            }
            if (s.BalancedPretraining) return DeepLinearNetworkInit.BalancedRankOne(sourceEnd, depth, s.Widths, rng);
            var init = DeepLinearNetworkInit.Random(d, depth, s.Widths, s.InitScale, DeepLinearInitKind.Gaussian, rng);
            double scale = Math.Max(1.0, Vec.Norm(sourceEnd));
            var fit = DeepLinearProtocols.Pretrain(init, sourceLoss, options with { StepSize = DeepLinearGradientFlow.SuggestStep(sourceLoss, depth, scale, s.StepFraction) });
            preDiverged = fit.Diverged;
            return fit.Network;
        }

        DeepLinearTrainingResult trained;
        double[] limit;
        switch (s.Protocol)
        {
            case DeepLinearProtocol.Scratch:
                trained = DeepLinearProtocols.Scratch(DeepLinearNetworkInit.Random(d, depth, s.Widths, s.InitScale, DeepLinearInitKind.Gaussian, rng), loss, options);
                limit = LinearAlgebra.LeastSquares(x, y); // Tahir et al. Theorem 3.5
                break;
            case DeepLinearProtocol.LinearTransfer:
            {
                var pre = Pretrained();
                trained = DeepLinearProtocols.LinearTransfer(pre, loss, s.Lambda);
                var theta = pre.EndToEnd();
                var z = LinearAlgebra.Multiply(x, theta);
                limit = Vec.Scaled(theta, Vec.Dot(z, y) / (Vec.NormSquared(z) + n * s.Lambda)); // Theorems 3.7/3.8
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
                trained = DeepLinearProtocols.FineTuneFrozen(pre, loss, s.FrozenLayers, options);
                limit = FrozenLayerSolution.FirstLayerFrozen(x, y, pre.EndToEnd()); // W₁ frozen ⇒ g*·θ_S
                break;
            }
        }
        var beta = trained.EndToEnd;
        bool diverged = preDiverged || trained.Diverged;
        bool capped = trained.HitStepCap && s.Protocol != DeepLinearProtocol.LinearTransfer;
        if (covariance is null)
            return new Outcome(DeepFineTuningSolution.PopulationRisk(beta, pair.Target), DeepFineTuningSolution.PopulationRisk(limit, pair.Target),
                Vec.Norm(Vec.Subtract(beta, limit)), trained.Converged, trained.Steps, trained.Imbalance, null, diverged, capped);
        var task = LinearTask.Create(covariance, pair, s.Sigma);
        double? theory = null;
        if (s.Source is null)
        {
            var t = AnisotropicTransferTheory.Predict(task, n, depth, s.Lambda);
            theory = s.Protocol switch
            {
                DeepLinearProtocol.Scratch => t.Scratch,
                DeepLinearProtocol.LinearTransfer => s.Lambda > 0 ? t.LinearTransfer : t.LinearTransferFiniteN,
                DeepLinearProtocol.FineTune => t.FineTuneDepth,
                _ => t.FrozenFirstLayerFloor,
            };
        }
        return new Outcome(task.ExcessRisk(beta), task.ExcessRisk(limit), Vec.Norm(Vec.Subtract(beta, limit)), trained.Converged, trained.Steps, trained.Imbalance, theory,
            diverged, capped);
    }
}
