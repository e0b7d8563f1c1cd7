namespace TransferLab.Numerics;

/// <summary>
/// xoshiro256** generator seeded through SplitMix64, with Gaussian draws by the Marsaglia polar
/// method. Written out here (rather than <see cref="System.Random"/>) because a seeded
/// System.Random's sequence is not a contract across .NET versions, and TransferLab promises
/// bit-reproducible runs. Not thread-safe: give each run its own instance from <see cref="SeedSequence"/>.
/// </summary>
public sealed class Rng
{
    private ulong _s0, _s1, _s2, _s3;
    private double _spare;
    private bool _hasSpare;

    /// <summary>Creates a generator from a 64-bit seed.</summary>
    public Rng(ulong seed)
    {
        ulong sm = seed;
        _s0 = SplitMix64(ref sm);
        _s1 = SplitMix64(ref sm);
        _s2 = SplitMix64(ref sm);
        _s3 = SplitMix64(ref sm);
    }

    /// <summary>One SplitMix64 step (also used to mix seeds).</summary>
    public static ulong SplitMix64(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong Rotl(ulong x, int k) => (x << k) | (x >> (64 - k));

    /// <summary>Next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        ulong result = Rotl(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = Rotl(_s3, 45);
        return result;
    }

    /// <summary>Uniform on [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / 9007199254740992.0);

    /// <summary>Uniform integer in [0, n).</summary>
    public int NextInt(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), n, "n must be > 0");
        // Lemire-style rejection keeps the draw unbiased.
        ulong bound = (ulong)n, threshold = (0UL - bound) % bound;
        while (true)
        {
            ulong r = NextUInt64();
            if (r >= threshold) return (int)(r % bound);
        }
    }

    /// <summary>Standard normal draw.</summary>
    public double NextGaussian()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spare;
        }
        double u, v, s;
        do
        {
            u = 2.0 * NextDouble() - 1.0;
            v = 2.0 * NextDouble() - 1.0;
            s = u * u + v * v;
        } while (s >= 1.0 || s == 0.0);
        double f = Math.Sqrt(-2.0 * Math.Log(s) / s);
        _spare = v * f;
        _hasSpare = true;
        return u * f;
    }

    /// <summary>Fills a span with independent N(0, σ²) draws.</summary>
    public void FillGaussian(Span<double> x, double sigma = 1.0)
    {
        for (int i = 0; i < x.Length; i++) x[i] = sigma * NextGaussian();
    }

    /// <summary>A new array of independent N(0, σ²) draws.</summary>
    public double[] Gaussian(int n, double sigma = 1.0)
    {
        var x = new double[n];
        FillGaussian(x, sigma);
        return x;
    }

    /// <summary>An n×m matrix of independent N(0, σ²) entries.</summary>
    public Matrix GaussianMatrix(int rows, int cols, double sigma = 1.0)
    {
        var m = new Matrix(rows, cols);
        FillGaussian(m.Data, sigma);
        return m;
    }

    /// <summary>A uniformly random unit vector in ℝⁿ.</summary>
    public double[] UnitVector(int n)
    {
        double[] g;
        double norm;
        do
        {
            g = Gaussian(n);
            norm = Vec.Norm(g);
        } while (norm == 0);
        g.AsSpan().Scale(1.0 / norm);
        return g;
    }
}

/// <summary>
/// Derives independent seeds from (experiment seed, grid point, repetition, …) by hashing, so that a
/// run's random numbers depend only on its coordinates, never on thread count or execution order
/// (the analogue of <c>jax.random.fold_in</c>).
/// </summary>
public static class SeedSequence
{
    /// <summary>Mixes a base seed with any number of integer keys.</summary>
    public static ulong Derive(ulong seed, params ReadOnlySpan<long> keys)
    {
        ulong state = seed ^ 0x5851F42D4C957F2DUL;
        ulong h = Rng.SplitMix64(ref state);
        foreach (long k in keys)
        {
            state = h ^ (ulong)k * 0x9E3779B97F4A7C15UL;
            h = Rng.SplitMix64(ref state);
        }
        return h;
    }

    /// <summary>A generator for the given coordinates.</summary>
    public static Rng For(ulong seed, params ReadOnlySpan<long> keys) => new(Derive(seed, keys));
}
