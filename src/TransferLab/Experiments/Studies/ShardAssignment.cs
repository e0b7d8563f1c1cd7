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
    public static int[] Assign(IReadOnlyList<StudyRun> runs, int shards) =>
        Assign(runs.Select(r => r.Key).ToList(), runs.Select(r => r.Estimate.Seconds).ToList(), new double[shards]);

    /// <summary>
    /// For each job (keys and estimated costs in the order given), its shard 0 … <c>loads.Length</c> − 1, continuing from
    /// the cost each shard already carries in <paramref name="loads"/> (updated in place). A figure assigns its runs one
    /// batch at a time in the order the figure asks for them, carrying the loads over, so every shard computes the same
    /// split without knowing the later batches (docs/studies.md, "Figures").
    /// </summary>
    public static int[] Assign(IReadOnlyList<string> keys, IReadOnlyList<double> costs, double[] loads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(loads.Length, 1);
        if (keys.Count != costs.Count) throw new ArgumentException("one cost per key", nameof(costs));
        int shards = loads.Length;
        var result = new int[keys.Count];
        if (shards == 1) return result;
        var order = Enumerable.Range(0, keys.Count)
            .OrderByDescending(i => costs[i])
            .ThenBy(i => keys[i], StringComparer.Ordinal)
            .ToArray();
        var queue = new PriorityQueue<int, (double Load, int Shard)>(shards);
        for (int s = 0; s < shards; s++) queue.Enqueue(s, (loads[s], s));
        foreach (int i in order)
        {
            queue.TryDequeue(out int shard, out var load);
            result[i] = shard;
            queue.Enqueue(shard, (load.Load + costs[i], shard));
        }
        while (queue.TryDequeue(out int s, out var l)) loads[s] = l.Load;
        return result;
    }
}
