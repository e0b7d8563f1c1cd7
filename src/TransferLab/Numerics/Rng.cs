using System.Numerics;
using System.Runtime.CompilerServices;

namespace TransferLab.Numerics;

/// <summary>
/// xoshiro256** generator seeded through SplitMix64, with Gaussian draws by the Marsaglia polar
/// method. Written out here (rather than <see cref="System.Random"/>) because a seeded
/// System.Random's sequence is not a contract across .NET versions, and TransferLab promises
/// bit-reproducible runs. Not thread-safe: give each run its own instance from <see cref="SeedSequence"/>.
/// </summary>
public sealed class Rng
{
    private Xoshiro _state;
    private double _spare;
    private bool _hasSpare;

    /// <summary>Creates a generator from a 64-bit seed.</summary>
    public Rng(ulong seed)
    {
        ulong sm = seed;
        _state = new Xoshiro(SplitMix64(ref sm), SplitMix64(ref sm), SplitMix64(ref sm), SplitMix64(ref sm));
    }

    /// <summary>One SplitMix64 step (also used to mix seeds).</summary>
    public static ulong SplitMix64(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Next 64 random bits.</summary>
    public ulong NextUInt64() => _state.Next();

    /// <summary>Uniform on [0, 1) with 53 random bits.</summary>
    public double NextDouble() => ToUnit(NextUInt64());

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

    /// <summary>
    /// Fills a span with independent N(0, σ²) draws: the same numbers, bit for bit, as <paramref name="x"/>.Length calls
    /// of <see cref="NextGaussian"/> scaled by σ, spare included.
    /// </summary>
    public void FillGaussian(Span<double> x, double sigma = 1.0)
    {
        int i = 0;
        if (_hasSpare && x.Length > 0)
        {
            _hasSpare = false;
            x[i++] = sigma * _spare;
        }
        // Two passes per block of pairs. The first runs the generator and the polar method's rejection loop, a serial
        // chain through the state, on a local copy of it (see Xoshiro); the second the logarithms and square roots,
        // independent of one another, so that they overlap in the pipeline. Each pair is (u, v, s) → (u f, v f) with
        // f = √(−2 ln s / s), in NextGaussian's order.
        Span<double> squares = stackalloc double[GaussianBlock];
        var state = _state;
        while (x.Length - i >= 2)
        {
            int pairs = Math.Min(GaussianBlock, (x.Length - i) / 2);
            var block = x.Slice(i, 2 * pairs);
            for (int k = 0; k < pairs; k++)
            {
                double u, v, s;
                do
                {
                    u = 2.0 * ToUnit(state.Next()) - 1.0;
                    v = 2.0 * ToUnit(state.Next()) - 1.0;
                    s = u * u + v * v;
                } while (s >= 1.0 || s == 0.0);
                block[2 * k] = u;
                block[2 * k + 1] = v;
                squares[k] = s;
            }
            for (int k = 0; k < pairs; k++)
            {
                double s = squares[k];
                double f = Math.Sqrt(-2.0 * Math.Log(s) / s);
                block[2 * k] = sigma * (block[2 * k] * f);
                block[2 * k + 1] = sigma * (block[2 * k + 1] * f);
            }
            i += 2 * pairs;
        }
        _state = state;
        if (i < x.Length) x[i] = sigma * NextGaussian();
    }

    // The xoshiro256** state (Blackman and Vigna). A struct, so that FillGaussian can run it in a local copy whose four
    // words the JIT keeps in registers; as fields of the instance they would be stored and reloaded on every draw.
    private struct Xoshiro(ulong s0, ulong s1, ulong s2, ulong s3)
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ulong Next()
        {
            ulong result = BitOperations.RotateLeft(s1 * 5, 7) * 9;
            ulong t = s1 << 17;
            s2 ^= s0;
            s3 ^= s1;
            s1 ^= s2;
            s0 ^= s3;
            s2 ^= t;
            s3 = BitOperations.RotateLeft(s3, 45);
            return result;
        }
    }

    // Pairs per block of FillGaussian (the block's s values live on the stack).
    private const int GaussianBlock = 256;

    // The top 53 bits as a uniform on [0, 1). Through long: the value is below 2⁵³, so the conversion is exact either way,
    // but a signed conversion is one instruction, an unsigned one a longer sequence on x64 without AVX-512.
    private static double ToUnit(ulong bits) => (long)(bits >> 11) * (1.0 / 9007199254740992.0);

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
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(cols);
        // Every entry is written below, so the storage is not zeroed first (a design is the largest array of a run).
        var m = new Matrix(rows, cols, GC.AllocateUninitializedArray<double>(checked(rows * cols)));
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
