using System.Diagnostics;
using TransferLab.Data;
using TransferLab.Models;
using TransferLab.Numerics;
using TransferLab.Training;

namespace TransferLab.Bench;

/// <summary>
/// Stopwatch profile of the two-layer ReLU training loop at the shapes of the paper-size figures
/// (<c>shachaf-ntk</c>, <c>tahir-relu-transfer</c>, <c>tahir-relu-lambda</c>). Not a BenchmarkDotNet benchmark: it prints
/// per-step times of one gradient-descent step (and of its parts) and the number of steps each training phase of one
/// Shachaf trial takes, which together give the cost of a figure. Usage:
/// <c>dotnet run -c Release --project bench/TransferLab.Bench -- relu-profile</c>.
/// </summary>
public static class ReluProfile
{
    /// <summary>Runs the profile and prints a Markdown table.</summary>
    public static void Run()
    {
        Console.WriteLine($"backend: {LinearAlgebra.Provider.Name}");
        Console.WriteLine("| shape (figure phase) | n | m | d | layers | LossAndGradient ms | 2 GEMMs ms | GD step ms (ReluTrainer) |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        Shape("tahir pretrain", 2000, 300, 30, ReluParameterization.MeanField, true);
        foreach (int n in new[] { 10, 40, 160, 640 })
            Shape("tahir target", n, 300, 30, ReluParameterization.MeanField, true);
        Shape("shachaf pretrain", 200, 2000, 10, ReluParameterization.Ntk, false);
        Shape("shachaf target", 40, 2000, 10, ReluParameterization.Ntk, false);
        Shape("shachaf target", 160, 2000, 10, ReluParameterization.Ntk, false);
        Shape("shachaf width", 40, 6400, 10, ReluParameterization.Ntk, false);

        // Steps per phase in one Shachaf trial (they decide how many of the 20 000 allowed steps are spent).
        Console.WriteLine();
        Console.WriteLine("| shachaf phase | n | steps | converged | seconds |");
        Console.WriteLine("|---|---|---|---|---|");
        var rng = new Rng(5);
        int d = 10, m = 2000;
        var pair = SphereLinearTeachers.WithDistance(d, 1.0, 0.5, rng);
        var xs = ReluInputs.Sphere(200, d, rng);
        var ys = LinearAlgebra.Multiply(xs, pair.SourceWeights);
        var init = TwoLayerRelu.Initialize(d, m, ReluParameterization.Ntk, rng);
        var pre = init.Clone();
        Phase("pretrain", pre, xs, ys);
        foreach (int n in new[] { 10, 40, 160 })
        {
            var x = ReluInputs.Sphere(n, d, rng);
            var y = LinearAlgebra.Multiply(x, pair.TargetWeights);
            Phase("fine-tune", pre.Clone(), x, y);
            Phase("scratch", init.Clone(), x, y);
        }
    }

    private static void Phase(string name, TwoLayerRelu net, Matrix x, double[] y)
    {
        var opt = new ReluTrainingOptions(8.0, 20000, LossTolerance: 1e-6 * y.Average(v => v * v), GradientTolerance: 0, TrainReadout: false);
        var sw = Stopwatch.StartNew();
        var r = ReluTrainer.Train(net, x, y, opt);
        Console.WriteLine($"| {name} | {x.Rows} | {r.Steps} | {r.Converged} | {sw.Elapsed.TotalSeconds:F2} |");
    }

    private static void Shape(string label, int n, int m, int d, ReluParameterization p, bool readout)
    {
        var rng = new Rng(1);
        var net = TwoLayerRelu.Initialize(d, m, p, rng);
        var x = rng.GaussianMatrix(n, d);
        var y = rng.Gaussian(n);
        var h = new Matrix(n, m);
        var gw = new Matrix(m, d);
        int reps = Math.Max(20, (int)(2e8 / (4.0 * n * m * d + 1)));
        double Time(Action a)
        {
            for (int i = 0; i < 3; i++) a();
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < reps; i++) a();
            return sw.Elapsed.TotalMilliseconds / reps;
        }
        double lg = Time(() => net.LossAndGradient(x, y));
        double gemm = Time(() =>
        {
            LinearAlgebra.Provider.Gemm(Op.None, Op.Transpose, 1.0, x, net.W, 0.0, h);
            LinearAlgebra.Provider.Gemm(Op.Transpose, Op.None, 1.0, h, x, 0.0, gw);
        });
        var trainNet = net.Clone();
        var opt = new ReluTrainingOptions(1e-6, reps, GradientTolerance: 0, TrainReadout: readout);
        var sw = Stopwatch.StartNew();
        ReluTrainer.Train(trainNet, x, y, opt);
        double step = sw.Elapsed.TotalMilliseconds / reps;
        Console.WriteLine($"| {label} | {n} | {m} | {d} | {(readout ? "both" : "first")} | {lg:F3} | {gemm:F3} | {step:F3} |");
    }
}
