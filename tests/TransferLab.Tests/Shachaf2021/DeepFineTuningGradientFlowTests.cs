using TransferLab.Tests.Models;
using TransferLab.Models;
using TransferLab.Numerics;
using TransferLab.Theory.Shachaf2021;
using TransferLab.Training;

namespace TransferLab.Tests.Shachaf2021;

/// <summary>Real layer-wise gradient descent against the exact limits (Shachaf et al. §4; docs/shachaf2021.md §2.2–2.3).</summary>
public class DeepFineTuningGradientFlowTests
{
    private static DeepLinearTrainingResult FineTune(int depth, double stepFraction, (Matrix X, double[] Y, double[] S, double[] T) data, bool[]? trainable = null)
    {
        var net = DeepLinearNetworkInit.BalancedRankOne(data.S, depth, [6], new Rng(5));
        var loss = new EmpiricalSquaredLoss(data.X, data.Y);
        double eta = DeepLinearGradientFlow.SuggestStep(loss, depth, 2.0, stepFraction);
        return DeepLinearGradientFlow.Train(net, loss, new DeepLinearTrainingOptions(eta, MaxSteps: 400_000, RelativeGradientTolerance: 1e-9, Trainable: trainable));
    }

    [Fact]
    public void DepthOneIsTheMinDistanceInterpolant()
    {
        var data = DeepLinearTestData.Draw(d: 10, n: 4, sigma: 0.3, seed: 21);
        var gd = FineTune(1, 0.5, data);
        Assert.True(gd.Converged);
        var exact = DeepLinearTestData.MinDistanceInterpolant(data.X, data.Y, data.S);
        Assert.True(DeepLinearTestData.Distance(gd.EndToEnd, exact) < 1e-7);
        Assert.True(DeepLinearTestData.Distance(DeepFineTuningSolution.Compute(data.X, data.Y, data.S, 1).Theta, exact) < 1e-10);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void GradientDescentApproachesTheCLawLinearlyInTheStep(int depth)
    {
        // The GD-vs-flow error is O(η): halving η roughly halves it, and it is ≤ C·η with C stated here.
        var data = DeepLinearTestData.Draw(d: 10, n: 4, sigma: 0.2, seed: 33);
        var exact = DeepFineTuningSolution.Compute(data.X, data.Y, data.S, depth);
        var coarse = FineTune(depth, 0.2, data);
        var fine = FineTune(depth, 0.1, data);
        Assert.True(coarse.Converged && fine.Converged);
        double eCoarse = DeepLinearTestData.Distance(coarse.EndToEnd, exact.Theta);
        double eFine = DeepLinearTestData.Distance(fine.EndToEnd, exact.Theta);
        var loss = new EmpiricalSquaredLoss(data.X, data.Y);
        double eta = DeepLinearGradientFlow.SuggestStep(loss, depth, 2.0, 0.1);
        Assert.True(eFine < 1.0 * eta * Vec.Norm(exact.Theta), $"error {eFine} at η = {eta}");
        Assert.InRange(eCoarse / eFine, 1.6, 2.5);
        // Richardson extrapolation to η → 0 removes the first-order error.
        var extrapolated = Vec.Subtract(Vec.Scaled(fine.EndToEnd, 2), coarse.EndToEnd);
        Assert.True(DeepLinearTestData.Distance(extrapolated, exact.Theta) < 0.2 * eFine);
        // The null-space component is c·Qθ_S (item 1 of the theorem), with c = c_L.
        var q = DeepLinearTestData.NullSpacePart(data.X, data.S);
        var qFine = DeepLinearTestData.NullSpacePart(data.X, fine.EndToEnd);
        double cGd = Vec.Dot(qFine, q) / Vec.NormSquared(q);
        Assert.Equal(exact.ScaleFactor, cGd, 2);
        Assert.NotEqual(1.0, exact.ScaleFactor, 2); // depth really rescales the source here
    }

    [Fact]
    public void FrozenFirstLayerOnlyRescalesTheSource()
    {
        var data = DeepLinearTestData.Draw(d: 10, n: 6, sigma: 0.1, seed: 44);
        var gd = FineTune(3, 0.2, data, trainable: [false, true, true]);
        Assert.True(gd.Converged);
        var exact = FrozenLayerSolution.FirstLayerFrozen(data.X, data.Y, data.S);
        Assert.True(DeepLinearTestData.Distance(gd.EndToEnd, exact) < 1e-6);
        // parallel to θ_S, so its risk is at least the n-independent floor min_g ‖gθ_S − θ_T‖²
        double risk = DeepFineTuningSolution.PopulationRisk(gd.EndToEnd, data.T);
        double floor = FrozenLayerSolution.RiskFloor(data.S, data.T);
        double gBest = Vec.Dot(data.S, data.T) / Vec.NormSquared(data.S);
        Assert.Equal(DeepFineTuningSolution.PopulationRisk(Vec.Scaled(data.S, gBest), data.T), floor, 12);
        Assert.True(risk >= floor - 1e-12);
    }

    [Fact]
    public void TrainingOnlyTheFirstLayerIsLinearFineTuning()
    {
        var data = DeepLinearTestData.Draw(d: 10, n: 4, sigma: 0.3, seed: 45);
        var gd = FineTune(3, 0.3, data, trainable: [true, false, false]);
        Assert.True(gd.Converged);
        Assert.True(DeepLinearTestData.Distance(gd.EndToEnd, DeepLinearTestData.MinDistanceInterpolant(data.X, data.Y, data.S)) < 1e-6);
    }

    [Fact]
    public void OrthogonalTargetWithFrozenFirstLayerFailsCompletely()
    {
        // θ_T ⊥ θ_S: the frozen-W₁ floor is ‖θ_T‖², the risk of predicting zero, for every n.
        var rng = new Rng(8);
        int d = 40;
        var s = rng.UnitVector(d);
        var t = rng.Gaussian(d);
        Vec.Axpy(-Vec.Dot(t, s), s, t);
        Assert.Equal(Vec.NormSquared(t), FrozenLayerSolution.RiskFloor(s, t), 12);
        foreach (int n in new[] { 5, 20, 200 })
        {
            var x = rng.GaussianMatrix(n, d);
            var y = LinearAlgebra.Multiply(x, t);
            var frozen = FrozenLayerSolution.FirstLayerFrozen(x, y, s);
            Assert.True(DeepFineTuningSolution.PopulationRisk(frozen, t) >= Vec.NormSquared(t) - 1e-12);
        }
    }
}

/// <summary>The sign question of the frozen-W₁ limit (docs/shachaf2021.md §2.3 warns of a stall at g = 0 when g* &lt; 0).</summary>
public class FrozenSignTests
{
    [Fact]
    public void FrozenFirstLayerReachesANegativeScaleWithWideHiddenLayers()
    {
        // Target anti-aligned with the source: g* < 0. With hidden width 4 both the readout-only and the
        // W₂,W₃-trainable runs reach g*·θ_S: the trainable product is not confined to a scalar path.
        var rng = new Rng(61);
        int d = 10, n = 6;
        var s = rng.UnitVector(d);
        var t = Vec.Scaled(s, -0.8);
        var x = rng.GaussianMatrix(n, d);
        var y = LinearAlgebra.Multiply(x, t);
        var net = DeepLinearNetworkInit.BalancedRankOne(s, 3, [4], rng);
        var loss = new EmpiricalSquaredLoss(x, y);
        double eta = DeepLinearGradientFlow.SuggestStep(loss, 3, 1.0, 0.2);
        var limit = FrozenLayerSolution.FirstLayerFrozen(x, y, s);
        Assert.True(Vec.Dot(limit, s) < 0);
        foreach (var mask in new[] { new[] { false, false, true }, new[] { false, true, true } })
        {
            var r = DeepLinearGradientFlow.Train(net, loss, new DeepLinearTrainingOptions(eta, 100_000, 1e-9, Trainable: mask));
            Assert.True(r.Converged);
            Assert.True(Vec.MaxAbsDiff(r.EndToEnd, limit) < 1e-5);
        }
    }
}
