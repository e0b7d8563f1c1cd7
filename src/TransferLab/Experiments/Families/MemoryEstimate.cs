namespace TransferLab.Experiments.Families;

/// <summary>
/// A computation's estimated peak memory before it allocates anything, and the parameters that drive it (named in
/// the refusal when it exceeds the budget, so the user knows what to shrink).
/// </summary>
/// <param name="Bytes">Estimated peak bytes (the dominant arrays: designs, Gram matrices, grids, runs in flight).</param>
/// <param name="DrivenBy">Parameter names whose values set the size, most important first.</param>
public sealed record MemoryEstimate(double Bytes, IReadOnlyList<string> DrivenBy)
{
    /// <summary>Bytes of <paramref name="count"/> doubles (as a double: sizes can overflow long arithmetic in a product).</summary>
    public static double Doubles(double count) => 8 * count;

    /// <summary>An estimate of <paramref name="doubles"/> doubles driven by <paramref name="drivenBy"/>.</summary>
    public static MemoryEstimate OfDoubles(double doubles, params string[] drivenBy) => new(Doubles(doubles), drivenBy);

    /// <summary>
    /// How many runs are in memory at once: the threads, but no more than there are runs (<paramref name="runs"/>).
    /// </summary>
    public static double InFlight(int threads, double runs) => Math.Max(1, Math.Min(threads, runs));
}
