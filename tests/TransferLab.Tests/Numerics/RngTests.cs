using TransferLab.Numerics;

namespace TransferLab.Tests.Numerics;

public class RngTests
{
    [Fact]
    public void SameSeedSameStreamDifferentSeedDifferentStream()
    {
        var a = new Rng(42).Gaussian(100);
        var b = new Rng(42).Gaussian(100);
        var c = new Rng(43).Gaussian(100);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void GaussianMomentsWithinStandardErrors()
    {
        const int n = 200_000;
        var x = new Rng(9).Gaussian(n);
        double mean = x.Average();
        double var = x.Select(v => (v - mean) * (v - mean)).Sum() / (n - 1);
        double kurt = x.Select(v => Math.Pow(v - mean, 4)).Average() / (var * var);
        Assert.InRange(mean, -4 / Math.Sqrt(n), 4 / Math.Sqrt(n));          // SE of mean = 1/√n
        Assert.InRange(var, 1 - 4 * Math.Sqrt(2.0 / n), 1 + 4 * Math.Sqrt(2.0 / n)); // SE of variance ≈ √(2/n)
        Assert.InRange(kurt, 3 - 4 * Math.Sqrt(96.0 / n), 3 + 4 * Math.Sqrt(96.0 / n));
    }

    [Fact]
    public void DerivedSeedsDependOnlyOnKeys()
    {
        Assert.Equal(SeedSequence.Derive(1, 2, 3), SeedSequence.Derive(1, 2, 3));
        Assert.NotEqual(SeedSequence.Derive(1, 2, 3), SeedSequence.Derive(1, 3, 2));
        Assert.NotEqual(SeedSequence.Derive(1, 2, 3), SeedSequence.Derive(2, 2, 3));
    }

    [Fact]
    public void NextIntIsUniform()
    {
        var rng = new Rng(11);
        var counts = new int[7];
        const int n = 70_000;
        for (int i = 0; i < n; i++) counts[rng.NextInt(7)]++;
        // Each count ~ Binomial(n, 1/7): SD = √(n·(1/7)(6/7)).
        double sd = Math.Sqrt(n * (1.0 / 7) * (6.0 / 7));
        foreach (var c in counts) Assert.InRange(c, n / 7.0 - 5 * sd, n / 7.0 + 5 * sd);
    }
}
