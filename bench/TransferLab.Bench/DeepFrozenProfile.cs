using System.Diagnostics;
using System.Globalization;
using TransferLab.Data;
using TransferLab.Models;
using TransferLab.Numerics;
using TransferLab.Training;

namespace TransferLab.Bench;

/// <summary>
/// Stopwatch profile of <see cref="DeepLinearGradientFlow"/> on the runs of the paper-size shachaf-deep-frozen figure
/// (d = 60, depth 3, σ = 0.1, the figure's n grid, both angles, the three trainable masks, the step and stopping rule of
/// ShachafDeepSimulation): steps, convergence and CPU µs per step for each (angle, n, protocol), a few designs each.
/// Usage: <c>dotnet run -c Release --project bench/TransferLab.Bench -- deep-frozen-profile [designs] [d]</c>.
/// </summary>
public static class DeepFrozenProfile
{
    /// <summary>Runs the profile and prints a Markdown table.</summary>
    public static void Run(string[] args)
    {
        int designs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2;
        int d = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 60;
        const int depth = 3;
        const double sigma = 0.1;
        int[] ns = [3, 12, 24, 30, 90, 120, 180];
        string[] names = ["all layers", "W1 frozen", "only W1 trained"];
        bool[][] masks = [[true, true, true], [false, true, true], [true, false, false]];
        Console.WriteLine($"backend: {LinearAlgebra.Provider.Name}, d = {d}, {designs} designs per cell");
        Console.WriteLine("| angle | n | protocol | mean steps | not converged | CPU s | µs/step (CPU) |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        var process = Process.GetCurrentProcess();
        var cpu0 = process.TotalProcessorTime;
        long totalSteps = 0;
        foreach (double angle in new[] { 90.0, 60.0 })
            foreach (int n in ns)
            {
                var steps = new long[3];
                var failed = new int[3];
                var cpu = new double[3];
                for (int r = 0; r < designs; r++)
                {
                    var rng = new Rng((ulong)(1000 * n + r + (angle == 90 ? 0 : 500_000)));
                    var pair = LinearTeacherPair.AtAngle(d, angle * Math.PI / 180, 1, 1, rng);
                    var x = rng.GaussianMatrix(n, d);
                    var y = LinearAlgebra.Multiply(x, pair.Target);
                    for (int i = 0; i < n; i++) y[i] += sigma * rng.NextGaussian();
                    for (int k = 0; k < 3; k++)
                    {
                        var net = DeepLinearNetworkInit.BalancedRankOne(pair.Source, depth, null, rng);
                        var loss = new EmpiricalSquaredLoss(x, y);
                        double scale = Math.Max(Math.Max(Vec.Norm(pair.Source), Vec.Norm(LinearAlgebra.LeastSquares(x, y))), 1.0);
                        var options = new DeepLinearTrainingOptions(DeepLinearGradientFlow.SuggestStep(loss, depth, scale, 0.1), 300_000, 1e-9, Trainable: masks[k]);
                        process.Refresh();
                        var c0 = process.TotalProcessorTime;
                        var result = DeepLinearGradientFlow.Train(net, loss, options);
                        process.Refresh();
                        cpu[k] += (process.TotalProcessorTime - c0).TotalSeconds;
                        steps[k] += result.Steps;
                        if (!result.Converged) failed[k]++;
                    }
                }
                for (int k = 0; k < 3; k++)
                {
                    totalSteps += steps[k];
                    Console.WriteLine($"| {angle} | {n} | {names[k]} | {steps[k] / designs} | {failed[k]} | {cpu[k]:F2} | {1e6 * cpu[k] / Math.Max(steps[k], 1):F2} |");
                }
            }
        process.Refresh();
        double all = (process.TotalProcessorTime - cpu0).TotalSeconds;
        Console.WriteLine($"total: {totalSteps} steps, CPU {all:F2} s, {1e6 * all / Math.Max(totalSteps, 1):F2} µs/step");
    }
}
