using TransferLab.Experiments;
using TransferLab.Experiments.Families;
using TransferLab.Models;
using TransferLab.Numerics;
using TransferLab.Schema;
using TransferLab.Theory.Anguita2026;
using TransferLab.Theory.Tahir2024;
using TransferLab.Training;

namespace TransferLab.Tests.Experiments;

/// <summary>
/// Numerical honesty (issue 16, item 4): limits where a computation would overflow or divide 0 by 0, labels that say
/// where they hold, divergence detected instead of averaged. Every expectation is an independent closed form or limit.
/// </summary>
public class NumericalHonestyTests
{
    [Fact]
    public void RegimeAtAnOverflowingGammaIsTheGammaToInfinityLimit()
    {
        // γ_FT = 1e308: γ²/2 overflows. The limit γ → ∞ (docs/anguita2026.md §2.2): c_FT → ∞ on every coordinate, φ → b²/(4c),
        // so ℓ → 2, m → 0 (PD → 0) and φ_{c_I}/φ_{c_A} → c_A/c_I = (2(c+λ)·(…) + γ²/2)/(2(c+λ) + γ²/2) → 1: regime III.
        var r = RegimeClassifier.Classify(new DiagonalInitialization(1, 0, 1e308));
        Assert.Equal(FineTuningRegime.LazyPretrainingIndependent, r.Regime);
        Assert.Equal(2, r.LOrder);
        Assert.Equal(0, r.Dependence);
        Assert.Equal(1, r.CostRatio, 12);
        Assert.NotNull(r.Limit);
        // At a large finite γ the lazy closed form holds: ratio = c_A/c_I with c_A = (c+λ)(1 + √(1 + (β/c)²)) + γ²/2, c_I = 2(c+λ) + γ²/2.
        double g = 1e3, half = g * g / 2;
        var finite = RegimeClassifier.Classify(new DiagonalInitialization(1, 0, g));
        double expected = (1 + Math.Sqrt(2) + half) / (2 + half);
        Assert.Equal(expected, finite.CostRatio, 9);
        Assert.Null(finite.Limit);
        // And far beyond the underflow of (β/c_FT)² but below the overflow: still finite, still the closed form.
        var huge = RegimeClassifier.Classify(new DiagonalInitialization(1, 0, 1e153));
        Assert.Equal(1, huge.CostRatio, 12);
        Assert.True(double.IsFinite(huge.ScaleOnPretrainedFeature));
    }

    [Fact]
    public void RegimeLabelSaysTheBetaFtRangeOverWhichItHolds()
    {
        // The issue's example: c_PT = 1e-3, λ = 0, γ = 0 is II at |β_FT| = 1 and IV at 10.
        var init = new DiagonalInitialization(1e-3, 0, 0);
        var at1 = RegimeClassifier.Classify(init, 1, 1);
        var at10 = RegimeClassifier.Classify(init, 1, 10);
        Assert.Equal("II", at1.Numeral);
        Assert.Equal("IV", at10.Numeral);
        Assert.Equal(at1.Bands, at10.Bands);
        Assert.True(at1.LOrderMargin > 0 && at10.LOrderMargin < 0);
        // The II → IV edge is where ℓ = 1.5, computed here from φ itself (ℓ = b φ'(b)/φ(b), §2.3) at c_A = c_FT(β̂_PT = 1).
        double cA = init.FineTuneScale(1);
        double edge = at1.HoldingBand!.BetaFtTo;
        Assert.Equal(edge, at10.HoldingBand!.BetaFtFrom);
        double LOrder(double b) => b * ImplicitBiasPotential.Derivative(b, cA) / ImplicitBiasPotential.Value(b, cA);
        Assert.Equal(1.5, LOrder(edge), 9);
        Assert.Equal("II", RegimeClassifier.Classify(init, 1, edge * (1 - 1e-6)).Numeral);
        Assert.Equal("IV", RegimeClassifier.Classify(init, 1, edge * (1 + 1e-6)).Numeral);
        // The IV → I edge is where PD = (1 − ℓ)m = −0.1 with m = (c+λ)(r²/√(1 + r²))/c_A, r = β̂_PT/c_PT.
        double r2 = 1e6, m = 1e-3 * (r2 / Math.Sqrt(1 + r2)) / cA;
        double upper = at10.HoldingBand!.BetaFtTo;
        Assert.Equal(-0.1, (1 - LOrder(upper)) * m, 9);
        Assert.Equal("I", RegimeClassifier.Classify(init, 1, upper * (1 + 1e-6)).Numeral);
        Assert.Equal(3, at1.Bands!.Count);
        Assert.True(double.IsPositiveInfinity(at1.Bands![^1].BetaFtTo));
    }

    [Fact]
    public void AuthorsRegimeIRecipeIsLabelledWithItsRange()
    {
        // λ = −0.999 c_PT, γ = 0 (the authors' empirical "regime I"): IV at |β_FT| = 1, and I only beyond the PD edge.
        var r = RegimeClassifier.Classify(new DiagonalInitialization(1e-3, -0.999e-3, 0));
        Assert.Equal("IV", r.Numeral);
        Assert.True(r.DependenceMargin < 0 && r.DependenceMargin > -0.1);
        Assert.Equal("I", r.Bands![^1].Numeral);
        Assert.True(r.HoldingBand!.BetaFtTo > 1 && double.IsFinite(r.HoldingBand.BetaFtTo));
    }

    private static ParameterValues Bind(ModelSchema schema, Compute compute, params (string Name, string Value)[] given) =>
        schema.Bind(given.ToDictionary(g => g.Name, g => g.Value), compute);

    [Fact]
    public void ReluTrainerGivenAnAbsurdLearningRateReportsDivergence()
    {
        var rng = new Rng(7);
        var x = rng.GaussianMatrix(20, 5);
        var y = Enumerable.Range(0, 20).Select(i => x[i, 0]).ToArray();
        var absurd = TwoLayerRelu.Initialize(5, 50, ReluParameterization.Ntk, rng);
        var sane = absurd.Clone();
        var bad = ReluTrainer.Train(absurd, x, y, new ReluTrainingOptions(1e4, 500));
        Assert.True(bad.Diverged);
        Assert.False(bad.Converged);
        var good = ReluTrainer.Train(sane, x, y, new ReluTrainingOptions(0.5, 500));
        Assert.False(good.Diverged);
        Assert.True(good.FinalLoss < 0.5 * y.Average(v => v * v));
    }

    [Fact]
    public void DeepLinearGradientFlowGivenAnAbsurdStepReportsDivergenceInsteadOfThrowing()
    {
        var rng = new Rng(3);
        var x = rng.GaussianMatrix(10, 6);
        var y = Enumerable.Range(0, 10).Select(i => x[i, 1]).ToArray();
        var loss = new EmpiricalSquaredLoss(x, y);
        var start = DeepLinearNetworkInit.Random(6, 2, null, 0.5, DeepLinearInitKind.Gaussian, rng);
        var r = DeepLinearGradientFlow.Train(start, loss, new DeepLinearTrainingOptions(StepSize: 50, MaxSteps: 5000));
        Assert.True(r.Diverged);
        Assert.False(r.Converged);
        Assert.False(r.HitStepCap);
    }

    [Fact]
    public void SimulateReluWithAnAbsurdLearningRateWithholdsItsNumbersAndHasNoValidPoint()
    {
        var family = new ReluFamily();
        var p = Bind(family.Schema, Compute.Simulate, ("d", "4"), ("width", "20"), ("n", "10"), ("n-source", "20"), ("n-test", "50"),
            ("lr", "1000"), ("steps", "100"), ("seeds", "2"));
        var result = family.Simulate(p, 1, new RunSettings(1));
        var payload = Assert.IsType<ReluFamily.SimulationResult>(result.Payload);
        Assert.Equal("diverged", payload.Status);
        Assert.Equal(2, payload.DivergedSeeds);
        Assert.True(double.IsNaN(payload.Quantities["fine_tune_mse"].Mean));
        Assert.True(result.Validity!.NoneValid);
    }

    [Fact]
    public void ReluLeversDivergingAfterTheLastStepHalvingWithholdTheCell()
    {
        // lr = 1e7: even after ReluLeverPipeline.MaxHalvings = 8 halvings the step is ~4e4 times the stable one.
        var family = new ReluLeversFamily();
        var p = Bind(family.Schema, Compute.Simulate, ("d", "8"), ("width", "8"), ("n", "10"), ("n-source", "20"), ("n-test", "50"),
            ("lr", "1e7"), ("steps", "50"), ("pretrain-steps", "50"), ("seeds", "1"), ("target", "subset"));
        var result = family.Simulate(p, 1, new RunSettings(1));
        var payload = Assert.IsType<ReluLeverSummary.SyntheticResult>(result.Payload);
        var row = Assert.Single(payload.Rows);
        Assert.Equal("diverged", row.Status);
        Assert.True(double.IsNaN(row.FineTune));
        Assert.True(result.Validity!.NoneValid);
    }

    [Fact]
    public void LinearTransferTheoryAsymptoticIsTheClosedFormLimitAndFiniteNIsTheExactForm()
    {
        // θ = 45°, α = 0.5, d = 30 (n = 15), σ = 0.2: the n → ∞ risk of refitting the scalar on θ_S is sin²θ = 1/2; at finite n
        // the refit's variance adds (sin²θ + σ²)/(n − 2) (Tahir et al. Thm 3.7, docs/tahir2024.md).
        var family = new DeepLinearFamily();
        var r = family.Simulate(Bind(family.Schema, Compute.Simulate, ("protocol", "linear-transfer"), ("overlap", Math.Sqrt(0.5).ToString("R")),
            ("alpha", "0.5"), ("seeds", "4")), 1, new RunSettings(1));
        var payload = Assert.IsType<DeepLinearFamily.SimulationResult>(r.Payload);
        Assert.Equal(0.5, payload.TheoryAsymptotic!.Value, 12);
        Assert.Equal(0.5 + (0.5 + 0.04) / 13, payload.TheoryFiniteN!.Value, 12);
        // No gradient descent: GD and its exact limit agree to round-off, and no z-score is formed from it.
        Assert.Equal("round-off", payload.GdBiasBasis);
        Assert.True(Math.Abs(payload.GdBias) < 1e-12);
        Assert.Equal("ok", payload.Status);
    }

    [Fact]
    public void FineTuneGradientDescentBiasIsReportedApartFromTheSamplingError()
    {
        // The discretisation bias of GD against its exact flow limit grows with the step: doubling step-fraction roughly
        // doubles gd_bias (O(η), docs/tahir2024.md), while the comparison's SE stays the sampling SE of the mean risk.
        var family = new DeepLinearFamily();
        DeepLinearFamily.SimulationResult Run(string fraction) => Assert.IsType<DeepLinearFamily.SimulationResult>(family.Simulate(
            Bind(family.Schema, Compute.Simulate, ("protocol", "fine-tune"), ("d", "12"), ("seeds", "3"), ("step-fraction", fraction)), 5, new RunSettings(1)).Payload);
        var small = Run("0.1");
        var large = Run("0.4");
        Assert.Equal("discretisation", large.GdBiasBasis);
        Assert.True(Math.Abs(large.GdBias) > Math.Abs(small.GdBias), $"{large.GdBias} vs {small.GdBias}");
        Assert.Equal(small.LimitMeanRisk, large.LimitMeanRisk, 12); // same data, same limit
        Assert.Equal("normal", large.SeMethod);
    }

    [Fact]
    public void NearTheInterpolationThresholdTheSeIsABootstrapOneAndNeverSmaller()
    {
        var family = new DeepLinearFamily();
        var r = family.Simulate(Bind(family.Schema, Compute.Simulate, ("protocol", "scratch"), ("d", "12"), ("alpha", "1.25"), ("seeds", "6"),
            ("init-scale", "0.01")), 2, new RunSettings(1));
        var payload = Assert.IsType<DeepLinearFamily.SimulationResult>(r.Payload);
        Assert.Equal("bootstrap", payload.SeMethod);
        // GD reaches its limit here (scratch from a small init), so the limit's normal SE is the normal SE of the risks.
        Assert.True(payload.StandardError >= 0.99 * payload.LimitStandardError, $"{payload.StandardError} < {payload.LimitStandardError}");
        Assert.Equal(payload.LimitMeanRisk, payload.MeanRisk, 3);
    }

    [Fact]
    public void DudleyBoundAtZeroNoiseIsItsLimit()
    {
        // σ = 0 is the σ → 0 limit: the bound at σ = 1e-6 is within 1e-5, and it is at least the cosine test function's gap for
        // the residual u = y − a·x (a point mass at 0 against N(0, ‖a − b‖²)): max_ω (1 − e^{−ω²‖a−b‖²/2})/(1 + ω√(1 + ‖a‖²)).
        double co = 0.6, si = 0.8;
        double[] a = [1, 0], b = [co, si];
        double at0 = DistributionDistances.DudleyLower(a, b, 0);
        Assert.True(double.IsFinite(at0));
        Assert.Equal(DistributionDistances.DudleyLower(a, b, 1e-6), at0, 5);
        double dist2 = (1 - co) * (1 - co) + si * si, lip = Math.Sqrt(2);
        double cosine = Enumerable.Range(1, 4000).Select(k => k * 0.005).Max(w => (1 - Math.Exp(-w * w * dist2 / 2)) / (1 + w * lip));
        Assert.True(at0 >= cosine - 1e-9, $"{at0} < {cosine}");
        Assert.True(at0 <= 2);
        var theory = Assert.IsType<DeepLinearFamily.TheoryResult>(new DeepLinearFamily().Theory(Bind(new DeepLinearFamily().Schema, Compute.Theory, ("sigma", "0"))).Payload);
        Assert.True(double.IsFinite(theory.DudleyLowerBound));
        Assert.Contains("mutually singular", theory.NullReasons!["kl_source_target"]);
    }

    [Theory]
    [InlineData("alpha", "1.5")]
    [InlineData("alpha", "1")]
    [InlineData("sigma", "0")]
    [InlineData("alpha", "0.3")]
    [InlineData("alpha", "0.998")]
    public void EveryNullOfTheDeepLinearTheoryHasAReason(string name, string value)
    {
        var family = new DeepLinearFamily();
        var payload = Assert.IsType<DeepLinearFamily.TheoryResult>(family.Theory(Bind(family.Schema, Compute.Theory, (name, value))).Payload);
        AssertEveryNullExplained(payload, payload.NullReasons);
    }

    [Fact]
    public void FineTuneFiniteDAboveTheThresholdIsLeastSquares()
    {
        // theory deep-linear --alpha 1.5 used to print fine_tune_risk_depth_finite_d: null. For n ≥ d + 2 the interpolant is
        // unique, so fine-tuning is least squares: risk σ²·d/(n − d − 1) (inverse-Wishart mean).
        var family = new DeepLinearFamily();
        var t = Assert.IsType<DeepLinearFamily.TheoryResult>(family.Theory(Bind(family.Schema, Compute.Theory, ("alpha", "1.5"))).Payload);
        double s2 = t.Sigma * t.Sigma;
        Assert.Equal(s2 * 500 / (750 - 500 - 1.0), t.FineTuneRiskDepthFiniteD!.Value, 12);
    }

    [Theory]
    [InlineData("linear", "n", "50")]
    [InlineData("linear", "n", "200")]
    [InlineData("deep-linear", "sigma", "0")]
    [InlineData("regime", "gamma-ft", "1e100")]
    [InlineData("regime", "gamma-ft", "0")]
    [InlineData("diagonal", "alpha-pt", "inf")]
    public void EveryNullOfATheoryPayloadHasAReason(string model, string name, string value)
    {
        object payload;
        if (model == "regime")
            payload = DiagonalRegime.Classify(Bind(DiagonalRegime.Schema, Compute.Theory, (name, value))).Payload;
        else
        {
            var family = FamilyCatalogue.All.Single(f => f.Name == model);
            var given = family.Schema.Find("d") is not null && model == "linear" ? new[] { ("d", "200"), (name, value) } : new[] { (name, value) };
            payload = family.Theory(Bind(family.Schema, Compute.Theory, given)).Payload;
        }
        var reasons = (IReadOnlyDictionary<string, string>?)payload.GetType().GetProperty("NullReasons")?.GetValue(payload);
        AssertEveryNullExplained(payload, reasons);
    }

    [Theory]
    [InlineData(499)]
    [InlineData(500)]
    [InlineData(501)]
    public void ScratchRiskWithoutNoiseIsFiniteAtTheInterpolationThreshold(int n)
    {
        // σ = 0: no variance, so the minimum-norm risk is the bias (1 − n/d)‖β‖² for n < d and 0 for n ≥ d, also at |n − d| ≤ 1.
        var family = new DeepLinearFamily();
        var t = Assert.IsType<DeepLinearFamily.TheoryResult>(family.Theory(Bind(family.Schema, Compute.Theory, ("sigma", "0"), ("alpha", (n / 500.0).ToString("R")))).Payload);
        Assert.Equal(n, t.N);
        Assert.Equal(n < 500 ? 1 - n / 500.0 : 0, t.ScratchRiskFiniteD, 12);
        AssertEveryNullExplained(t, t.NullReasons);
    }

    internal static void AssertEveryNullExplained(object payload, IReadOnlyDictionary<string, string>? reasons)
    {
        foreach (var (path, _) in NullReasons.NullLeaves(payload))
            Assert.True(reasons is not null && reasons.TryGetValue(path, out var why) && why != NullReasons.Unexplained, $"{path} is null without a reason");
    }
}
