using System.Diagnostics;
using TransferLab.Experiments.Studies;

namespace TransferLab.Bench;

/// <summary>
/// Stopwatch benchmark of a whole study at scale: a 10 000-run theory-only linear study (100 × 100 grid) planned, run
/// on 2 threads into a fresh store, rerun (everything skipped), and collected. Usage:
/// <c>dotnet run -c Release --project bench/TransferLab.Bench -- study-scale [threads] [d]</c>.
/// </summary>
public static class StudyScale
{
    public static void Run(string[] args)
    {
        int threads = args.Length > 1 ? int.Parse(args[1]) : 2;
        int d = args.Length > 2 ? int.Parse(args[2]) : 20;
        string yaml = $"""
            model: linear
            compute: theory
            fixed: {"{"} d: {d}, sigma: 0.1, teacher: angle {"}"}
            sweep:
              n: {"{"} linspace: [1, 200, 100] {"}"}
              angle: {"{"} linspace: [0, 180, 100] {"}"}
            """;
        string dir = Path.Combine(Path.GetTempPath(), $"transferlab-bench-study-{Environment.ProcessId}");
        if (Directory.Exists(dir)) Directory.Delete(dir, true);
        var store = new RunStore(dir);

        var clock = Stopwatch.StartNew();
        var plan = StudyPlan.Create(StudySpec.Parse(yaml, false));
        double planSeconds = clock.Elapsed.TotalSeconds;

        clock.Restart();
        var outcome = StudyRunner.Run(plan, store, ShardSpec.Whole, threads);
        double runSeconds = clock.Elapsed.TotalSeconds;
        var snapshot = store.Read();
        double compute = snapshot.Completed.Values.Sum(r => r.Seconds);

        clock.Restart();
        var again = StudyRunner.Run(plan, store, ShardSpec.Whole, threads);
        double resumeSeconds = clock.Elapsed.TotalSeconds;

        clock.Restart();
        var collected = StudyCollector.Collect(plan, store.Read(), store.ResultsDirectory);
        double collectSeconds = clock.Elapsed.TotalSeconds;

        Console.WriteLine($"study-scale: {plan.Runs.Count} theory runs (linear, d = {d}), {threads} threads, {Environment.ProcessorCount} cores");
        Console.WriteLine($"  plan     {planSeconds,8:F2} s");
        Console.WriteLine($"  run      {runSeconds,8:F2} s  ({outcome.Executed / runSeconds:F0} runs/s; compute {compute:F2} CPU-s, i.e. {compute / outcome.Executed * 1e6:F0} µs/run)");
        Console.WriteLine($"  store    {(runSeconds * threads - compute) / outcome.Executed * 1e3:F3} ms/run of worker time beyond the computation (start line, record, fdatasync, scheduling)");
        Console.WriteLine($"  rerun    {resumeSeconds,8:F2} s  ({again.AlreadyComplete} skipped, {again.Executed} executed)");
        Console.WriteLine($"  collect  {collectSeconds,8:F2} s  ({collected.Completed} rows, {collected.Files.Count} files)");
        Console.WriteLine($"  total    {planSeconds + runSeconds + collectSeconds,8:F2} s");
        Directory.Delete(dir, true);
    }
}
