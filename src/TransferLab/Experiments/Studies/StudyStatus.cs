using TransferLab.Schema;

namespace TransferLab.Experiments.Studies;

/// <summary>Completed, missing and failed runs of a study directory, what its workers did, and the throughput.</summary>
/// <param name="Study">The spec's hash.</param>
/// <param name="Model">The model.</param>
/// <param name="Planned">Runs planned.</param>
/// <param name="Completed">Runs recorded as successful.</param>
/// <param name="Failed">Runs whose records are failures only.</param>
/// <param name="Missing">Runs not completed (failed ones included).</param>
/// <param name="InFlight">Runs started by a worker that has not ended and not recorded them (running now, or lost if it died).</param>
/// <param name="ByCompute">Completed and planned runs per computation.</param>
/// <param name="Workers">Journals found.</param>
/// <param name="ActiveWorkers">Workers without an end line (running, or killed).</param>
/// <param name="RunsPerSecond">Completed runs over the wall time from the first worker's start to the last record; null before any.</param>
/// <param name="MeanRunSeconds">Mean compute time of a completed run.</param>
/// <param name="FirstErrors">Up to five distinct errors of failed runs.</param>
/// <param name="TornLines">Incomplete last lines skipped.</param>
/// <param name="CorruptLines">Unreadable lines skipped.</param>
/// <param name="MissingByShard">For <see cref="Shards"/> shards, how many runs each still misses.</param>
/// <param name="Shards">The shard count of <see cref="MissingByShard"/> (0 when not asked).</param>
public sealed record StudyStatus(string Study, string Model, int Planned, int Completed, int Failed, int Missing, int InFlight,
    IReadOnlyDictionary<string, (int Completed, int Planned)> ByCompute, int Workers, int ActiveWorkers, double? RunsPerSecond,
    double? MeanRunSeconds, IReadOnlyList<string> FirstErrors, int TornLines, int CorruptLines, IReadOnlyList<int> MissingByShard, int Shards)
{
    /// <summary>The status of <paramref name="plan"/> in <paramref name="snapshot"/>; with <paramref name="shards"/> &gt; 0 also the missing runs per shard.</summary>
    public static StudyStatus Of(StudyPlan plan, StoreSnapshot snapshot, int shards = 0)
    {
        int completed = plan.Runs.Count(r => snapshot.Completed.ContainsKey(r.Key));
        int failed = plan.Runs.Count(r => !snapshot.Completed.ContainsKey(r.Key) && snapshot.Failed.ContainsKey(r.Key));
        var byCompute = plan.Spec.Computations.ToDictionary(StudySpec.Describe,
            c => (plan.Runs.Count(r => r.Compute == c && snapshot.Completed.ContainsKey(r.Key)), plan.Runs.Count(r => r.Compute == c)));
        var active = snapshot.Workers.Where(w => w.EndedUtc is null).ToList();
        int inFlight = active.Sum(w => w.Unfinished.Count(k => !snapshot.Completed.ContainsKey(k)));
        var throughput = StoreThroughput.Of(snapshot);
        var errors = snapshot.Failed.Values.Select(f => f.Error ?? "").Distinct().Take(5).ToList();
        var missingByShard = new List<int>();
        if (shards > 0)
        {
            var assigned = ShardAssignment.Assign(plan.Runs, shards);
            var counts = new int[shards];
            for (int i = 0; i < plan.Runs.Count; i++)
                if (!snapshot.Completed.ContainsKey(plan.Runs[i].Key)) counts[assigned[i]]++;
            missingByShard.AddRange(counts);
        }
        return new StudyStatus(plan.Spec.Hash, plan.Family.Name, plan.Runs.Count, completed, failed, plan.Runs.Count - completed, inFlight,
            byCompute, snapshot.Workers.Count, active.Count, throughput.RunsPerSecond, throughput.MeanRunSeconds, errors, snapshot.TornLines, snapshot.CorruptLines, missingByShard, shards);
    }
}
