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
}
