using TransferLab.Experiments;
using TransferLab.Experiments.Studies;
using TransferLab.Validation;

namespace TransferLab.Cli.Slurm;

/// <summary>
/// Submits a sharded figure to Slurm the way <see cref="StudySubmitter"/> submits a study: one job array with a task per
/// shard that has not finished (each task runs <c>reproduce ID --shard i/N --out DIR</c>) and a collect job
/// (<c>collect DIR</c>) with <c>--dependency=afterany</c>. A figure discovers its runs as it goes, so "finished" is a
/// shard whose journal ends with a complete end line; submitting again submits the others (docs/studies.md, "Figures").
/// </summary>
public static class FigureSubmitter
{
    /// <summary>Default shard count.</summary>
    public const int DefaultTasks = 8;

    /// <summary>Submits <paramref name="figure"/> at <paramref name="spec"/>'s size and seed into <paramref name="store"/>'s directory.</summary>
    public static SubmitOutcome Submit(Figure figure, FigureRunSpec spec, RunStore store, SlurmJobSettings settings, SlurmClient slurm)
    {
        FigureShardRunner.RequireSplits(figure);
        store.Initialize(spec);
        var previous = SlurmSubmission.ReadAll(store);
        if (previous.Count > 0)
        {
            var last = previous[^1];
            var active = slurm.Tasks([last.ArrayJob, last.CollectJob]).Where(t => t.Active).ToList();
            if (active.Count > 0)
                throw new ParameterException("out", store.Directory,
                    $"jobs of this figure are still queued or running ({string.Join(", ", active.Select(t => t.JobId).Distinct())}); wait for them, or scancel {last.ArrayJob} {last.CollectJob}");
        }
        int tasks = settings.Tasks ?? (previous.Count > 0 ? previous[^1].Tasks : DefaultTasks);
        if (tasks > ShardSpec.MaxCount) throw new ParameterException("tasks", tasks, $"at most {ShardSpec.MaxCount}");
        var finished = FigureCollector.FinishedShards(store.Read(), tasks);
        var shards = Enumerable.Range(1, tasks).Where(i => !finished.Contains(i)).ToList();
        if (shards.Count == 0) return new SubmitOutcome(null, null, null, 0);

        string slurmDir = Path.Combine(store.Directory, "slurm");
        Directory.CreateDirectory(Path.Combine(slurmDir, "logs"));
        string script = Path.Combine(slurmDir, $"shards-of-{tasks}.sbatch");
        string collect = Path.Combine(slurmDir, "collect.sbatch");
        File.WriteAllText(script, SlurmScripts.FigureShards(store.Directory, spec, tasks, settings));
        File.WriteAllText(collect, SlurmScripts.FigureCollect(store.Directory, spec, settings));

        string array = SlurmClient.CompressRange(shards) + (settings.MaxParallel is int m ? $"%{m}" : "");
        string arrayJob = slurm.Submit(script, [$"--array={array}", .. settings.SbatchArgs]);
        string collectJob = slurm.Submit(collect, [$"--dependency=afterany:{arrayJob}", .. settings.SbatchArgs]);
        var submission = new SlurmSubmission
        {
            ArrayJob = arrayJob, CollectJob = collectJob, Tasks = tasks, Shards = shards, Study = spec.Figure, SubmittedUtc = DateTime.UtcNow,
        };
        submission.Append(store);
        return new SubmitOutcome(submission, script, collect, 0);
    }
}
