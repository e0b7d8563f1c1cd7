using TransferLab.Schema;

namespace TransferLab.Experiments.Studies;

/// <summary>
/// A rough cost of one study run: floating-point work and peak memory. Only ratios matter for balancing shards; the
/// absolute numbers feed the plan's time and memory estimate (docs/studies.md, "Estimates").
/// </summary>
/// <param name="Flops">Floating-point operations, order of magnitude.</param>
/// <param name="Bytes">Peak working memory of the run, beyond the process's own (~<see cref="ProcessBytes"/>).</param>
public sealed record RunEstimate(double Flops, long Bytes)
{
    /// <summary>Throughput assumed for time estimates: 10⁹ flop/s per thread, a deliberately plain figure for one core.</summary>
    public const double FlopsPerSecond = 1e9;

    /// <summary>Fixed cost of a run besides its arithmetic (binding, result serialisation, the durable record): 100 µs.</summary>
    public const double OverheadSeconds = 1e-4;

    /// <summary>Memory of a study process before any run (runtime, JIT, plan): about 80 MB.</summary>
    public const long ProcessBytes = 80L << 20;

    /// <summary>Estimated seconds on one thread.</summary>
    public double Seconds => Flops / FlopsPerSecond + OverheadSeconds;

    /// <summary>
    /// The default estimate from the size parameters every family shares, d (dimension, default 100) and n (samples,
    /// default d): a theory run costs ~10·d² (a d-dimensional fixed point or spectrum) and holds a few d-vectors and one
    /// d×d matrix; a simulation run costs a least-squares fit, ~2·n·d·min(n, d) + 10·d², and holds the n×d design and
    /// two d×d matrices.
    /// </summary>
    public static RunEstimate FromSizes(ParameterValues parameters, Compute compute)
    {
        double d = Size(parameters, "d") ?? 100;
        double n = Size(parameters, "n") ?? d;
        if (compute == Compute.Theory) return new RunEstimate(10 * d * d, (long)(8 * (d * d + 16 * d)));
        return new RunEstimate(2 * n * d * Math.Min(n, d) + 10 * d * d, (long)(8 * (n * d + 2 * d * d + 16 * d)));
    }

    private static double? Size(ParameterValues p, string name) =>
        p.Schema.Find(name) is { Kind: ParameterKind.Integer } && p.IsBound(name) ? p.OptionalInteger(name) : null;
}
