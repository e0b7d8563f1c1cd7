using TransferLab.Theory.Shachaf2021;
using TransferLab.Theory.Shared;
using TransferLab.Theory.Tahir2024;

namespace TransferLab.Tests.Shared;

/// <summary>
/// The one isotropic min-distance risk formula serves Shachaf et al.'s <see cref="IsotropicRisk"/> and Tahir et al.'s
/// <see cref="ScratchRisk.Exact"/> / <see cref="FineTuneRisk.Exact"/>: each must equal, bit for bit, the closed form it
/// wrote out before the formula was shared, including each one's convention in the window n ∈ {d − 1, d, d + 1}.
/// </summary>
public class IsotropicMinimumDistanceRiskTests
{
    private static readonly int[] Dims = [3, 10, 57];
    private static readonly double[] Sigmas = [0, 0.1, 0.37, 2];

    [Fact]
    public void ShachafIsotropicRiskIsTheSharedFormula()
    {
        foreach (int d in Dims)
            foreach (double sigma in Sigmas)
                foreach (double scale in new[] { 1, 0.3, 4.5 })
                    for (int n = 0; n <= 2 * d + 3; n++)
                    {
                        double w2 = 0.71, s2 = sigma * sigma;
                        double bias = n < d ? scale * (1.0 - (double)n / d) * w2 : 0;
                        double variance = n < d
                            ? (s2 == 0 ? 0 : n <= d - 2 ? s2 * n / (d - n - 1.0) : double.PositiveInfinity)
                            : (s2 == 0 ? 0 : n >= d + 2 ? s2 * d / (n - d - 1.0) : double.PositiveInfinity);
                        var r = IsotropicRisk.Predict(d, n, scale, w2, sigma);
                        Assert.Equal(BitConverter.DoubleToInt64Bits(bias), BitConverter.DoubleToInt64Bits(r.Bias));
                        Assert.Equal(BitConverter.DoubleToInt64Bits(variance), BitConverter.DoubleToInt64Bits(r.Variance));
                    }
    }

    [Fact]
    public void TahirScratchAndFineTuneRisksAreTheSharedFormula()
    {
        foreach (int d in Dims)
            foreach (double sigma in Sigmas)
                for (int n = 0; n <= 2 * d + 3; n++)
                {
                    double s2 = sigma * sigma, t2 = 1.3;
                    double scratch = n <= d - 2 ? t2 * (1 - (double)n / d) + s2 * n / (d - n - 1.0)
                        : n >= d + 2 ? s2 * d / (n - d - 1.0) : double.PositiveInfinity;
                    Assert.Equal(BitConverter.DoubleToInt64Bits(scratch), BitConverter.DoubleToInt64Bits(ScratchRisk.Exact(n, d, sigma, t2)));
                    foreach (double overlap in new[] { -0.4, 0, 0.8, 1 })
                    {
                        double ft = n >= d - 1 ? ScratchRisk.Exact(n, d, sigma)
                            : (1 - (double)n / d) * (2 - 2 * overlap) + sigma * sigma * n / (d - n - 1.0);
                        Assert.Equal(BitConverter.DoubleToInt64Bits(ft), BitConverter.DoubleToInt64Bits(FineTuneRisk.Exact(n, d, overlap, sigma)));
                    }
                }
    }

    [Fact]
    public void VarianceIsInfiniteOnlyInTheSingularWindowWithNoise()
    {
        for (int n = 0; n <= 25; n++)
        {
            Assert.Equal(IsotropicMinimumDistanceRisk.IsSingular(n, 10), double.IsPositiveInfinity(IsotropicMinimumDistanceRisk.Variance(n, 10, 0.04)));
            Assert.Equal(0, IsotropicMinimumDistanceRisk.Variance(n, 10, 0));
        }
    }
}
