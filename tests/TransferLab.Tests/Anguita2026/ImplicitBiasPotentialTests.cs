using TransferLab.Models;
using TransferLab.Numerics;
using TransferLab.Theory.Anguita2026;

namespace TransferLab.Tests.Anguita2026;

/// <summary>The potential φ_c, its ℓ-order and PT dependence, and the proximal map, against finite differences and limits.</summary>
public class ImplicitBiasPotentialTests
{
    [Theory]
    [InlineData(0.3, 0.05)]
    [InlineData(-2.0, 1e-3)]
    [InlineData(1e-5, 0.1)]
    [InlineData(4.0, 10.0)]
    public void DerivativesMatchFiniteDifferences(double b, double c)
    {
        double h = 1e-6 * Math.Max(Math.Abs(b), c);
        double fd1 = (ImplicitBiasPotential.Value(b + h, c) - ImplicitBiasPotential.Value(b - h, c)) / (2 * h);
        double fd2 = (ImplicitBiasPotential.Derivative(b + h, c) - ImplicitBiasPotential.Derivative(b - h, c)) / (2 * h);
        Assert.Equal(ImplicitBiasPotential.Derivative(b, c), fd1, 1e-6 * Math.Max(1, Math.Abs(fd1)));
        Assert.Equal(ImplicitBiasPotential.SecondDerivative(b, c), fd2, 1e-5 * Math.Max(1, Math.Abs(fd2)));
    }

    [Theory]
    [InlineData(1e-7)]
    [InlineData(1e-3)]
    [InlineData(0.3)]
    [InlineData(40.0)]
    public void ValueIsTheIntegralOfTheDerivative(double ratio)
    {
        // φ(b) = ∫₀ᵇ ½ asinh(t/c) dt by Gauss–Legendre quadrature, from |b| ≪ c (where a naive closed form cancels) to |b| ≫ c.
        double c = 2.0, b = ratio * c;
        double integral = MathNet.Numerics.Integration.GaussLegendreRule.Integrate(t => 0.5 * Math.Asinh(t / c), 0, b, 1024);
        Assert.Equal(integral, ImplicitBiasPotential.Value(b, c), 1e-11 * integral);
    }

    [Fact]
    public void RichAndLazyLimits()
    {
        // |b| ≫ c: ½|b|(log(2|b|/c) − 1); |b| ≪ c: b²/(4c).
        Assert.Equal(ImplicitBiasPotential.RichLimit(3, 1e-6), ImplicitBiasPotential.Value(3, 1e-6), 1e-6); // next order: c/2
        Assert.Equal(ImplicitBiasPotential.LazyLimit(1e-3, 5), ImplicitBiasPotential.Value(1e-3, 5), 1e-12);
        Assert.Equal(2.0, ImplicitBiasPotential.LOrder(1e-4, 1), 6);
        double z = 1e10, l = ImplicitBiasPotential.LOrder(z / 2, 1);
        Assert.InRange(l, 1, 1.05);
        Assert.Equal(1 + 1 / (Math.Log(z) - 1), l, 2e-3);
    }

    [Theory]
    [InlineData(0.7, 0.02)]
    [InlineData(3.0, 1.0)]
    [InlineData(1e-3, 1e-2)]
    public void LOrderIsTheLogLogSlope(double b, double c)
    {
        double e = 1e-5;
        double fd = (Math.Log(ImplicitBiasPotential.Value(b * Math.Exp(e), c)) - Math.Log(ImplicitBiasPotential.Value(b * Math.Exp(-e), c))) / (2 * e);
        Assert.Equal(fd, ImplicitBiasPotential.LOrder(b, c), 5);
    }

    [Theory]
    [InlineData(1e-3, 0.0, 0.0, 1.0, 0.3)]
    [InlineData(1e-3, -0.99e-3, 0.0, 1.0, 3.0)]
    [InlineData(0.1, 0.05, 0.5, 0.02, 1.0)]
    public void PretrainingDependenceIsTheLogDerivativeInTheDrivingMagnitude(double cPt, double lambda, double gamma, double betaPt, double betaFt)
    {
        var init = new DiagonalInitialization(cPt, lambda, gamma);
        double LogPhi(double bpt) => Math.Log(ImplicitBiasPotential.Value(betaFt, init.FineTuneScale(bpt)));
        double e = 1e-5;
        double fd = (LogPhi(betaPt * Math.Exp(e)) - LogPhi(betaPt * Math.Exp(-e))) / (2 * e);
        var r = PretrainingDependence.Evaluate(init, betaPt, betaFt);
        Assert.Equal(fd, r.Dependence, 5);
        Assert.InRange(r.Dependence, -1, 0);
        Assert.InRange(r.LOrder + r.Dependence, 1 - 1e-12, 2 + 1e-12);
    }

    [Theory]
    [InlineData(0.8, 0.3, 1e-3)]
    [InlineData(-2.5, 1.0, 1e-9)]
    [InlineData(0.01, 5.0, 2.0)]
    [InlineData(40.0, 0.01, 1e-6)]
    public void ProxSolvesItsEquationAndHasTheStatedSlope(double z, double g, double c)
    {
        var (u, slope) = ImplicitBiasPotential.Prox(z, g, c);
        Assert.True(Math.Abs(u - z + 0.5 * g * Math.Asinh(u / c)) <= 1e-12 * Math.Max(1, Math.Abs(z)), $"residual at u = {u}");
        Assert.True(Math.Abs(u) <= Math.Abs(z) && Math.Sign(u) * Math.Sign(z) >= 0);
        double h = 1e-7 * Math.Max(1, Math.Abs(z));
        double fd = (ImplicitBiasPotential.Prox(z + h, g, c).U - ImplicitBiasPotential.Prox(z - h, g, c).U) / (2 * h);
        Assert.Equal(fd, slope, 1e-5);
    }

    [Fact]
    public void GaussHermiteRuleIntegratesGaussianMoments()
    {
        var rule = GaussHermite.Rule(20);
        Assert.Equal(1.0, rule.Weights.Sum(), 12);
        Assert.Equal(1.0, rule.Expect(t => t * t), 12);
        Assert.Equal(3.0, rule.Expect(t => Math.Pow(t, 4)), 11);
        Assert.Equal(Math.Exp(-0.5), rule.Expect(Math.Cos), 12);
    }
}
