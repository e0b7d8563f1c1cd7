using TransferLab.Numerics;

namespace TransferLab.Experiments.Studies;

/// <summary>
/// A figure's runs read back from a run store (what collect replays the figure with): every run the figure asks for is
/// looked up by its key (<see cref="FigureRunKey"/>), nothing is computed. A missing run becomes a placeholder and the
/// figure's outputs are withheld (<see cref="MissingFigureRunsException"/>), so a published collect is always complete
/// (docs/studies.md, "Figures").
/// </summary>
public class StoredFigureRuns(FigureRunSpec figure, IReadOnlyDictionary<string, RunRecord> completed) : FigureRuns
{
    /// <summary>The figure reproduced.</summary>
    protected FigureRunSpec Figure { get; } = figure;

    /// <summary>The store's completed runs by key.</summary>
    protected IReadOnlyDictionary<string, RunRecord> Completed { get; } = completed;

    /// <summary>Runs the figure asked for.</summary>
    public int Asked { get; private set; }

    /// <summary>Runs not in the store.</summary>
    public int Missing { get; private set; }

    /// <summary>The keys of a batch's runs, [point × repetitions + repetition], numbering the batch.</summary>
    protected string[] Keys<TPoint>(IReadOnlyList<TPoint> points, int repetitions, ulong seed, out int batch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(repetitions, 1);
        batch = Batches++;
        string identity = FigureRunKey.BatchIdentity(Figure, batch, seed, points.Count, repetitions);
        var keys = new string[points.Count * repetitions];
        for (int i = 0; i < points.Count; i++)
        {
            string pointJson = FigureRunValue.Point(points[i]);
            for (int r = 0; r < repetitions; r++) keys[i * repetitions + r] = FigureRunKey.Key(identity, i, pointJson, r);
        }
        Asked += keys.Length;
        return keys;
    }

    /// <summary>The stored result of <paramref name="key"/> into <paramref name="slot"/>; false (and a placeholder) when the store lacks it.</summary>
    protected bool TryLoad<TResult>(string key, out TResult slot)
    {
        if (Completed.TryGetValue(key, out var record) && record.Value is string json)
        {
            slot = FigureRunValue.Read<TResult>(json);
            return true;
        }
        slot = default!;
        HandedOutPlaceholders = true;
        return false;
    }

    /// <inheritdoc />
    public override TResult[,] Map<TPoint, TResult>(FigureContext ctx, IReadOnlyList<TPoint> points, int repetitions, ulong seed,
        Func<TPoint, int, Rng, TResult> work, ProgressTask? progress)
    {
        var keys = Keys(points, repetitions, seed, out _);
        var results = new TResult[points.Count, repetitions];
        for (int j = 0; j < keys.Length; j++)
            if (!TryLoad(keys[j], out results[j / repetitions, j % repetitions])) Missing++;
        progress?.Increment(keys.Length);
        return results;
    }

    /// <inheritdoc />
    public override void Finish(Experiments.Figure figure, Exception? failure)
    {
        // With runs missing the figure computed from placeholders: whatever it did (or threw) is not the figure.
        if (Missing > 0) throw new MissingFigureRunsException(figure.Id, Missing, Asked);
    }
}
