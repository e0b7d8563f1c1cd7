using System.Diagnostics;
using TransferLab.Models;
using TransferLab.Numerics;
using TransferLab.Training;

namespace TransferLab.Bench;

/// <summary>
/// Stopwatch profile of <see cref="DiagonalGradientFlow"/> at the shapes of issue 15, item 5 (D = 500, N = α·D,
/// α ∈ {0.1, 0.2, 0.3}): per-step time and steps to the residual, from the scratch initialization (every weight √(c/2),
/// β = 0) on a ρ-sparse N(0, 1/ρ) teacher with N(0, 1) inputs — the same problem as bench/diagonal-gd-numpy.py, so the
/// per-step costs can be compared side by side. Each time is the process's CPU time and wall time of the whole run.
/// Usage: <c>dotnet run -c Release --project bench/TransferLab.Bench -- diagonal-gd-profile [seeds] [max-steps]</c>.
/// </summary>
public static class DiagonalGdProfile
{
    /// <summary>Runs the profile and prints a Markdown table.</summary>
    public static void Run(string[] args)
    {
        int seeds = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5;
        int maxSteps = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 200_000;
        const int d = 500;
        const double c = 1e-3, rho = 0.1;
        Console.WriteLine($"backend: {LinearAlgebra.Provider.Name}");
        Console.WriteLine("| α | seed | N | steps | rel. residual | wall s | µs/step (wall) | µs/step (CPU) |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        long totalSteps = 0;
        var all = Stopwatch.StartNew();
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        foreach (double alpha in new[] { 0.1, 0.2, 0.3 })
        {
            int n = (int)Math.Round(alpha * d);
            for (int seed = 0; seed < seeds; seed++)
            {
                var rng = new Random(seed);
                var x = new Matrix(n, d);
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < d; j++) x[i, j] = Gaussian(rng);
                var betaStar = new double[d];
                for (int j = 0; j < d; j++) betaStar[j] = rng.NextDouble() < rho ? Gaussian(rng) / Math.Sqrt(rho) : 0;
                var y = LinearAlgebra.Multiply(x, betaStar);
                var net = DiagonalNetwork.Pretraining(d, new DiagonalInitialization(c, 0, 0));
                var c0 = Process.GetCurrentProcess().TotalProcessorTime;
                var sw = Stopwatch.StartNew();
                var r = DiagonalGradientFlow.Train(net, x, y, new DiagonalFlowOptions(Tolerance: 1e-9, MaxSteps: maxSteps));
                double wall = sw.Elapsed.TotalSeconds, cpu = (Process.GetCurrentProcess().TotalProcessorTime - c0).TotalSeconds;
                totalSteps += r.Steps;
                int s = Math.Max(r.Steps, 1);
                Console.WriteLine($"| {alpha} | {seed} | {n} | {r.Steps} | {r.RelativeResidual:E2} | {wall:F3} | {1e6 * wall / s:F2} | {1e6 * cpu / s:F2} |");
            }
        }
        double allCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
        Console.WriteLine($"total: {totalSteps} steps, wall {all.Elapsed.TotalSeconds:F2} s, CPU {allCpu:F2} s, {1e6 * all.Elapsed.TotalSeconds / Math.Max(totalSteps, 1):F2} µs/step");
    }

    static double Gaussian(Random rng)
    {
        double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
