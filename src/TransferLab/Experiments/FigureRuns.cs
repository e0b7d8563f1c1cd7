using TransferLab.Numerics;

namespace TransferLab.Experiments;

/// <summary>
/// How a figure's runs (the jobs of its <see cref="FigureContext.Map"/> calls) are executed: all of them here, in
/// parallel (<see cref="Parallel"/>, what <c>reproduce</c> does); one shard's share, recorded durably in a run store
/// (a figure shard); or read back from the store (collect). The figure's code is the same in all three, which is what
/// makes a collected figure byte-identical to an unsharded one (docs/studies.md, "Figures").
/// </summary>
public abstract class FigureRuns
{
    /// <summary>Every run computed here, in parallel over the context's threads.</summary>
    public static FigureRuns Parallel { get; } = new ParallelFigureRuns();

    /// <summary>Whether the figure's tables and plots are written (a shard only records runs).</summary>
    public virtual bool WritesOutputs => true;

    /// <summary>
    /// True once a map returned placeholders (default values) for runs it does not have: another shard's, or missing
    /// ones. What the figure computes from them afterwards is discarded.
    /// </summary>
    public bool HandedOutPlaceholders { get; protected set; }

    /// <summary>Number of map calls so far (a figure's batches of runs, numbered in the order it asks for them).</summary>
    public int Batches { get; protected set; }

    /// <summary>
    /// Result [i, r] of job (point i, repetition r) for every job, each computed by <paramref name="work"/> with the
    /// generator <see cref="ParallelRunner.Generator"/>(<paramref name="seed"/>, i, r) wherever it runs.
    /// </summary>
    public abstract TResult[,] Map<TPoint, TResult>(FigureContext ctx, IReadOnlyList<TPoint> points, int repetitions, ulong seed,
        Func<TPoint, int, Rng, TResult> work, ProgressTask? progress);

    /// <summary>Called when the figure has finished (or, with <paramref name="failure"/>, thrown); throws when its outputs must not be published.</summary>
    public virtual void Finish(Figure figure, Exception? failure)
    {
    }

    private sealed class ParallelFigureRuns : FigureRuns
    {
        public override TResult[,] Map<TPoint, TResult>(FigureContext ctx, IReadOnlyList<TPoint> points, int repetitions, ulong seed,
            Func<TPoint, int, Rng, TResult> work, ProgressTask? progress)
        {
            Batches++;
            return ParallelRunner.Map(points, repetitions, seed, work, ctx.Threads, progress);
        }
    }
}
