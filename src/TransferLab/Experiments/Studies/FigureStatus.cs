using TransferLab.Validation;

namespace TransferLab.Experiments.Studies;

/// <summary>
/// Completed, missing and failed runs of a sharded figure's directory (<c>reproduce &lt;id&gt; --shard i/N --out DIR</c>
/// or <c>--slurm</c>), its shards' journals and the throughput: what <c>study status</c> shows for such a directory.
/// </summary>
/// <param name="Figure">The figure reproduced (figure.json).</param>
/// <param name="Asked">Runs the figure asks for when replayed from the store. A figure discovers its runs as it goes (a
/// later batch may depend on an earlier one's results), so while runs are missing this counts the runs of the batches it
/// reached with placeholders; once nothing is missing it is the figure's exact number of runs.</param>
/// <param name="Completed">Of those, runs recorded as successful.</param>
/// <param name="Missing">Of those, runs not recorded as successful.</param>
/// <param name="Failed">Runs whose records are failures only.</param>
/// <param name="InFlight">Runs started by a worker that has not ended and not recorded them (running now, or lost if it died).</param>
/// <param name="Workers">Journals found.</param>
/// <param name="ActiveWorkers">Workers without an end line (running, or killed).</param>
/// <param name="FinishedShards">For each shard count N that a journal names, the shards 1…N whose journal ended having done the whole shard.</param>
/// <param name="Throughput">Runs per second and mean run time.</param>
/// <param name="FirstErrors">Up to five distinct errors of failed runs.</param>
/// <param name="TornLines">Incomplete last lines skipped.</param>
/// <param name="CorruptLines">Unreadable lines skipped.</param>
public sealed record FigureStatus(FigureRunSpec Figure, int Asked, int Completed, int Missing, int Failed, int InFlight, int Workers,
    int ActiveWorkers, IReadOnlyDictionary<int, SortedSet<int>> FinishedShards, StoreThroughput Throughput, IReadOnlyList<string> FirstErrors,
    int TornLines, int CorruptLines)
{
    /// <summary>
    /// The status of the figure <paramref name="store"/> holds: its runs are counted by replaying the figure's code with
    /// every run read from the store, as <c>collect</c> does, but with nothing computed or written.
    /// </summary>
    public static FigureStatus Of(RunStore store, Func<string, Figure> resolve)
    {
        var spec = store.ReadFigure();
        var figure = resolve(spec.Figure);
        var snapshot = store.Read();
        var replay = new ReplayedFigureRuns(spec, snapshot.Completed);
        var ctx = new FigureContext(spec.Quick, spec.Seed, 1, store.Directory, null, null, replay);
        try
        {
            figure.Run(ctx);
        }
        catch (Exception e) when (replay.HandedOutPlaceholders && e is not ParameterException and not OperationCanceledException)
        {
            // The figure's code after a batch with missing runs worked on placeholders; the runs it asked for are counted.
        }
        var finished = new Dictionary<int, SortedSet<int>>();
        foreach (var w in snapshot.Workers)
            if (w.Info.TryGetValue("shard", out var s) && ShardSpec.TryParse(s) is { } shard && !finished.ContainsKey(shard.Count))
                finished[shard.Count] = FigureCollector.FinishedShards(snapshot, shard.Count);
        var active = snapshot.Workers.Where(w => w.EndedUtc is null).ToList();
        int failed = snapshot.Failed.Keys.Count(k => !snapshot.Completed.ContainsKey(k));
        return new FigureStatus(spec, replay.Asked, replay.Asked - replay.Missing, replay.Missing, failed,
            active.Sum(w => w.Unfinished.Count(k => !snapshot.Completed.ContainsKey(k))), snapshot.Workers.Count, active.Count, finished,
            StoreThroughput.Of(snapshot), snapshot.Failed.Values.Select(f => f.Error ?? "").Distinct().Take(5).ToList(),
            snapshot.TornLines, snapshot.CorruptLines);
    }

    // Runs read from the store, outputs not written: the replay only counts what the figure asks for.
    private sealed class ReplayedFigureRuns(FigureRunSpec figure, IReadOnlyDictionary<string, RunRecord> completed)
        : StoredFigureRuns(figure, completed)
    {
        public override bool WritesOutputs => false;
    }
}
