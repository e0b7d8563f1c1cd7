using System.Diagnostics;
using System.Globalization;
using TransferLab.Validation;

namespace TransferLab.Experiments.Studies;

/// <summary>What one <see cref="FigureShardRunner.Run"/> did.</summary>
/// <param name="InShard">Runs of the shard.</param>
/// <param name="AlreadyComplete">Of those, runs the store already had (skipped).</param>
/// <param name="Executed">Runs executed and recorded now.</param>
/// <param name="Batches">Batches (map calls) the figure went through.</param>
/// <param name="Elapsed">Wall time.</param>
/// <param name="Journal">The journal written.</param>
public sealed record FigureShardOutcome(int InShard, int AlreadyComplete, int Executed, int Batches, TimeSpan Elapsed, string Journal);

/// <summary>
/// Runs one shard of a figure into a run store: the figure's own code, with its map calls answered by
/// <see cref="ShardFigureRuns"/>, so this process computes and records only its share of the runs and writes no figure
/// outputs. Runs already in the store are skipped, so running a shard again resumes it; a shard killed at any moment
/// loses at most the runs in flight, one per thread. <c>collect</c> then replays the figure from the store
/// (<see cref="FigureCollector"/>) (docs/studies.md, "Figures").
/// </summary>
public static class FigureShardRunner
{
    /// <summary>Runs shard <paramref name="shard"/> of <paramref name="figure"/> at <paramref name="spec"/>'s size and seed into <paramref name="store"/>.</summary>
    public static FigureShardOutcome Run(Figure figure, FigureRunSpec spec, RunStore store, ShardSpec shard, int threads,
        ProgressBoard? board = null, IReadOnlyDictionary<string, string>? workerInfo = null, TextWriter? log = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        if (figure.Id != spec.Figure) throw new ArgumentException($"spec is for {spec.Figure}, not {figure.Id}", nameof(spec));
        RequireSplits(figure);
        var clock = Stopwatch.StartNew();
        store.Initialize(spec);
        var completed = store.Read().Completed;
        var info = new Dictionary<string, string>(workerInfo ?? new Dictionary<string, string>(), StringComparer.Ordinal) { ["figure"] = figure.Id };
        using var journal = store.OpenJournal(shard, threads, info);
        var runs = new ShardFigureRuns(spec, shard, completed, journal);
        var ctx = new FigureContext(spec.Quick, spec.Seed, threads, store.Directory, board, log, runs);
        try
        {
            figure.Run(ctx);
        }
        catch (Exception e) when (runs.HandedOutPlaceholders && e is not FigureRunException and not OperationCanceledException)
        {
            // The figure's code after its batches worked on other shards' placeholders; only the runs matter here.
            (log ?? TextWriter.Null).WriteLine($"{figure.Id} shard {shard}: figure code after the last batch stopped on placeholders ({e.GetType().Name}); runs are recorded");
        }
        if (runs.Batches == 0)
            throw new InvalidOperationException($"figure {figure.Id} declares that it splits into runs but asked for none");
        var end = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new System.Text.Json.Utf8JsonWriter(end, JournalLine.WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("type", "end");
            w.WriteString("finished", DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            w.WriteNumber("executed", runs.Executed);
            w.WriteNumber("failed", 0);
            w.WriteBoolean("complete", true);
            w.WriteEndObject();
        }
        journal.AppendDurable(System.Text.Encoding.UTF8.GetString(end.WrittenSpan));
        return new FigureShardOutcome(runs.InShard, runs.AlreadyComplete, runs.Executed, runs.Batches, clock.Elapsed, journal.Path);
    }

    /// <summary>A <see cref="ParameterException"/> for <c>id</c> when <paramref name="figure"/> has no runs to split.</summary>
    public static void RequireSplits(Figure figure)
    {
        if (!figure.SplitsIntoRuns)
            throw new ParameterException("id", figure.Id, "does not split into runs (its work is not independent figure runs); reproduce it whole, without --shard or --slurm");
    }
}
