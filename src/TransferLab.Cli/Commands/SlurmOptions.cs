using System.CommandLine;
using System.Reflection;
using TransferLab.Cli.Slurm;
using TransferLab.Validation;

namespace TransferLab.Cli.Commands;

/// <summary>
/// The job options that <c>study submit --slurm</c> and <c>reproduce &lt;id&gt; --slurm</c> share (tasks, parallel
/// limit, partition, time, memory, sbatch passthrough, how nodes start transferlab, setup lines), and their reading into
/// <see cref="SlurmJobSettings"/> (docs/studies.md, "Slurm").
/// </summary>
/// <param name="tasksDefault">What --tasks defaults to when there was no earlier submission, in words.</param>
public sealed class SlurmOptions(string tasksDefault)
{
    /// <summary>--tasks.</summary>
    public Option<int?> Tasks { get; } = new("--tasks") { Description = $"Number of shards = array tasks (default: the last submission's, else {tasksDefault})." };

    /// <summary>--max-parallel.</summary>
    public Option<int?> MaxParallel { get; } = new("--max-parallel") { Description = "Array tasks running at once (sbatch --array=…%M)." };

    /// <summary>--partition.</summary>
    public Option<string?> Partition { get; } = new("--partition") { Description = "Partition (default: the cluster's default)." };

    /// <summary>--time.</summary>
    public Option<string?> Time { get; } = new("--time") { Description = "Time limit per task, Slurm syntax (e.g. 2:00:00)." };

    /// <summary>--mem.</summary>
    public Option<string?> Memory { get; } = new("--mem") { Description = "Memory per task, Slurm syntax (e.g. 4G); see study plan for an estimate." };

    /// <summary>--sbatch-arg.</summary>
    public Option<string[]> SbatchArgs { get; } = new("--sbatch-arg")
    {
        Description = "Further sbatch option for both jobs, repeatable; attach values with = (e.g. --sbatch-arg=--account=abc).", AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>--command.</summary>
    public Option<string?> Command { get; } = new("--command") { Description = "How a compute node starts transferlab (default: the way this command itself was started: the dotnet host and this program's assembly, or its executable)." };

    /// <summary>--setup.</summary>
    public Option<string[]> Setup { get; } = new("--setup") { Description = "Shell line run first in each job, repeatable (e.g. 'module load dotnet/10')." };

    /// <summary>The options, to add to a command.</summary>
    public IEnumerable<Option> All => [Tasks, MaxParallel, Partition, Time, Memory, SbatchArgs, Command, Setup];

    /// <summary>Whether any of them was given (they apply only with --slurm).</summary>
    public Option? FirstGiven(ParseResult p) => All.FirstOrDefault(o => p.GetResult(o) is { Implicit: false });

    /// <summary>The settings the options give, with <paramref name="threads"/> CPUs per task; input errors are <see cref="ParameterException"/>s naming the option.</summary>
    public SlurmJobSettings Read(ParseResult p, int threads)
    {
        int? n = p.GetValue(Tasks) is int k ? Require.Positive("tasks", k) : null;
        int? m = p.GetValue(MaxParallel) is int mp ? Require.Positive("max-parallel", mp) : null;
        string cmdLine = p.GetValue(Command) ?? DefaultCommand()
            ?? throw new ParameterException("command", "cannot tell how this process was started; give --command (e.g. 'transferlab')");
        return new SlurmJobSettings(n, m, p.GetValue(Partition), p.GetValue(Time), p.GetValue(Memory), Require.Positive("threads", threads),
            p.GetValue(SbatchArgs) ?? [], cmdLine, p.GetValue(Setup) ?? []);
    }

    /// <summary>The Slurm client, or the one-line error (exit 2) saying sbatch is not on PATH.</summary>
    public static SlurmClient Client() => SlurmClient.Find()
        ?? throw new ParameterException("slurm", "sbatch is not on PATH: install Slurm's client commands (or run on the cluster's login node); docs/studies.md, \"Slurm\"");

    /// <summary>How to start this very command line on a compute node: the apphost, or the dotnet host with the CLI's assembly.</summary>
    private static string? DefaultCommand()
    {
        var entry = Assembly.GetEntryAssembly();
        string? process = Environment.ProcessPath;
        if (entry is null || entry.GetName().Name != typeof(SlurmOptions).Assembly.GetName().Name || process is null) return null;
        return Path.GetFileNameWithoutExtension(process) == "dotnet"
            ? $"{StudyReproduceLine.Quote(process)} {StudyReproduceLine.Quote(entry.Location)}"
            : StudyReproduceLine.Quote(process);
    }
}
