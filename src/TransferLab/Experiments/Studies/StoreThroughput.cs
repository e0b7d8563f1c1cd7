namespace TransferLab.Experiments.Studies;

/// <summary>How fast a run store filled: completed runs over the wall time from the first worker's start to the last record.</summary>
/// <param name="RunsPerSecond">Completed runs per second of that wall time; null before any run is recorded.</param>
/// <param name="MeanRunSeconds">Mean compute time of a completed run; null before any.</param>
public sealed record StoreThroughput(double? RunsPerSecond, double? MeanRunSeconds)
{
    /// <summary>The throughput of what <paramref name="snapshot"/> holds.</summary>
    public static StoreThroughput Of(StoreSnapshot snapshot)
    {
        var starts = snapshot.Workers.Select(w => w.StartedUtc).OfType<DateTime>().ToList();
        var ends = snapshot.Workers.Select(w => w.LastFinishedUtc).OfType<DateTime>().ToList();
        double? rate = null;
        if (starts.Count > 0 && ends.Count > 0 && snapshot.Completed.Count > 0)
        {
            double span = (ends.Max() - starts.Min()).TotalSeconds;
            if (span > 0) rate = snapshot.Completed.Count / span;
        }
        double? mean = snapshot.Completed.Count > 0 ? snapshot.Completed.Values.Average(r => r.Seconds) : null;
        return new StoreThroughput(rate, mean);
    }
}
