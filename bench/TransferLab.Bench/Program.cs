using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// TransferLab benchmarks (BenchmarkDotNet, in-process: the 2-core CI-sized machine cannot afford
// out-of-process jobs for every benchmark). Usage:
//   dotnet run -c Release --project bench/TransferLab.Bench -- --filter '*'          (everything)
//   dotnet run -c Release --project bench/TransferLab.Bench -- --filter '*LinearAlgebra*'
//   dotnet run -c Release --project bench/TransferLab.Bench -- relu-profile   (stopwatch profile, ReluProfile.cs)
//   dotnet run -c Release --project bench/TransferLab.Bench -- diagonal-gd-profile   (DiagonalGdProfile.cs)
//   dotnet run -c Release --project bench/TransferLab.Bench -- deep-frozen-profile   (DeepFrozenProfile.cs)
//   dotnet run -c Release --project bench/TransferLab.Bench -- exact-solver-profile   (ExactSolverProfile.cs)
//   dotnet run -c Release --project bench/TransferLab.Bench -- study-scale    (10 000-run theory-only study, StudyScale.cs)
// Each benchmark class may implement IThroughput to add a derived table (e.g. GFLOP/s) after the summary.
if (args.Length > 0 && args[0] == "relu-profile")
{
    // Stopwatch profile of the ReLU training loop at the paper-size figure shapes (see ReluProfile).
    TransferLab.Bench.ReluProfile.Run(args);
    return;
}
if (args.Length > 0 && args[0] == "diagonal-gd-profile")
{
    // Per-step cost and steps to residual of the diagonal-network gradient descent (DiagonalGdProfile; numpy twin: bench/diagonal-gd-numpy.py).
    TransferLab.Bench.DiagonalGdProfile.Run(args);
    return;
}
if (args.Length > 0 && args[0] == "deep-frozen-profile")
{
    // Steps and per-step cost of the deep-linear gradient descent on the shachaf-deep-frozen runs (DeepFrozenProfile).
    TransferLab.Bench.DeepFrozenProfile.Run(args);
    return;
}
if (args.Length > 0 && args[0] == "exact-solver-profile")
{
    // Products with X and preconditioner solves at the exact solver's shapes, and the solves of the anguita-fig3 settings (ExactSolverProfile).
    TransferLab.Bench.ExactSolverProfile.Run(args);
    return;
}
if (args.Length > 0 && args[0] == "study-scale")
{
    TransferLab.Bench.StudyScale.Run(args);
    return;
}
var config = ManualConfig.Create(DefaultConfig.Instance)
    .AddJob(Job.Default
        .WithToolchain(InProcessEmitToolchain.Instance)
        .WithWarmupCount(1)
        .WithIterationCount(5)
        .WithLaunchCount(1)
        .WithId("inprocess-short"))
    .WithOptions(ConfigOptions.DisableOptimizationsValidator | ConfigOptions.JoinSummary);
var summaries = BenchmarkSwitcher.FromAssembly(typeof(TransferLab.Bench.IThroughput).Assembly).Run(args, config);
foreach (var summary in summaries)
    TransferLab.Bench.ThroughputReport.Print(summary);
