using TransferLab.Numerics;

namespace TransferLab.Experiments;

/// <summary>
/// Runs independent (grid point × repetition) jobs in parallel. Each job's generator is derived from
/// (seed, point index, repetition) alone, so results are bit-identical for any thread count and order.
/// </summary>
public static class ParallelRunner
{
    /// <summary>
    /// Evaluates <paramref name="work"/> for every point and repetition; result [i, r] belongs to
    /// point i, repetition r. Native BLAS runs single-threaded (see <see cref="NativeLinearAlgebra"/>), so
    /// the only parallelism is over jobs and no shared BLAS state changes with <paramref name="threads"/>.
    /// </summary>
    public static TResult[,] Map<TPoint, TResult>(
        IReadOnlyList<TPoint> points,
        int repetitions,
        ulong seed,
        Func<TPoint, int, Rng, TResult> work,
        int threads,
        ProgressTask? progress = null)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(work);
        if (repetitions < 1) throw new ArgumentOutOfRangeException(nameof(repetitions), repetitions, "must be ≥ 1");
        threads = threads <= 0 ? Environment.ProcessorCount : threads;
        var results = new TResult[points.Count, repetitions];
        int total = points.Count * repetitions;
        Parallel.For(0, total, new ParallelOptions { MaxDegreeOfParallelism = threads }, job =>
        {
            int i = job / repetitions, r = job % repetitions;
            results[i, r] = work(points[i], r, Generator(seed, i, r));
            progress?.Increment();
        });
        return results;
    }

    /// <summary>
    /// The generator of job (point <paramref name="point"/>, repetition <paramref name="repetition"/>) of a map seeded
    /// with <paramref name="seed"/>: a function of those three alone, so a job computed in any process (a figure's shard,
    /// docs/studies.md, "Figures") draws the same numbers.
    /// </summary>
    public static Rng Generator(ulong seed, int point, int repetition) => SeedSequence.For(seed, point, repetition);
}
