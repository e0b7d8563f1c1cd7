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

    // xoshiro256** (Blackman and Vigna's reference algorithm) seeded through SplitMix64, and the Marsaglia polar method,
    // written out here independently of Rng: the stream every seeded run of TransferLab is built on.
    private sealed class ReferenceStream(ulong seed)
    {
        private readonly ulong[] _s = Seed(seed);
        private double? _spare;

        private static ulong[] Seed(ulong seed)
        {
            var s = new ulong[4];
            for (int k = 0; k < 4; k++)
            {
                seed += 0x9E3779B97F4A7C15UL;
                ulong z = seed;
                z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
                z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
                s[k] = z ^ (z >> 31);
            }
            return s;
        }

        public ulong Bits()
        {
            ulong result = ulong.RotateLeft(_s[1] * 5, 7) * 9;
            ulong t = _s[1] << 17;
            _s[2] ^= _s[0];
            _s[3] ^= _s[1];
            _s[1] ^= _s[2];
            _s[0] ^= _s[3];
            _s[2] ^= t;
            _s[3] = ulong.RotateLeft(_s[3], 45);
            return result;
        }

        public double Gaussian()
        {
            if (_spare is double spare)
            {
                _spare = null;
                return spare;
            }
            while (true)
            {
                double u = 2.0 * ((Bits() >> 11) / 9007199254740992.0) - 1.0;
                double v = 2.0 * ((Bits() >> 11) / 9007199254740992.0) - 1.0;
                double s = u * u + v * v;
                if (s >= 1.0 || s == 0.0) continue;
                double f = Math.Sqrt(-2.0 * Math.Log(s) / s);
                _spare = v * f;
                return u * f;
            }
        }
    }

    [Fact]
    public void BitsAreTheReferenceXoshiro()
    {
        var rng = new Rng(2026);
        var reference = new ReferenceStream(2026);
        for (int i = 0; i < 1000; i++) Assert.Equal(reference.Bits(), rng.NextUInt64());
    }

    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(1, 1.0)]
    [InlineData(2, 0.5)]
    [InlineData(3, 1.0)]
    [InlineData(511, 1.0)]
    [InlineData(512, 0.03)]
    [InlineData(513, 1.0)]
    [InlineData(2_049, 7.0)]
    public void FilledBlocksAreTheScalarStreamBitForBit(int length, double sigma)
    {
        // Filled spans of every parity and across the fill's blocks, interleaved with single draws so that the spare
        // carries from one call to the next in both directions.
        var rng = new Rng(77);
        var reference = new ReferenceStream(77);
        for (int round = 0; round < 3; round++)
        {
            Assert.Equal(reference.Gaussian(), rng.NextGaussian());
            var filled = new double[length + round];
            rng.FillGaussian(filled, sigma);
            for (int i = 0; i < filled.Length; i++)
                Assert.Equal(BitConverter.DoubleToInt64Bits(sigma * reference.Gaussian()), BitConverter.DoubleToInt64Bits(filled[i]));
        }
        Assert.Equal(reference.Gaussian(), rng.NextGaussian());
        var matrix = rng.GaussianMatrix(3, length, sigma);
        foreach (double entry in matrix.Data) Assert.Equal(sigma * reference.Gaussian(), entry);
    }

    [Fact]
    public void GaussianMatrixRejectsNegativeShapes()
    {
        var rng = new Rng(1);
        Assert.Throws<ArgumentOutOfRangeException>(() => rng.GaussianMatrix(-1, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => rng.GaussianMatrix(2, -3));
    }
}
