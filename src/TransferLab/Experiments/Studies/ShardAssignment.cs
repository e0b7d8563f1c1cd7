namespace TransferLab.Experiments.Studies;

/// <summary>
/// Splits a study's runs into shards of about equal estimated cost by the longest-processing-time rule: runs in
/// decreasing cost (ties by key), each to the shard with the least cost so far (ties to the lowest shard). Computed
/// from the plan alone, never from the store, so every machine computes the same split at any moment
/// (docs/studies.md, "Shards"). LPT is within 4/3 of the best possible makespan.
/// </summary>
public static class ShardAssignment
{
    /// <summary>For each run (in the order given), its shard 0 … <paramref name="shards"/> − 1.</summary>
    public static int[] Assign(IReadOnlyList<StudyRun> runs, int shards)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        var result = new int[runs.Count];
        if (shards == 1) return result;
        var order = Enumerable.Range(0, runs.Count)
            .OrderByDescending(i => runs[i].Estimate.Seconds)
            .ThenBy(i => runs[i].Key, StringComparer.Ordinal)
            .ToArray();
        var queue = new PriorityQueue<int, (double Load, int Shard)>(shards);
        for (int s = 0; s < shards; s++) queue.Enqueue(s, (0, s));
        foreach (int i in order)
        {
            queue.TryDequeue(out int shard, out var load);
            result[i] = shard;
            queue.Enqueue(shard, (load.Load + runs[i].Estimate.Seconds, shard));
        }
        return result;
    }
}
