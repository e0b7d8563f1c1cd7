using TransferLab.Experiments.Studies;
using TransferLab.Validation;

namespace TransferLab.Cli.Slurm;

/// <summary>What a submission did.</summary>
/// <param name="Submission">The jobs submitted; null when no shard had missing runs.</param>
/// <param name="Script">The array script written.</param>
/// <param name="CollectScript">The collect script written.</param>
/// <param name="MissingRuns">Runs missing when submitting.</param>
public sealed record SubmitOutcome(SlurmSubmission? Submission, string? Script, string? CollectScript, int MissingRuns);

/// <summary>
/// Submits a study to Slurm: one job array with a task per shard that still has missing runs (each task runs
/// <c>study run … --shard i/N</c>), and a collect job that starts once every task has ended, whatever their exit status
/// (<c>--dependency=afterany</c>: afterok would never fire after a failed task). Submitting again therefore submits
/// only what is missing (docs/studies.md, "Slurm").
/// </summary>
public static class StudySubmitter
{
    /// <summary>Default shard count: one per run up to 16.</summary>
    public const int DefaultTasks = 16;

    /// <summary>Submits <paramref name="plan"/> into <paramref name="store"/>'s directory.</summary>
    public static SubmitOutcome Submit(StudyPlan plan, RunStore store, SlurmJobSettings settings, SlurmClient slurm, bool replaceSpec)
    {
        store.Initialize(plan.Spec, replaceSpec);
        var previous = SlurmSubmission.ReadAll(store);
        if (previous.Count > 0)
        {
            var last = previous[^1];
            var active = slurm.Tasks([last.ArrayJob, last.CollectJob]).Where(t => t.Active).ToList();
            if (active.Count > 0)
                throw new ParameterException("out", store.Directory,
                    $"jobs of this study are still queued or running ({string.Join(", ", active.Select(t => t.JobId).Distinct())}); wait for them, or scancel {last.ArrayJob} {last.CollectJob}");
        }
        int tasks = settings.Tasks ?? (previous.Count > 0 ? previous[^1].Tasks : Math.Clamp(plan.Runs.Count, 1, DefaultTasks));
        if (tasks > ShardSpec.MaxCount) throw new ParameterException("tasks", tasks, $"at most {ShardSpec.MaxCount}");
        var status = StudyStatus.Of(plan, store.Read(), tasks);
        var shards = Enumerable.Range(1, tasks).Where(i => status.MissingByShard[i - 1] > 0).ToList();
        if (shards.Count == 0) return new SubmitOutcome(null, null, null, 0);

        string slurmDir = Path.Combine(store.Directory, "slurm");
        Directory.CreateDirectory(Path.Combine(slurmDir, "logs"));
        string script = Path.Combine(slurmDir, $"shards-of-{tasks}.sbatch");
        string collect = Path.Combine(slurmDir, "collect.sbatch");
        File.WriteAllText(script, SlurmScripts.Shards(store.Directory, plan.Spec.Hash, tasks, settings));
        File.WriteAllText(collect, SlurmScripts.Collect(store.Directory, plan.Spec.Hash, settings));

        string array = SlurmClient.CompressRange(shards) + (settings.MaxParallel is int m ? $"%{m}" : "");
        string arrayJob = slurm.Submit(script, [$"--array={array}", .. settings.SbatchArgs]);
        string collectJob = slurm.Submit(collect, [$"--dependency=afterany:{arrayJob}", .. settings.SbatchArgs]);
        var submission = new SlurmSubmission
        {
            ArrayJob = arrayJob, CollectJob = collectJob, Tasks = tasks, Shards = shards, Study = plan.Spec.Hash, SubmittedUtc = DateTime.UtcNow,
        };
        submission.Append(store);
        return new SubmitOutcome(submission, script, collect, status.Missing);
    }
}
