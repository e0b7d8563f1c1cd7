using TransferLab.Theory.Shachaf2021;
using TransferLab.Validation;

namespace TransferLab.Tests.Shachaf2021;

public class DeepDepthScaleFactorTests
{
    [Theory]
    [InlineData(1.0, 0.6, 0.9)]
    [InlineData(2.0, 1.5, 0.1)]
    [InlineData(0.5, 0.1, 3.0)]
    public void RootSatisfiesTheBalancedNormEquation(double a, double b, double q)
    {
        foreach (double depth in new[] { 3.0, 5.0, 7.0, 20.0 })
        {
            double c = DeepDepthScaleFactor.Solve(a, b, q, depth);
            double p = 2 * depth / (depth - 1);
            Assert.True(Math.Abs(a * Math.Pow(c, p) - b * c * c - q) < 1e-12 * (1 + q), $"L = {depth}");
        }
    }

    [Fact]
    public void LimitsAndMonotonicityInDepth()
    {
        const double a = 1.0, b = 0.7, q = 1.2;
        Assert.Equal(1.0, DeepDepthScaleFactor.Solve(a, b, q, 1));
        double cInf = DeepDepthScaleFactor.Solve(a, b, q, double.PositiveInfinity);
        Assert.Equal(Math.Sqrt(q / (a - b)), cInf, 14);
        // L = 2 closed form agrees with the general root finder just above L = 2 (continuity in L)
        Assert.Equal(DeepDepthScaleFactor.Solve(a, b, q, 2), DeepDepthScaleFactor.Solve(a, b, q, 2 + 1e-9), 6);
        // very deep → c_∞; c_L moves monotonically from 1 towards c_∞
        Assert.Equal(cInf, DeepDepthScaleFactor.Solve(a, b, q, 1e7), 4);
        double previous = 1;
        foreach (double depth in new[] { 2.0, 3, 5, 10, 50 })
        {
            double c = DeepDepthScaleFactor.Solve(a, b, q, depth);
            Assert.True(c > previous && c < cInf);
            previous = c;
        }
    }

    [Fact]
    public void InvalidInputsThrowParameterException()
    {
        Assert.Throws<ParameterException>(() => DeepDepthScaleFactor.Solve(1, 0.5, 1, 0.5));
        Assert.Throws<ParameterException>(() => DeepDepthScaleFactor.Solve(1, 1, 1, double.PositiveInfinity));
    }
}
