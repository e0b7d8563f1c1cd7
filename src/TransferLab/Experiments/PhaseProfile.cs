using System.Diagnostics;
using System.Globalization;
using System.Text;
using TransferLab.Numerics;

namespace TransferLab.Experiments;

/// <summary>
/// Where a figure's time goes, measured between <see cref="Start"/> and <see cref="Finish"/>: process CPU seconds,
/// seconds inside each linear-algebra kernel (from <see cref="ProfilingLinearAlgebra"/>), GC pause seconds, bytes
/// allocated and GC counts; the rest of the CPU time is managed code (loops, sampling, bookkeeping). Opt-in through
/// <see cref="LinearAlgebra.ProfileVariable"/> (docs/benchmarks.md, "Profile of the paper-size figures").
/// </summary>
public sealed class PhaseProfile
{
    private readonly ProfilingLinearAlgebra? _kernels;
    private readonly IReadOnlyList<KernelCount> _kernelsAtStart;
    private readonly TimeSpan _cpuAtStart;
    private readonly TimeSpan _pauseAtStart;
    private readonly long _allocatedAtStart;
    private readonly int[] _collectionsAtStart;
    private readonly long _wallStart;

    private PhaseProfile(ProfilingLinearAlgebra? kernels)
    {
        _kernels = kernels;
        _kernelsAtStart = kernels?.Snapshot() ?? [];
        _collectionsAtStart = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        _allocatedAtStart = GC.GetTotalAllocatedBytes(precise: false);
        _pauseAtStart = GC.GetTotalPauseDuration();
        _cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
        _wallStart = Stopwatch.GetTimestamp();
    }

    /// <summary>Starts a profile when <see cref="LinearAlgebra.ProfilingRequested"/>, else returns null (no cost).</summary>
    public static PhaseProfile? StartIfRequested() => LinearAlgebra.ProfilingRequested ? Start(LinearAlgebra.Profiler) : null;

    /// <summary>Starts a profile counting the kernels of <paramref name="kernels"/> (null: no kernel rows).</summary>
    /// <param name="kernels">The kernel counter, normally <see cref="LinearAlgebra.Profiler"/>.</param>
    public static PhaseProfile Start(ProfilingLinearAlgebra? kernels) => new(kernels);

    /// <summary>The table since <see cref="Start"/>, as Markdown text.</summary>
    /// <param name="title">Heading line, e.g. the figure id and size.</param>
    public string Finish(string title)
    {
        double wall = Stopwatch.GetElapsedTime(_wallStart).TotalSeconds;
        double cpu = (Process.GetCurrentProcess().TotalProcessorTime - _cpuAtStart).TotalSeconds;
        double pause = (GC.GetTotalPauseDuration() - _pauseAtStart).TotalSeconds;
        long allocated = GC.GetTotalAllocatedBytes(precise: false) - _allocatedAtStart;
        var now = _kernels?.Snapshot() ?? [];
        var rows = now.Select((k, i) => new KernelCount(k.Kernel, k.Calls - _kernelsAtStart[i].Calls, k.Seconds - _kernelsAtStart[i].Seconds, k.Flops - _kernelsAtStart[i].Flops))
            .Where(k => k.Calls > 0).OrderByDescending(k => k.Seconds).ToList();
        double inKernels = rows.Sum(k => k.Seconds);
        var c = CultureInfo.InvariantCulture;
        string Share(double s) => cpu > 0 ? (100 * s / cpu).ToString("F1", c) + " %" : "";
        var sb = new StringBuilder();
        sb.AppendLine(c, $"# Phase profile: {title}");
        sb.AppendLine();
        sb.AppendLine(c, $"wall {wall:F2} s, CPU {cpu:F2} s (user+sys, whole process), allocated {allocated / 1048576.0:F1} MiB, GC count gen0/1/2 {GC.CollectionCount(0) - _collectionsAtStart[0]}/{GC.CollectionCount(1) - _collectionsAtStart[1]}/{GC.CollectionCount(2) - _collectionsAtStart[2]}, backend {_kernels?.Name ?? "(kernels not counted)"}");
        sb.AppendLine();
        // GFLOP/s: the kernel's counted operations over its seconds (docs/benchmarks.md compares them with the core's peak).
        sb.AppendLine("| phase | calls | seconds | share of CPU | GFLOP | GFLOP/s |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var k in rows)
            sb.AppendLine(c, $"| {k.Kernel} | {k.Calls} | {k.Seconds:F2} | {Share(k.Seconds)} | {(k.Flops > 0 ? (k.Flops / 1e9).ToString("F1", c) : "")} | {k.GigaflopsPerSecond?.ToString("F1", c) ?? ""} |");
        sb.AppendLine(c, $"| GC pauses | | {pause:F2} | {Share(pause)} | | |");
        double managed = Math.Max(0, cpu - inKernels - pause);
        sb.AppendLine(c, $"| managed code (CPU − kernels − GC) | | {managed:F2} | {Share(managed)} | | |");
        return sb.ToString();
    }
}
