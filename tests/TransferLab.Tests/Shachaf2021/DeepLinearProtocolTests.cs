using TransferLab.Tests.Models;
using TransferLab.Data;
using TransferLab.Models;
using TransferLab.Numerics;
using TransferLab.Theory.Shachaf2021;
using TransferLab.Training;
using TransferLab.Validation;

namespace TransferLab.Tests.Shachaf2021;

/// <summary>Protocols against Tahir et al.'s gradient-flow theorems (3.4, 3.5) and closed forms.</summary>
public class DeepLinearProtocolTests
{
    [Fact]
    public void ScratchFromSmallInitReachesTheMinNormInterpolant()
    {
        // Theorem 3.5: the α → 0 limit is X⁺y; at α = 1e-3 the deviation is O(α²)-small.
        var data = DeepLinearTestData.Draw(d: 10, n: 4, sigma: 0.2, seed: 7);
        var loss = new EmpiricalSquaredLoss(data.X, data.Y);
        var init = DeepLinearNetworkInit.Random(10, 2, [10], 1e-3, DeepLinearInitKind.Gaussian, new Rng(2));
        double eta = DeepLinearGradientFlow.SuggestStep(loss, 2, 2.0, 0.2);
        var result = DeepLinearProtocols.Scratch(init, loss, new DeepLinearTrainingOptions(eta, MaxSteps: 400_000, RelativeGradientTolerance: 1e-9));
        Assert.True(result.Converged);
        var minNorm = DeepLinearTestData.MinDistanceInterpolant(data.X, data.Y, new double[10]);
        Assert.True(DeepLinearTestData.Distance(result.EndToEnd, minNorm) < 1e-3 * Vec.Norm(minNorm));
    }

    [Fact]
    public void PopulationPretrainingFromSmallInitGivesBalancedRankOneFeatures()
    {
        // Lemma 3.3 + Theorem 3.4: β → β_s and W₁ becomes rank one along β_s with singular value ‖β_s‖^{1/L}.
        var rng = new Rng(9);
        var source = rng.UnitVector(12);
        var init = DeepLinearNetworkInit.Random(12, 2, [12], 1e-3, DeepLinearInitKind.Gaussian, rng);
        var loss = new PopulationSquaredLoss(source);
        var result = DeepLinearProtocols.Pretrain(init, loss, new DeepLinearTrainingOptions(0.1, MaxSteps: 100_000, RelativeGradientTolerance: 1e-10));
        Assert.True(result.Converged);
        Assert.True(Vec.MaxAbsDiff(result.EndToEnd, source) < 1e-8);
        var s = LinearAlgebra.Svd(result.Network.Layers[0]).S;
        Assert.Equal(1.0, s[0], 6);
        Assert.True(s[1] < 1e-2, $"second singular value {s[1]}");
        var u = LinearAlgebra.Svd(result.Network.Layers[0]).U.Column(0);
        Assert.Equal(1.0, Math.Abs(Vec.Dot(u, source)), 6);
        Assert.True(result.Imbalance < 1e-4);
    }

    [Fact]
    public void LinearTransferRefitsTheReadoutAlongTheSource()
    {
        // Features span{θ_S}: the model is b·θ_S with b the 1-D least-squares coefficient zᵀy/‖z‖², z = Xθ_S,
        // or zᵀy/(‖z‖² + nλ) with a ridge penalty (Theorems 3.7, 3.8).
        var data = DeepLinearTestData.Draw(d: 15, n: 8, sigma: 0.4, seed: 12);
        var net = DeepLinearNetworkInit.BalancedRankOne(data.S, 3, [7], new Rng(1));
        var loss = new EmpiricalSquaredLoss(data.X, data.Y);
        var z = LinearAlgebra.Multiply(data.X, data.S);
        foreach (double lambda in new[] { 0.0, 0.3 })
        {
            var lt = DeepLinearProtocols.LinearTransfer(net, loss, lambda);
            double b = Vec.Dot(z, data.Y) / (Vec.NormSquared(z) + 8 * lambda);
            Assert.True(Vec.MaxAbsDiff(lt.EndToEnd, Vec.Scaled(data.S, b)) < 1e-10);
        }
        Assert.Throws<ParameterException>(() => DeepLinearProtocols.LinearTransfer(DeepLinearNetworkInit.BalancedRankOne(data.S, 1, null, new Rng(1)), loss));
    }

    [Fact]
    public void IsotropicDeterministicEquivalentMatchesMonteCarloOfTheExactLimit()
    {
        // docs/shachaf2021.md §2.2 items 4–5: E risk ≈ (1 − n/d)‖c_Lθ_S − θ_T‖² + σ²n/(d − n − 1), with c_L from averaged norms.
        const int d = 300, n = 40, draws = 60;
        const double sigma = 0.3;
        foreach (double depth in new[] { 1.0, 3.0, double.PositiveInfinity })
        {
            var risks = new double[draws];
            double sNorm2 = 0, tNorm2 = 0, inner = 0;
            for (int k = 0; k < draws; k++)
            {
                var rng = SeedSequence.For(77, k);
                var pair = LinearTeacherPair.ScaledNoisyCopy(d, 1.8, 0.3, rng);
                var x = rng.GaussianMatrix(n, d);
                var y = LinearAlgebra.Multiply(x, pair.Target);
                for (int i = 0; i < n; i++) y[i] += sigma * rng.NextGaussian();
                risks[k] = DeepFineTuningSolution.PopulationRisk(DeepFineTuningSolution.Compute(x, y, pair.Source, depth).Theta, pair.Target);
                sNorm2 += Vec.NormSquared(pair.Source) / draws; tNorm2 += Vec.NormSquared(pair.Target) / draws; inner += Vec.Dot(pair.Source, pair.Target) / draws;
            }
            double mean = risks.Average(), se = Math.Sqrt(risks.Select(r => (r - mean) * (r - mean)).Sum() / (draws - 1) / draws);
            var (theory, _) = DeepFineTuningSolution.IsotropicAsymptoticRisk(n, d, sNorm2, tNorm2, inner, sigma, depth);
            Assert.True(Math.Abs(mean - theory) < 3 * se + 0.03 * theory, $"L = {depth}: MC {mean} ± {se} vs {theory}");
        }
    }

    [Fact]
    public void ScaledCopyIsRecoveredExactlyAtInfiniteDepth()
    {
        // docs/shachaf2021.md §2.2 item 6: θ_T = αθ_S, σ = 0 → c_∞ = α and θ_FT(∞) = θ_T; finite-depth risk decreases with L.
        var rng = new Rng(31);
        var s = rng.UnitVector(30);
        var t = Vec.Scaled(s, 2.5);
        var x = rng.GaussianMatrix(5, 30);
        var y = LinearAlgebra.Multiply(x, t);
        var inf = DeepFineTuningSolution.Compute(x, y, s, double.PositiveInfinity);
        Assert.True(DeepLinearTestData.Distance(inf.Theta, t) < 1e-10);
        double previous = double.PositiveInfinity;
        foreach (double depth in new[] { 1.0, 2, 3, 5, 10 })
        {
            double risk = DeepFineTuningSolution.PopulationRisk(DeepFineTuningSolution.Compute(x, y, s, depth).Theta, t);
            Assert.True(risk < previous);
            previous = risk;
        }
    }
}
