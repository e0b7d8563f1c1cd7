namespace TransferLab.Experiments.Studies;

/// <summary>
/// Collects a sharded figure: replays the figure's own code with every run read from the store
/// (<see cref="StoredFigureRuns"/>) and publishes its outputs into <c>DIR/results/</c> through
/// <see cref="FigureRunner"/> (staged, manifest last), the very files an unsharded <c>reproduce</c> writes. With runs
/// missing nothing is published (<see cref="MissingFigureRunsException"/>) (docs/studies.md, "Figures").
/// </summary>
public static class FigureCollector
{
    /// <summary>Collects the figure <paramref name="store"/> holds; <paramref name="resolve"/> finds a figure by id.</summary>
    public static FigureRunResult Collect(RunStore store, Func<string, Figure> resolve, int threads, ProgressBoard? board = null, TextWriter? log = null)
    {
        var spec = store.ReadFigure();
        var figure = resolve(spec.Figure);
        var runs = new StoredFigureRuns(spec, store.Read().Completed);
        return FigureRunner.Run(figure, spec.Quick, store.ResultsDirectory, spec.Seed, threads, board, log, runs);
    }

    /// <summary>Shards 1 … <paramref name="shards"/> of which a worker journal of this figure with that shard count ended having done its whole shard.</summary>
    public static SortedSet<int> FinishedShards(StoreSnapshot snapshot, int shards)
    {
        var done = new SortedSet<int>();
        foreach (var w in snapshot.Workers)
            if (w.Complete && w.Info.TryGetValue("shard", out var s) && ShardSpec.TryParse(s) is { } spec && spec.Count == shards)
                done.Add(spec.Index);
        return done;
    }
}
