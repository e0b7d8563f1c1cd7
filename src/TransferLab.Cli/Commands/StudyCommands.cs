using System.CommandLine;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Spectre.Console;
using TransferLab.Cli.Slurm;
using TransferLab.Experiments;
using TransferLab.Experiments.Studies;
using TransferLab.Validation;

namespace TransferLab.Cli.Commands;

/// <summary>
/// <c>transferlab study plan|run|collect|status|submit</c>: declarative sweeps over any model's parameters that resume,
/// shard and run on Slurm. Thin: the work is in <c>TransferLab.Experiments.Studies</c> and <see cref="StudySubmitter"/>
/// (docs/studies.md).
/// </summary>
public sealed class StudyCommands : ICliModule
{
    /// <inheritdoc />
    public void Register(CliRoot root)
    {
        if (!root.Builds("study")) return;
        var study = new Command("study", "Studies: a grid over any model's parameters with simulations at many seeds, from a YAML/JSON spec; resumable, shardable, runs on Slurm (docs/studies.md).");
        study.Subcommands.Add(Plan());
        study.Subcommands.Add(RunCommand());
        study.Subcommands.Add(Collect());
        study.Subcommands.Add(Status());
        study.Subcommands.Add(Submit());
        root.Root.Subcommands.Add(study);
    }

    private static Argument<string> SpecArgument() => new("spec")
    {
        Description = "Study spec, YAML or JSON (.json): model, compute, seed, seeds, fixed, sweep; keys under fixed and sweep are the long option names of theory|simulate <model>.",
    };

    private static Argument<string> DirArgument() => new("dir") { Description = "Study directory (written by study run or study submit)." };

    private static Option<string> OutOption() => new("--out") { Description = "Study directory: study.json, runs/ (the durable record), results/. Shared by every shard.", Required = true };

    private static Option<bool> ReplaceSpec() => new("--replace-spec")
    {
        Description = "Let this spec replace a different one already in --out; completed runs whose keys both share are kept.",
    };

    private static Command Plan()
    {
        var spec = SpecArgument();
        var threads = CommonOptions.Threads();
        var rows = CommonOptions.WithDefault("--rows", "Number of first runs to list.", 10);
        var json = CommonOptions.Json();
        var maxMemory = CommonOptions.MaxMemory();
        var cmd = new Command("plan", "Check a spec and print its runs, memory per run, time estimate and first runs (nothing runs).") { spec, threads, maxMemory, rows, json };
        CliRoot.SetAction(cmd, p =>
        {
            var plan = StudyPlan.Create(StudySpec.Load(p.GetValue(spec)!));
            int t = CommonOptions.ValidThreads(p.GetValue(threads));
            CheckMemory(plan, t, CommonOptions.Budget(p, maxMemory));
            int n = p.GetValue(rows) >= 0 ? p.GetValue(rows) : throw new ParameterException("rows", p.GetValue(rows), "expected an integer ≥ 0");
            var s = plan.Spec;
            long bytes = plan.Runs.Count == 0 ? 0 : plan.Runs.Max(r => r.Estimate.Bytes);
            double cpu = plan.EstimatedSeconds;
            // Longest-processing-time over t threads: the wall time is at least the largest run and the total over t.
            double wall = Math.Max(cpu / t, plan.Runs.Count == 0 ? 0 : plan.Runs.Max(r => r.Estimate.Seconds));
            var first = plan.Runs.Take(n).ToList();
            if (p.GetValue(json))
            {
                CliOutput.Print(new
                {
                    Study = s.Hash, Model = s.Model, Compute = s.Computations.Select(c => c.ToString().ToLowerInvariant()).ToArray(), s.Seed, s.Seeds,
                    Points = plan.Points.Count, Runs = plan.Runs.Count, MemoryPerRunBytes = bytes, ProcessBytes = RunEstimate.ProcessBytes,
                    EstimatedCpuSeconds = cpu, EstimatedWallSeconds = wall, Threads = t,
                    FirstRuns = first.Select(r => new { r.Key, Compute = r.Compute.ToString().ToLowerInvariant(), r.Point, r.Repetition, r.RunSeed, Parameters = r.Given.ToDictionary(g => g.Key, g => g.Value) }).ToArray(),
                }, true);
                return 0;
            }
            Console.WriteLine($"Study {s.Hash}: model {plan.Family.Name} ({plan.Family.Paper}), compute {string.Join(" + ", s.Computations.Select(c => c.ToString().ToLowerInvariant()))}, seed {s.Seed}"
                              + (s.Seeds > 0 ? $", {s.Seeds} seeds per point" : ""));
            Console.WriteLine($"Grid: {plan.Points.Count} point{(plan.Points.Count == 1 ? "" : "s")}"
                              + (s.Sweep.Count > 0 ? " = " + string.Join(" × ", s.Sweep.Select(a => $"{a.Name} ({a.Values.Count})")) : "")
                              + (s.Fixed.Count > 0 ? "; fixed: " + string.Join(", ", s.Fixed.Select(f => $"{f.Key} = {f.Value}")) : ""));
            Console.WriteLine($"Runs: {plan.Runs.Count} (" + string.Join(", ", s.Computations.Select(c => $"{c.ToString().ToLowerInvariant()} {plan.Runs.Count(r => r.Compute == c)}")) + ")");
            Console.WriteLine($"Memory per run: up to {Bytes(bytes)} (plus ~{Bytes(RunEstimate.ProcessBytes)} per process)");
            Console.WriteLine($"Estimated time: {Duration(cpu)} of CPU in total, ~{Duration(wall)} with {t} thread{(t == 1 ? "" : "s")} (rough: 1 GFLOP/s per thread; docs/studies.md, \"Estimates\")");
            if (first.Count > 0)
                CliOutput.PrintRows($"First {first.Count} of {plan.Runs.Count} runs",
                    ["run", "compute", "point", "repetition", "run seed", .. plan.ParameterColumns],
                    first.Select(r => new object?[] { r.Key[..12], r.Compute.ToString().ToLowerInvariant(), r.Point, r.Repetition, r.RunSeed }
                        .Concat(plan.ParameterColumns.Select((c, j) => r.Given.Any(g => g.Key == c) ? plan.Points[r.Point][j] : "")).ToArray()));
            return 0;
        });
        return cmd;
    }

    private static Command RunCommand()
    {
        var spec = SpecArgument();
        var outDir = OutOption();
        var shard = new Option<string>("--shard") { Description = "Run only shard i of N (i/N, 1 ≤ i ≤ N), balanced by estimated cost; shards may run anywhere over a shared --out.", DefaultValueFactory = _ => "1/1" };
        var threads = CommonOptions.Threads();
        var replace = ReplaceSpec();
        var maxMemory = CommonOptions.MaxMemory();
        var cmd = new Command("run", "Run every run (grid point × seed) of a spec not yet recorded in --out, recording each durably; rerun to resume.") { spec, outDir, shard, threads, maxMemory, replace };
        CliRoot.SetAction(cmd, p =>
        {
            var plan = StudyPlan.Create(StudySpec.Load(p.GetValue(spec)!));
            var sh = ShardSpec.Parse(p.GetValue(shard)!);
            int t = CommonOptions.ValidThreads(p.GetValue(threads));
            CheckMemory(plan, t, CommonOptions.Budget(p, maxMemory));
            var store = new RunStore(p.GetValue(outDir)!);
            var board = new ProgressBoard();
            var outcome = ProgressDisplay.Run(board, () => StudyRunner.Run(plan, store, sh, t, board, SchedulerInfo(), p.GetValue(replace)),
                showRate: true, logInterval: TimeSpan.FromSeconds(10));
            double rate = outcome.Executed / Math.Max(outcome.Elapsed.TotalSeconds, 1e-9);
            Console.WriteLine(FormattableString.Invariant(
                $"shard {sh}: {outcome.InShard} runs, {outcome.AlreadyComplete} already complete, {outcome.Executed} executed ({outcome.Failed} failed) in {outcome.Elapsed.TotalSeconds:F1} s ({rate:G3} runs/s)"));
            Console.WriteLine($"next: {CliRoot.CommandName} study collect {StudyReproduceLine.Quote(store.Directory)}");
            if (outcome.Failed > 0)
            {
                Console.Error.WriteLine($"error: {outcome.Failed} runs failed; `{CliRoot.CommandName} study status {StudyReproduceLine.Quote(store.Directory)}` shows why; running again retries them");
                return CliRoot.Failure;
            }
            return 0;
        });
        return cmd;
    }

    /// <summary>
    /// Refuses a plan whose largest run, times the <paramref name="threads"/> runs a worker holds at once, exceeds the
    /// budget, naming the spec key that drives it (docs/architecture.md, "Error contract").
    /// </summary>
    private static void CheckMemory(StudyPlan plan, int threads, double budget)
    {
        // Runs of one grid point share their parameters: one estimate per point and computation.
        foreach (var run in plan.Runs.DistinctBy(r => (r.Point, r.Compute)))
        {
            var one = plan.Family.EstimateMemory(run.Values, 1);
            if (one is null) continue;
            MemoryBudget.Check(one with { Bytes = one.Bytes * threads, DrivenBy = [.. one.DrivenBy.Where(n => n != "threads"), "threads"] }, budget, run.Values);
        }
    }

    // The scheduler's ids of this process (recorded in its journal, shown by study status).
    private static Dictionary<string, string> SchedulerInfo()
    {
        var info = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, key) in new[] { ("SLURM_JOB_ID", "slurm_job"), ("SLURM_ARRAY_JOB_ID", "slurm_array_job"), ("SLURM_ARRAY_TASK_ID", "slurm_array_task") })
            if (Environment.GetEnvironmentVariable(name) is { Length: > 0 } v) info[key] = v;
        return info;
    }

    private static Command Collect()
    {
        var dir = DirArgument();
        var cmd = new Command("collect", "Merge a study directory's runs into results/: runs.csv (one row per run), summary.csv (mean ± SE per point next to theory, z-score), manifest.json, PNG/SVG plots; report missing runs.") { dir };
        CliRoot.SetAction(cmd, p =>
        {
            var store = RunStore.Open(p.GetValue(dir)!);
            var plan = StudyPlan.Create(store.ReadSpec());
            var outcome = StudyCollector.Collect(plan, store.Read(), store.ResultsDirectory, r => StudyReproduceLine.For(plan, r));
            Console.WriteLine($"collected {outcome.Completed} of {outcome.Planned} runs into {outcome.Directory}: {StudyCollector.RunsFile}, {StudyCollector.SummaryFile}, {StudyCollector.ManifestFile}, "
                              + $"{outcome.Files.Count(f => f.EndsWith(".png", StringComparison.Ordinal))} plots (PNG + SVG)");
            if (outcome.Missing.Count > 0)
                Console.Error.WriteLine($"warning: {outcome.Missing.Count} runs missing ({outcome.Failed} failed), e.g. "
                                        + string.Join(", ", outcome.Missing.Take(3).Select(r => $"{r.Key[..12]} ({r.Compute.ToString().ToLowerInvariant()} point {r.Point} repetition {r.Repetition})"))
                                        + $"; listed in {StudyCollector.ManifestFile}; `{CliRoot.CommandName} study run` them again");
            return 0;
        });
        return cmd;
    }

    private static Command Status()
    {
        var dir = new Argument<string>("dir") { Description = "Study directory (written by study run or study submit), or a sharded figure's (reproduce <id> --shard i/N --out DIR, or --slurm)." };
        var json = CommonOptions.Json();
        var cmd = new Command("status", "Completed, missing and failed runs of a study or sharded-figure directory, throughput, and (after study submit or reproduce --slurm) its Slurm tasks.") { dir, json };
        CliRoot.SetAction(cmd, p =>
        {
            var store = new RunStore(p.GetValue(dir)!);
            if (!File.Exists(store.SpecPath) && File.Exists(Path.Combine(store.Directory, FigureRunSpec.FileName)))
                return PrintFigureStatus(store, p.GetValue(json));
            store = RunStore.Open(p.GetValue(dir)!);
            var plan = StudyPlan.Create(store.ReadSpec());
            var submissions = SlurmSubmission.ReadAll(store);
            var last = submissions.Count > 0 ? submissions[^1] : null;
            var status = StudyStatus.Of(plan, store.Read(), last?.Tasks ?? 0);
            var slurm = last is null ? null : SlurmStatus(last, shard => status.MissingByShard.Count >= shard && status.MissingByShard[shard - 1] > 0);
            if (p.GetValue(json))
            {
                CliOutput.Print(new
                {
                    status.Study, status.Model, status.Planned, status.Completed, status.Failed, status.Missing, status.InFlight,
                    ByCompute = status.ByCompute.ToDictionary(kv => kv.Key, kv => new { kv.Value.Completed, kv.Value.Planned }),
                    status.Workers, status.ActiveWorkers, status.RunsPerSecond, status.MeanRunSeconds, status.FirstErrors, status.TornLines, status.CorruptLines,
                    Slurm = slurm,
                }, true);
                return 0;
            }
            Console.WriteLine($"Study {status.Study} ({status.Model}) in {store.Directory}");
            Console.WriteLine($"runs: {status.Planned} planned, {status.Completed} completed, {status.Failed} failed, {status.Missing} missing"
                              + (status.InFlight > 0 ? $", {status.InFlight} in flight (or lost by a killed worker)" : ""));
            Console.WriteLine("  " + string.Join(", ", status.ByCompute.Select(kv => $"{kv.Key} {kv.Value.Completed}/{kv.Value.Planned}")));
            PrintWorkers(status.Workers, status.ActiveWorkers, new StoreThroughput(status.RunsPerSecond, status.MeanRunSeconds), status.FirstErrors,
                status.TornLines, status.CorruptLines);
            PrintSlurm(last, slurm, "study submit");
            return 0;
        });
        return cmd;
    }

    // A sharded figure's directory: its runs counted by replaying the figure from the store (FigureStatus).
    private static int PrintFigureStatus(RunStore store, bool json)
    {
        var status = FigureStatus.Of(store, FigureCatalogue.Find);
        var submissions = SlurmSubmission.ReadAll(store);
        var last = submissions.Count > 0 ? submissions[^1] : null;
        var slurm = last is null ? null
            : SlurmStatus(last, shard => !(status.FinishedShards.TryGetValue(last.Tasks, out var done) && done.Contains(shard)));
        if (json)
        {
            CliOutput.Print(new
            {
                Figure = status.Figure.Figure, status.Figure.Quick, status.Figure.Seed, status.Asked, status.Completed, status.Missing, status.Failed,
                status.InFlight, status.Workers, status.ActiveWorkers,
                FinishedShards = status.FinishedShards.ToDictionary(kv => kv.Key.ToString(CultureInfo.InvariantCulture), kv => kv.Value.ToList()),
                status.Throughput.RunsPerSecond, status.Throughput.MeanRunSeconds, status.FirstErrors, status.TornLines, status.CorruptLines,
                Slurm = slurm,
            }, true);
            return 0;
        }
        Console.WriteLine($"Sharded figure {status.Figure} in {store.Directory}");
        Console.WriteLine($"runs: {status.Asked} asked for by the figure{(status.Missing > 0 ? " so far" : "")}, {status.Completed} completed, {status.Missing} missing, {status.Failed} failed"
                          + (status.InFlight > 0 ? $", {status.InFlight} in flight (or lost by a killed worker)" : ""));
        if (status.Missing > 0)
            Console.WriteLine("  a figure discovers its runs as it goes: later batches may add runs once these are recorded");
        foreach (var (count, done) in status.FinishedShards.OrderBy(kv => kv.Key))
            Console.WriteLine($"  shards of {count}: {done.Count} finished" + (done.Count < count
                ? $", unfinished: {string.Join(", ", Enumerable.Range(1, count).Where(i => !done.Contains(i)))}" : ""));
        PrintWorkers(status.Workers, status.ActiveWorkers, status.Throughput, status.FirstErrors, status.TornLines, status.CorruptLines);
        PrintSlurm(last, slurm, $"reproduce {status.Figure.Figure} --slurm");
        if (status.Missing == 0 && status.Asked > 0)
            Console.WriteLine($"complete: `{CliRoot.CommandName} collect {StudyReproduceLine.Quote(store.Directory)}` writes the figure");
        return 0;
    }

    private static void PrintWorkers(int workers, int activeWorkers, StoreThroughput throughput, IReadOnlyList<string> errors, int torn, int corrupt)
    {
        Console.WriteLine($"workers: {workers} journal{(workers == 1 ? "" : "s")}, {activeWorkers} without an end line (running, or killed)");
        if (throughput.RunsPerSecond is double rate)
            Console.WriteLine(FormattableString.Invariant($"throughput: {rate:G3} runs/s over the wall time; mean run {throughput.MeanRunSeconds:G3} s"));
        foreach (var e in errors) Console.WriteLine($"failed: {e}");
        if (torn + corrupt > 0)
            Console.WriteLine($"store: skipped {torn} incomplete last line(s) and {corrupt} unreadable line(s)");
    }

    private static void PrintSlurm(SlurmSubmission? last, SlurmView? slurm, string resubmit)
    {
        if (last is null || slurm is null) return;
        Console.WriteLine($"Slurm: array job {last.ArrayJob} ({last.Shards.Count} of {last.Tasks} shards), collect job {last.CollectJob}: {slurm.Collect}");
        Console.WriteLine("  tasks: " + string.Join(", ", slurm.Tasks.GroupBy(t => t.Value).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}")));
        var failedTasks = slurm.Tasks.Where(t => t.Value.StartsWith("failed", StringComparison.Ordinal)).Select(t => t.Key).ToList();
        if (failedTasks.Count > 0)
            Console.WriteLine($"  failed shards: {string.Join(", ", failedTasks)}; `{CliRoot.CommandName} {resubmit}` again resubmits the unfinished shards");
        if (slurm.Error is not null) Console.WriteLine($"  scheduler: {slurm.Error}");
    }

    /// <summary>The last submission's tasks by shard: the scheduler's state, or, once it forgot them, what the store says.</summary>
    public sealed record SlurmView(string Collect, SortedDictionary<int, string> Tasks, string? Error);

    // shardUnfinished: whether the store says the shard still has work (missing runs, or no complete journal).
    private static SlurmView SlurmStatus(SlurmSubmission last, Func<int, bool> shardUnfinished)
    {
        var tasks = new SortedDictionary<int, string>();
        IReadOnlyList<SlurmTask> known = [];
        string? error = null;
        if (SlurmClient.Find() is { } client)
        {
            try { known = client.Tasks([last.ArrayJob, last.CollectJob]); }
            catch (SlurmException e) { error = e.Message; }
        }
        else error = "sbatch/squeue not on PATH: task states from the store only";
        foreach (int shard in last.Shards)
        {
            var t = known.FirstOrDefault(k => k.ArrayJobId == last.ArrayJob && k.ArrayTask == shard);
            bool missing = shardUnfinished(shard);
            tasks[shard] = t switch
            {
                { Active: true } => t.State == "PENDING" ? "queued" : "running",
                { State: "COMPLETED" } => missing ? "failed (completed with runs missing)" : "completed",
                { } => $"failed ({t.State})",
                null => missing ? "failed (gone from the queue with runs missing)" : "completed",
            };
        }
        var collect = known.FirstOrDefault(k => k.JobId == last.CollectJob);
        return new SlurmView(collect is null ? "no longer in the queue" : collect.State, tasks, error);
    }

    private static Command Submit()
    {
        var spec = SpecArgument();
        var outDir = OutOption();
        var slurm = new Option<bool>("--slurm") { Description = "Submit to Slurm (sbatch on PATH): one job array, one task per shard, and a collect job.", Required = true };
        var job = new SlurmOptions("min(runs, 16)");
        var threads = CommonOptions.WithDefault("--threads", "Threads (CPUs) per task (sbatch --cpus-per-task).", 1);
        var replace = ReplaceSpec();
        var cmd = new Command("submit", "Submit a study as a Slurm job array (each task: study run --shard i/N) plus a collect job (afterany); prints the job ids. Again: only shards with missing runs.")
        {
            spec, outDir, slurm, threads, replace,
        };
        foreach (var o in job.All) cmd.Options.Add(o);
        CliRoot.SetAction(cmd, p =>
        {
            var plan = StudyPlan.Create(StudySpec.Load(p.GetValue(spec)!));
            var client = SlurmOptions.Client();
            var settings = job.Read(p, p.GetValue(threads));
            var store = new RunStore(p.GetValue(outDir)!);
            SubmitOutcome outcome;
            try { outcome = StudySubmitter.Submit(plan, store, settings, client, p.GetValue(replace)); }
            catch (SlurmException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return CliRoot.Failure;
            }
            if (outcome.Submission is not { } s)
            {
                Console.WriteLine($"nothing to submit: all {plan.Runs.Count} runs of {store.Directory} are complete; `{CliRoot.CommandName} study collect {StudyReproduceLine.Quote(store.Directory)}`");
                return 0;
            }
            Console.WriteLine($"array job {s.ArrayJob}: {s.Shards.Count} of {s.Tasks} shards ({outcome.MissingRuns} runs missing), script {outcome.Script}");
            Console.WriteLine($"collect job {s.CollectJob}: after every task ends (afterany), writes {store.ResultsDirectory}");
            Console.WriteLine($"watch: {CliRoot.CommandName} study status {StudyReproduceLine.Quote(store.Directory)}");
            return 0;
        });
        return cmd;
    }

    private static string Bytes(long b) => b >= 1L << 30 ? FormattableString.Invariant($"{b / (double)(1L << 30):F1} GB")
        : b >= 1L << 20 ? FormattableString.Invariant($"{b / (double)(1L << 20):F1} MB")
        : FormattableString.Invariant($"{b / 1024.0:F0} kB");

    private static string Duration(double s) => s >= 3600 ? FormattableString.Invariant($"{s / 3600:F1} h")
        : s >= 60 ? FormattableString.Invariant($"{s / 60:F1} min")
        : FormattableString.Invariant($"{s:G3} s");
}
