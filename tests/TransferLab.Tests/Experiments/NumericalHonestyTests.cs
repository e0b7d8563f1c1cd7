using TransferLab.Models;
using TransferLab.Theory.Anguita2026;

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
        // The example: c_PT = 1e-3, λ = 0, γ = 0 is II at |β_FT| = 1 and IV at 10.
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
}
