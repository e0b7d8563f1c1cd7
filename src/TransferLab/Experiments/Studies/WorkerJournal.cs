namespace TransferLab.Experiments.Studies;

/// <summary>What one journal says about the worker that wrote it.</summary>
/// <param name="File">The journal's file name.</param>
public sealed record WorkerJournal(string File)
{
    /// <summary>The worker line's fields (host, pid, shard, threads, scheduler ids), as text.</summary>
    public Dictionary<string, string> Info { get; } = new(StringComparer.Ordinal);

    /// <summary>When the worker started.</summary>
    public DateTime? StartedUtc { get; set; }

    /// <summary>When it wrote its end line; null while it runs or when it died.</summary>
    public DateTime? EndedUtc { get; set; }

    /// <summary>The latest finish time of its runs.</summary>
    public DateTime? LastFinishedUtc { get; set; }

    /// <summary>Whether its end line says it did its whole shard (figure shards write this; a study worker's end line leaves it out).</summary>
    public bool Complete { get; set; }

    /// <summary>Runs it recorded as completed.</summary>
    public int Completed { get; set; }

    /// <summary>Runs it recorded as failed.</summary>
    public int Failed { get; set; }

    /// <summary>Runs it started and did not record (in flight now, or lost when it died).</summary>
    public HashSet<string> Unfinished { get; } = new(StringComparer.Ordinal);
}
