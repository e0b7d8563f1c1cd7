namespace TransferLab.Numerics;

/// <summary>Calls of one linear-algebra kernel and the wall seconds spent in them (summed over threads).</summary>
/// <param name="Kernel">Kernel name, e.g. gemm.</param>
/// <param name="Calls">Number of calls.</param>
/// <param name="Seconds">Wall seconds inside the calls, summed over threads.</param>
public sealed record KernelCount(string Kernel, long Calls, double Seconds);
