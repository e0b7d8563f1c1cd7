namespace TransferLab.Numerics;

/// <summary>Calls of one linear-algebra kernel, the wall seconds spent in them and their counted operations (summed over threads).</summary>
/// <param name="Kernel">Kernel name, e.g. gemm.</param>
/// <param name="Calls">Number of calls.</param>
/// <param name="Seconds">Wall seconds inside the calls, summed over threads.</param>
/// <param name="Flops">Floating-point operations by the kernel's standard count (gemm 2mnk, gemv 2mn, syrk n(n+1)k); 0 for the
/// LAPACK kernels, whose counts depend on the algorithm's path.</param>
public sealed record KernelCount(string Kernel, long Calls, double Seconds, long Flops = 0)
{
    /// <summary>Achieved rate in GFLOP/s, or null when no operations are counted or no time was measured.</summary>
    public double? GigaflopsPerSecond => Flops > 0 && Seconds > 0 ? Flops / Seconds / 1e9 : null;
}
