using System.CommandLine;
using Spectre.Console;
using TransferLab.Cli.Slurm;
using TransferLab.Experiments;
using TransferLab.Experiments.Studies;
using TransferLab.Validation;

namespace TransferLab.Cli.Commands;

/// <summary>
/// <c>transferlab reproduce &lt;id&gt;</c>: run one catalogue figure; with <c>--shard i/N --out DIR</c> only shard i's runs,
/// recorded in DIR for <c>collect</c>; with <c>--slurm</c> every shard as a Slurm job array (docs/studies.md, "Figures").
/// </summary>
public sealed class ReproduceCommand : ICliModule
{
    /// <inheritdoc />
    public void Register(CliRoot root)
    {
        if (!root.Builds("reproduce")) return;
        var id = new Argument<string>("id") { Description = "Figure id from `transferlab list`, or `all` for every figure." };
        var quick = CommonOptions.Quick();
        var outDir = CommonOptions.Out("./transferlab-out");
        var seed = CommonOptions.Seed();
        var threads = CommonOptions.Threads();
        var dataDir = new Option<string?>("--data-dir") { Description = "Directory holding the real data sets the real-data figures read (default: $TRANSFERLAB_DATA, then /usr/share/datasets/fashion-mnist from the Debian package dataset-fashion-mnist)." };
        var shard = new Option<string?>("--shard")
        {
            Description = "Run only shard i of N (i/N) of the figure's runs and record them in --out (shared by all shards; rerun to resume); `collect DIR` then writes the figure, identical to an unsharded run.",
        };
        var slurm = new Option<bool>("--slurm")
        {
            Description = "Submit the figure to Slurm as a job array (task i: --shard i/N) plus a collect job (afterany) into --out; with --threads as CPUs per task (default 1).",
        };
        var job = new SlurmOptions(FigureSubmitter.DefaultTasks.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var cmd = new Command("reproduce", "Reproduce a figure: theory lines and simulation points ±2 SE, written as tidy CSV, a summary CSV, a manifest JSON and PNG + SVG plots. With TRANSFERLAB_PROFILE=1 also ID-profile.txt: CPU seconds per linear-algebra kernel, GC pauses, allocation and the managed rest.")
        {
            id, quick, outDir, seed, threads, dataDir, shard, slurm,
        };
        foreach (var o in job.All) cmd.Options.Add(o);
        CliRoot.SetAction(cmd, p =>
        {
            string which = p.GetValue(id)!;
            // Shards and Slurm tasks are separate processes: they find the data through TRANSFERLAB_DATA (docs/realdata.md).
            if ((p.GetValue(shard) is not null || p.GetValue(slurm)) && p.GetValue(dataDir) is string dataText)
                throw new ParameterException("data-dir", dataText, "applies to an unsharded reproduce; set TRANSFERLAB_DATA for --shard and --slurm");
            if (p.GetValue(shard) is string shardText)
            {
                if (p.GetValue(slurm)) throw new ParameterException("shard", shardText, "give either --shard (run one shard here) or --slurm (submit every shard)");
                return RunShard(p, which, ShardSpec.Parse(shardText), StoreDirectory(p, outDir, "shard", shardText), p.GetValue(quick), p.GetValue(seed),
                    CommonOptions.ValidThreads(p.GetValue(threads)));
            }
            if (p.GetValue(slurm))
            {
                int perTask = p.GetResult(threads) is { Implicit: false } ? p.GetValue(threads) : 1;
                return Submit(p, which, StoreDirectory(p, outDir, "slurm", "true"), p.GetValue(quick), p.GetValue(seed), job.Read(p, perTask));
            }
            if (job.FirstGiven(p) is { } stray) throw new ParameterException(stray.Name.TrimStart('-'), p.GetResult(stray)!.Tokens.FirstOrDefault()?.Value ?? "", "applies only with --slurm");
            int t = CommonOptions.ValidThreads(p.GetValue(threads));
            var figures = which == "all" ? FigureCatalogue.All.ToList() : [FigureCatalogue.Find(which)];
            FigureRunner.PrepareOutputDirectory(p.GetValue(outDir)!);
            var results = new List<FigureRunResult>();
            foreach (var f in figures)
            {
                var board = new ProgressBoard();
                var profile = PhaseProfile.StartIfRequested();
                var r = ProgressDisplay.Run(board, () => FigureRunner.Run(f, p.GetValue(quick), p.GetValue(outDir)!, p.GetValue(seed), t, board, dataDirectory: p.GetValue(dataDir)));
                if (profile is not null) r = WriteProfile(r, profile, p.GetValue(quick), t);
                results.Add(r);
                AnsiConsole.MarkupLine($"[green]✓[/] {Markup.Escape(f.Id)} ({r.ElapsedSeconds:F1} s): {Markup.Escape(string.Join(", ", r.Files.Select(Path.GetFileName)))}");
            }
            Summary.Print(results);
            return 0;
        });
        root.Root.Subcommands.Add(cmd);
    }

    // Next to the manifest, outside it: the profile measures the run, it is not one of the figure's results.
    private static FigureRunResult WriteProfile(FigureRunResult r, PhaseProfile profile, bool quick, int threads)
    {
        string path = Path.Combine(Path.GetDirectoryName(r.Files[^1])!, $"{r.Figure.Id}-profile.txt");
        File.WriteAllText(path, profile.Finish(FormattableString.Invariant($"{r.Figure.Id} ({(quick ? "--quick" : "paper size")}, --threads {threads})")));
        return r with { Files = [.. r.Files, path] };
    }

    // A sharded figure's directory is shared by its shards, so it is named, never defaulted.
    private static string StoreDirectory(ParseResult p, Option<string> outDir, string option, string value)
    {
        if (p.GetResult(outDir) is not { Implicit: false })
            throw new ParameterException(option, value, "needs --out DIR, the directory every shard and the collect share (e.g. --out runs/anguita-fig3)");
        return FigureRunner.PrepareOutputDirectory(p.GetValue(outDir)!);
    }

    private static Figure OneFigure(string which, string option, string value) => which == "all"
        ? throw new ParameterException(option, value, "takes one figure id, not all")
        : FigureCatalogue.Find(which);

    private static int RunShard(ParseResult p, string which, ShardSpec shard, string dir, bool quick, ulong seed, int threads)
    {
        var figure = OneFigure(which, "shard", shard.ToString());
        FigureShardRunner.RequireSplits(figure);
        var store = new RunStore(dir);
        var board = new ProgressBoard();
        var info = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, key) in new[] { ("SLURM_JOB_ID", "slurm_job"), ("SLURM_ARRAY_JOB_ID", "slurm_array_job"), ("SLURM_ARRAY_TASK_ID", "slurm_array_task") })
            if (Environment.GetEnvironmentVariable(name) is { Length: > 0 } v) info[key] = v;
        var outcome = ProgressDisplay.Run(board, () => FigureShardRunner.Run(figure, new FigureRunSpec(figure.Id, quick, seed), store, shard, threads, board, info));
        Console.WriteLine(FormattableString.Invariant(
            $"{figure.Id} shard {shard}: {outcome.InShard} runs in {outcome.Batches} batches, {outcome.AlreadyComplete} already complete, {outcome.Executed} executed in {outcome.Elapsed.TotalSeconds:F1} s"));
        Console.WriteLine($"next, once every shard has run: {CliRoot.CommandName} collect {StudyReproduceLine.Quote(store.Directory)}");
        return 0;
    }

    private static int Submit(ParseResult p, string which, string dir, bool quick, ulong seed, SlurmJobSettings settings)
    {
        var figure = OneFigure(which, "slurm", "true");
        FigureShardRunner.RequireSplits(figure);
        var client = SlurmOptions.Client();
        var store = new RunStore(dir);
        SubmitOutcome outcome;
        try { outcome = FigureSubmitter.Submit(figure, new FigureRunSpec(figure.Id, quick, seed), store, settings, client); }
        catch (SlurmException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return CliRoot.Failure;
        }
        if (outcome.Submission is not { } s)
        {
            Console.WriteLine($"nothing to submit: every shard of {figure.Id} in {store.Directory} has finished; `{CliRoot.CommandName} collect {StudyReproduceLine.Quote(store.Directory)}`");
            return 0;
        }
        Console.WriteLine($"array job {s.ArrayJob}: {s.Shards.Count} of {s.Tasks} shards of {figure.Id}, script {outcome.Script}");
        Console.WriteLine($"collect job {s.CollectJob}: after every task ends (afterany), writes {store.ResultsDirectory}");
        return 0;
    }
}
