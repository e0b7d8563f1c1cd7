using TransferLab.Data;
using TransferLab.Models;
using TransferLab.Numerics;
using TransferLab.Training;

namespace TransferLab.Bench;

/// <summary>
/// Stopwatch profile of the two-layer ReLU training loop at the shapes of the paper-size figures
/// (<c>shachaf-ntk</c>, <c>tahir-relu-transfer</c>, <c>tahir-relu-lambda</c>). Not a BenchmarkDotNet benchmark: it prints
/// per-step times of one full-batch gradient-descent step, next to an in-process copy of the step as it was before the
/// fused kernel (five passes over the n×m activations, a fresh gradient per step, scalar norm loop), and the number of
/// steps each training phase of one Shachaf trial takes. The machine is shared, so the old and new steps are timed in
/// interleaved batches, each time is the calling thread's CPU time (not wall time), and each reported time is the minimum
/// over the batches. Usage:
/// <c>dotnet run -c Release --project bench/TransferLab.Bench -- relu-profile</c>.
/// </summary>
public static class ReluProfile
{
    /// <summary>Runs the profile and prints Markdown tables.</summary>
    public static void Run(string[] args)
    {
        // Optional: relu-profile BLOCK — the row-block size (in doubles of H) of the fused kernel, to tune it.
        if (args.Length > 1) TwoLayerRelu.BlockDoubles = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
        Console.WriteLine($"row block: {TwoLayerRelu.BlockDoubles} doubles");
        Console.WriteLine($"backend: {LinearAlgebra.Provider.Name}");
        Console.WriteLine("| shape (figure phase) | n | m | d | layers | 2 GEMMs ms | old GD step ms | new GD step ms | speed-up |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        Shape("tahir pretrain", 2000, 300, 30, ReluParameterization.MeanField, true);
        foreach (int n in new[] { 10, 40, 160, 640 })
            Shape("tahir target", n, 300, 30, ReluParameterization.MeanField, true);
        Shape("shachaf pretrain", 200, 2000, 10, ReluParameterization.Ntk, false);
        Shape("shachaf target", 40, 2000, 10, ReluParameterization.Ntk, false);
        Shape("shachaf target", 160, 2000, 10, ReluParameterization.Ntk, false);
        Shape("shachaf width", 40, 6400, 10, ReluParameterization.Ntk, false);

        // GEMM batching over networks that share the inputs (the λ sweep's pretraining, scratch and fine-tuning at one n):
        // the two GEMMs of B networks stacked into one of width B·m, per network, against B = 1.
        Console.WriteLine();
        Console.WriteLine("| shape | n | m | d | 2 GEMMs per network, B = 1 (ms) | B = 2 | B = 8 |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var (label, bn, bm, bd) in new[] { ("tahir pretrain", 2000, 300, 30), ("tahir target", 160, 300, 30), ("tahir target", 640, 300, 30), ("shachaf pretrain", 200, 2000, 10) })
        {
            var rng0 = new Rng(2);
            var x = rng0.GaussianMatrix(bn, bd);
            var per = new double[3];
            int[] batch = [1, 2, 8];
            for (int b = 0; b < 3; b++)
            {
                var w = rng0.GaussianMatrix(batch[b] * bm, bd);
                var h = new Matrix(bn, batch[b] * bm);
                var gw = new Matrix(batch[b] * bm, bd);
                int reps = Math.Max(5, (int)(1e7 / (4.0 * bn * bm * bd * batch[b])));
                per[b] = double.PositiveInfinity;
                for (int t = 0; t < 7; t++)
                {
                    double t0 = ThreadCpuMs();
                    for (int i = 0; i < reps; i++)
                    {
                        LinearAlgebra.Provider.Gemm(Op.None, Op.Transpose, 1.0, x, w, 0.0, h);
                        LinearAlgebra.Provider.Gemm(Op.Transpose, Op.None, 1.0, h, x, 0.0, gw);
                    }
                    per[b] = Math.Min(per[b], (ThreadCpuMs() - t0) / reps / batch[b]);
                }
            }
            Console.WriteLine($"| {label} | {bn} | {bm} | {bd} | {per[0]:F3} | {per[1]:F3} | {per[2]:F3} |");
        }

        // Steps per phase in one Shachaf trial (they decide how many of the 20 000 allowed steps are spent).
        Console.WriteLine();
        Console.WriteLine("| shachaf phase | n | steps | converged | CPU seconds |");
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

    // CPU time of the calling thread (clock_gettime(CLOCK_THREAD_CPUTIME_ID)): on a shared machine wall time also counts
    // the time the thread waits for a core. Native BLAS runs single-threaded on the calling thread.
    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGettime(int clock, out Timespec ts);

    private struct Timespec { public long Sec; public long Nsec; }

    private static double ThreadCpuMs()
    {
        ClockGettime(3 /* CLOCK_THREAD_CPUTIME_ID */, out var ts);
        return ts.Sec * 1e3 + ts.Nsec * 1e-6;
    }

    private static void Phase(string name, TwoLayerRelu net, Matrix x, double[] y)
    {
        var opt = new ReluTrainingOptions(8.0, 20000, LossTolerance: 1e-6 * y.Average(v => v * v), GradientTolerance: 0, TrainReadout: false);
        double t0 = ThreadCpuMs();
        var r = ReluTrainer.Train(net, x, y, opt);
        Console.WriteLine($"| {name} | {x.Rows} | {r.Steps} | {r.Converged} | {(ThreadCpuMs() - t0) / 1e3:F2} |");
    }

    private static void Shape(string label, int n, int m, int d, ReluParameterization p, bool readout)
    {
        var rng = new Rng(1);
        var net = TwoLayerRelu.Initialize(d, m, p, rng);
        var x = rng.GaussianMatrix(n, d);
        var y = rng.Gaussian(n);
        var h = new Matrix(n, m);
        var gw = new Matrix(m, d);
        int reps = Math.Max(10, (int)(2e7 / (4.0 * n * m * d + 1)));
        var oldNet = net.Clone();
        Matrix oh = new(n, m), oact = new(n, m);
        var newNet = net.Clone();
        var opt = new ReluTrainingOptions(1e-9, reps, GradientTolerance: 0, TrainReadout: readout);
        Action[] work =
        [
            () => { for (int i = 0; i < reps; i++) { LinearAlgebra.Provider.Gemm(Op.None, Op.Transpose, 1.0, x, net.W, 0.0, h); LinearAlgebra.Provider.Gemm(Op.Transpose, Op.None, 1.0, h, x, 0.0, gw); } },
            () => { for (int i = 0; i < reps; i++) OldStep(oldNet, x, y, 1e-9, readout, oh, oact); },
            () => ReluTrainer.Train(newNet, x, y, opt),
        ];
        var best = new double[work.Length];
        Array.Fill(best, double.PositiveInfinity);
        foreach (var a in work) a();
        for (int b = 0; b < 9; b++)
            for (int k = 0; k < work.Length; k++)
            {
                double t0 = ThreadCpuMs();
                work[k]();
                best[k] = Math.Min(best[k], (ThreadCpuMs() - t0) / reps);
            }
        Console.WriteLine($"| {label} | {n} | {m} | {d} | {(readout ? "both" : "first")} | {best[0]:F3} | {best[1]:F3} | {best[2]:F3} | {best[1] / best[2]:F2}× |");
    }

    // The GD step as it was before the fused kernel (commit a937e95): ReLU into a second buffer, GEMV for f, GEMV for ∂a,
    // a separate SIMD masked pass, a freshly allocated gradient, and a scalar loop for the gradient norm. The n×m buffers
    // were cached in the model then too, so they are passed in.
    private static void OldStep(TwoLayerRelu net, Matrix x, double[] y, double eta, bool readout, Matrix h, Matrix act)
    {
        int n = x.Rows, m = net.Width;
        double s = net.OutputScale;
        LinearAlgebra.Provider.Gemm(Op.None, Op.Transpose, 1.0, x, net.W, 0.0, h);
        System.Numerics.Tensors.TensorPrimitives.Max(h.Data, 0.0, act.Data);
        var f = new double[n];
        LinearAlgebra.Provider.Gemv(Op.None, s, act, net.A, 0.0, f);
        var g = new double[n];
        for (int i = 0; i < n; i++) g[i] = (f[i] - y[i]) / n;
        var gradA = new double[m];
        LinearAlgebra.Provider.Gemv(Op.Transpose, s, act, g, 0.0, gradA);
        for (int i = 0; i < n; i++)
        {
            var row = h.Data.AsSpan(i * m, m);
            double c = s * g[i];
            int r = 0, w = System.Numerics.Vector<double>.Count;
            var zero = System.Numerics.Vector<double>.Zero;
            for (; r <= m - w; r += w)
            {
                var hv = new System.Numerics.Vector<double>(row.Slice(r, w));
                var av = new System.Numerics.Vector<double>(net.A.AsSpan(r, w)) * c;
                System.Numerics.Vector.ConditionalSelect(System.Numerics.Vector.GreaterThan(hv, zero), av, zero).CopyTo(row.Slice(r, w));
            }
            for (; r < m; r++) row[r] = row[r] > 0 ? c * net.A[r] : 0.0;
        }
        var gradW = new Matrix(m, x.Cols);
        LinearAlgebra.Provider.Gemm(Op.Transpose, Op.None, 1.0, h, x, 0.0, gradW);
        // The old norm loop also formed θ − θ₀ (0 without an anchor) per element, through a closure.
        double gn = 0, pen = 0;
        void Part(ReadOnlySpan<double> th, ReadOnlySpan<double> gr, bool trained)
        {
            for (int k = 0; k < th.Length; k++)
            {
                double dlt = 0.0;
                pen += dlt * dlt;
                double gk = gr[k] + 2 * 0.0 * dlt;
                if (trained) gn += gk * gk;
            }
        }
        Part(net.W.Data, gradW.Data, true);
        Part(net.A, gradA, readout);
        Vec.Axpy(-eta, gradW.Data, net.W.Data);
        if (readout) Vec.Axpy(-eta, gradA, net.A);
        GC.KeepAlive(gn + pen);
    }
}
