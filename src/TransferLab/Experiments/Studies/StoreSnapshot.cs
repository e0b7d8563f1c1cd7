namespace TransferLab.Experiments.Studies;

/// <summary>What one read of a store found: completed and failed runs by key, the journals' workers, and damage skipped.</summary>
public sealed class StoreSnapshot
{
    /// <summary>Successful runs by key (the first complete record of a key wins; reruns give the same numbers).</summary>
    public Dictionary<string, RunRecord> Completed { get; } = new(StringComparer.Ordinal);

    /// <summary>Runs whose last record is a failure and that never succeeded, by key.</summary>
    public Dictionary<string, RunRecord> Failed { get; } = new(StringComparer.Ordinal);

    /// <summary>One entry per journal file.</summary>
    public List<WorkerJournal> Workers { get; } = new();

    /// <summary>Incomplete last lines skipped (a writer killed mid-line, or a line being written right now).</summary>
    public int TornLines { get; set; }

    /// <summary>Complete lines that did not parse (damage, e.g. after a machine crash), skipped.</summary>
    public int CorruptLines { get; set; }
}
