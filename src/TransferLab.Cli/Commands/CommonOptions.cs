using System.CommandLine;

namespace TransferLab.Cli.Commands;

/// <summary>Options shared by several commands, created fresh per command (System.CommandLine symbols have one parent).</summary>
public static class CommonOptions
{
    /// <summary>An option with a description and a default value.</summary>
    public static Option<T> WithDefault<T>(string name, string description, T defaultValue) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
    };

    /// <summary>--seed: base of all derived seeds.</summary>
    public static Option<ulong> Seed() => new("--seed")
    {
        Description = "Experiment seed (non-negative integer). Each run's random stream is derived from (seed, grid point, repetition), so results do not depend on --threads.",
        DefaultValueFactory = _ => 1UL,
    };

    /// <summary>--threads: parallel runs.</summary>
    public static Option<int> Threads() => new("--threads")
    {
        Description = "Number of runs executed in parallel (≥ 1; default: number of cores). Native BLAS always runs single-threaded, so results are bit-identical for any value.",
        DefaultValueFactory = _ => Environment.ProcessorCount,
    };

    /// <summary>The value of --threads, checked (≥ 1).</summary>
    public static int ValidThreads(int threads) => TransferLab.Validation.Require.Positive("threads", threads);

    /// <summary>--max-memory: the memory budget a computation's estimate is checked against before it allocates.</summary>
    public static Option<string?> MaxMemory() => new("--max-memory")
    {
        Description = "Memory budget (e.g. 512M, 8G); a computation whose estimated peak exceeds it is refused before it allocates (default: 80% of the memory available to the process).",
    };

    /// <summary>The budget in bytes: --max-memory when given, else the default.</summary>
    public static double Budget(ParseResult parse, Option<string?> maxMemory) =>
        parse.GetValue(maxMemory) is string text ? TransferLab.Experiments.MemoryBudget.Parse(text) : TransferLab.Experiments.MemoryBudget.Default;

    /// <summary>--json: machine-readable output.</summary>
    public static Option<bool> Json() => new("--json")
    {
        Description = "Print the result as JSON instead of a table.",
    };

    /// <summary>--out: output directory.</summary>
    public static Option<string> Out(string defaultDir) => new("--out")
    {
        Description = $"Output directory (created if missing; default: {defaultDir}). Files are staged and moved in only when the run succeeds.",
        DefaultValueFactory = _ => defaultDir,
    };

    /// <summary>--quick: small size.</summary>
    public static Option<bool> Quick() => new("--quick")
    {
        Description = "Small, fast size (seconds) instead of the paper's size.",
    };
}
