using System.Globalization;
using System.Text;
using TransferLab.Cli.Commands;
using TransferLab.Experiments.Studies;

namespace TransferLab.Cli.Slurm;

/// <summary>Job settings of a study submission (the options of <c>study submit --slurm</c>).</summary>
/// <param name="Tasks">Shards = array tasks (null: the last submission's count, else min(runs, 16)).</param>
/// <param name="MaxParallel">Array tasks running at once (the <c>%M</c> of <c>--array</c>; null: no limit).</param>
/// <param name="Partition">Partition (null: the cluster's default).</param>
/// <param name="Time">Time limit per task, Slurm syntax (e.g. 2:00:00; null: the partition's default).</param>
/// <param name="Memory">Memory per task, Slurm syntax (e.g. 4G; null: the partition's default).</param>
/// <param name="Threads">Threads (CPUs) per task.</param>
/// <param name="SbatchArgs">Further sbatch options, passed to both jobs as given (e.g. <c>--account=abc</c>).</param>
/// <param name="Command">How a compute node starts transferlab (a shell word list).</param>
/// <param name="Setup">Shell lines run first in each job (e.g. <c>module load dotnet/10</c>).</param>
public sealed record SlurmJobSettings(int? Tasks, int? MaxParallel, string? Partition, string? Time, string? Memory, int Threads,
    IReadOnlyList<string> SbatchArgs, string Command, IReadOnlyList<string> Setup);

/// <summary>The batch scripts a submission writes into the study directory (readable and re-submittable by hand).</summary>
public static class SlurmScripts
{
    /// <summary>The array script: task i runs <c>study run DIR/study.json --out DIR --shard i/N</c>.</summary>
    public static string Shards(string directory, string study, int shards, SlurmJobSettings s)
    {
        var sb = Header($"tl-{study[..8]}", Path.Combine(directory, "slurm", "logs", "shard-%A_%a.out"), s, s.Threads,
            $"transferlab study {study}: shard $SLURM_ARRAY_TASK_ID of {shards} per array task (docs/studies.md, \"Slurm\").");
        string dir = StudyReproduceLine.Quote(directory);
        sb.Append("cd ").Append(dir).Append('\n');
        sb.Append("exec ").Append(s.Command).Append(" study run ").Append(StudyReproduceLine.Quote(Path.Combine(directory, "study.json")))
            .Append(" --out ").Append(dir)
            .Append(CultureInfo.InvariantCulture, $" --shard \"${{SLURM_ARRAY_TASK_ID}}/{shards}\" --threads \"${{SLURM_CPUS_PER_TASK:-{s.Threads}}}\"\n");
        return sb.ToString();
    }

    /// <summary>The collect script, submitted to start after every array task has ended (afterany).</summary>
    public static string Collect(string directory, string study, SlurmJobSettings s)
    {
        var sb = Header($"tl-{study[..8]}-collect", Path.Combine(directory, "slurm", "logs", "collect-%j.out"), s, 1,
            $"transferlab study {study}: collect the shards' runs into results/ (docs/studies.md, \"Slurm\").");
        string dir = StudyReproduceLine.Quote(directory);
        sb.Append("cd ").Append(dir).Append('\n');
        sb.Append("exec ").Append(s.Command).Append(" study collect ").Append(dir).Append('\n');
        return sb.ToString();
    }

    /// <summary>The array script of a sharded figure: task i runs <c>reproduce ID --out DIR --shard i/N</c> at the figure's size and seed.</summary>
    public static string FigureShards(string directory, FigureRunSpec figure, int shards, SlurmJobSettings s)
    {
        var sb = Header($"tl-{figure.Figure}", Path.Combine(directory, "slurm", "logs", "shard-%A_%a.out"), s, s.Threads,
            $"transferlab reproduce {figure}: shard $SLURM_ARRAY_TASK_ID of {shards} per array task (docs/studies.md, \"Figures\").");
        string dir = StudyReproduceLine.Quote(directory);
        sb.Append("cd ").Append(dir).Append('\n');
        sb.Append("exec ").Append(s.Command).Append(" reproduce ").Append(StudyReproduceLine.Quote(figure.Figure)).Append(figure.Quick ? " --quick" : "")
            .Append(CultureInfo.InvariantCulture, $" --seed {figure.Seed} --out ").Append(dir)
            .Append(CultureInfo.InvariantCulture, $" --shard \"${{SLURM_ARRAY_TASK_ID}}/{shards}\" --threads \"${{SLURM_CPUS_PER_TASK:-{s.Threads}}}\"\n");
        return sb.ToString();
    }

    /// <summary>The collect script of a sharded figure (<c>collect DIR</c>), submitted to start after every array task has ended.</summary>
    public static string FigureCollect(string directory, FigureRunSpec figure, SlurmJobSettings s)
    {
        var sb = Header($"tl-{figure.Figure}-collect", Path.Combine(directory, "slurm", "logs", "collect-%j.out"), s, s.Threads,
            $"transferlab reproduce {figure}: collect the shards' runs into results/ (docs/studies.md, \"Figures\").");
        string dir = StudyReproduceLine.Quote(directory);
        sb.Append("cd ").Append(dir).Append('\n');
        sb.Append("exec ").Append(s.Command).Append(" collect ").Append(dir)
            .Append(CultureInfo.InvariantCulture, $" --threads \"${{SLURM_CPUS_PER_TASK:-{s.Threads}}}\"\n");
        return sb.ToString();
    }

    private static StringBuilder Header(string name, string log, SlurmJobSettings s, int cpus, string comment)
    {
        var sb = new StringBuilder("#!/bin/bash\n");
        sb.Append("# ").Append(comment).Append('\n');
        sb.Append("#SBATCH --job-name=").Append(name).Append('\n');
        sb.Append("#SBATCH --output=").Append(log).Append('\n');
        sb.Append(CultureInfo.InvariantCulture, $"#SBATCH --cpus-per-task={cpus}\n");
        sb.Append("#SBATCH --ntasks=1\n");
        if (s.Partition is not null) sb.Append("#SBATCH --partition=").Append(s.Partition).Append('\n');
        if (s.Time is not null) sb.Append("#SBATCH --time=").Append(s.Time).Append('\n');
        if (s.Memory is not null) sb.Append("#SBATCH --mem=").Append(s.Memory).Append('\n');
        sb.Append("set -euo pipefail\n");
        foreach (var line in s.Setup) sb.Append(line).Append('\n');
        return sb;
    }
}
