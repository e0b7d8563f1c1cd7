using System.Diagnostics;
using TransferLab.Data;
using TransferLab.Models;
using TransferLab.Numerics;
using TransferLab.Training;

namespace TransferLab.Bench;

/// <summary>
/// Stopwatch profile of <see cref="DiagonalGradientFlow"/> at the shapes of issue 15, item 5 (D = 500, N = α·D,
/// α ∈ {0.1, 0.2, 0.3}): per-step time, steps to the residual 1e-9, and the distance of the end point to the exact
/// gradient-flow limit (<see cref="ImplicitBiasSolver"/> at residual 1e-13), for one step rule on one task:
/// <c>scratch</c> — every weight √(c/2) (β = 0) on a ρ-sparse N(0, 1/ρ) teacher with N(0, 1) inputs, the problem of
/// bench/diagonal-gd-numpy.py, so per-step costs compare side by side; <c>identical</c> / <c>new</c> — the FT stage of
/// `simulate diagonal` at its defaults (oracle PT, c_PT = 10⁻³, λ = γ = 0, N(0, I/D) inputs) with the FT support equal to
/// the PT support or disjoint from it. Each time is the process's CPU time and wall time of the training call.
/// Usage: <c>dotnet run -c Release --project bench/TransferLab.Bench -- diagonal-gd-profile [exact-flow|euler]
/// [scratch|identical|new] [seeds] [max-steps] [repeats]</c>; repeats &gt; 1 trains each problem that many times from
/// the same start and times them all (the exact-flow runs last milliseconds, too short for a per-step time alone).
/// </summary>
public static class DiagonalGdProfile
{
    /// <summary>Runs the profile and prints a Markdown table.</summary>
    public static void Run(string[] args)
    {
        var rule = args.Length > 1 && args[1] == "euler" ? DiagonalFlowStepRule.Euler : DiagonalFlowStepRule.ExactFlow;
        string task = args.Length > 2 ? args[2] : "scratch";
        int seeds = args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 5;
        int maxSteps = args.Length > 4 ? int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : 2_000_000;
        int repeats = args.Length > 5 ? int.Parse(args[5], System.Globalization.CultureInfo.InvariantCulture) : 1;
        const int d = 500;
        Console.WriteLine($"backend: {LinearAlgebra.Provider.Name}; rule {rule}; task {task}");
        Console.WriteLine("| α | seed | N | steps | Xβ products | rel. residual | ‖β − β*‖/‖β*‖ | wall s | µs/step (wall) | µs/step (CPU) |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        long totalSteps = 0;
        double trainWall = 0, trainCpu = 0;
        foreach (double alpha in new[] { 0.1, 0.2, 0.3 })
        {
            int n = (int)Math.Round(alpha * d);
            for (int seed = 0; seed < seeds; seed++)
            {
                var (x, y, scales, start) = task == "scratch" ? Scratch(n, d, seed) : FineTune(n, d, task == "new", seed);
                var options = new DiagonalFlowOptions(Tolerance: 1e-9, MaxSteps: maxSteps, Rule: rule);
                var net = start.Clone();
                var c0 = Process.GetCurrentProcess().TotalProcessorTime;
                var sw = Stopwatch.StartNew();
                var r = DiagonalGradientFlow.Train(net, x, y, options);
                for (int k = 1; k < repeats; k++) DiagonalGradientFlow.Train(start.Clone(), x, y, options);
                double wall = sw.Elapsed.TotalSeconds / repeats, cpu = (Process.GetCurrentProcess().TotalProcessorTime - c0).TotalSeconds / repeats;
                trainWall += wall;
                trainCpu += cpu;
                var exact = ImplicitBiasSolver.Solve(x, y, scales, tolerance: 1e-13).Beta;
                double distance = Vec.Norm(Vec.Subtract(net.Predictor(), exact)) / Vec.Norm(exact);
                totalSteps += r.Steps;
                int s = Math.Max(r.Steps, 1);
                Console.WriteLine($"| {alpha} | {seed} | {n} | {r.Steps} | {r.LossEvaluations} | {r.RelativeResidual:E2} | {distance:E2} | {wall:F3} | {1e6 * wall / s:F2} | {1e6 * cpu / s:F2} |");
            }
        }
        Console.WriteLine($"total (per repeat): {totalSteps} steps, training wall {trainWall:F2} s, CPU {trainCpu:F2} s, {1e6 * trainWall / Math.Max(totalSteps, 1):F2} µs/step");
    }

    static (Matrix X, double[] Y, double[] Scales, DiagonalNetwork Start) Scratch(int n, int d, int seed)
    {
        const double c = 1e-3, rho = 0.1;
        var rng = new Random(seed);
        var x = new Matrix(n, d);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) x[i, j] = Gaussian(rng);
        var betaStar = new double[d];
        for (int j = 0; j < d; j++) betaStar[j] = rng.NextDouble() < rho ? Gaussian(rng) / Math.Sqrt(rho) : 0;
        var y = LinearAlgebra.Multiply(x, betaStar);
        return (x, y, Enumerable.Repeat(c, d).ToArray(), DiagonalNetwork.Pretraining(d, new DiagonalInitialization(c, 0, 0)));
    }

    static (Matrix X, double[] Y, double[] Scales, DiagonalNetwork Start) FineTune(int n, int d, bool newFeatures, int seed)
    {
        var init = new DiagonalInitialization(1e-3, 0, 0);
        var task = new SparseTransferTask(d, 0.1, newFeatures ? 0 : 0.1, newFeatures ? 0.1 : 0, (double)n / d);
        var rng = new Rng((ulong)seed + 1);
        var (pt, ft) = task.SampleTeachers(rng);
        var x = rng.GaussianMatrix(n, d, 1 / Math.Sqrt(d));
        var y = LinearAlgebra.Multiply(x, ft);
        return (x, y, pt.Select(init.FineTuneScale).ToArray(), DiagonalNetwork.FromInvariants(init, pt).FineTuningStart(init.GammaFt));
    }

    static double Gaussian(Random rng)
    {
        double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
