using System.Globalization;
using TransferLab.Validation;

namespace TransferLab.Experiments.Studies;

/// <summary>Shard <see cref="Index"/> of <see cref="Count"/> (1-based, as Slurm array task ids 1 … N), written <c>i/N</c>.</summary>
/// <param name="Index">1 … Count.</param>
/// <param name="Count">Number of shards (≥ 1).</param>
public readonly record struct ShardSpec(int Index, int Count)
{
    /// <summary>Most shards a study may be split into.</summary>
    public const int MaxCount = 100_000;

    /// <summary>The whole study as one shard.</summary>
    public static ShardSpec Whole => new(1, 1);

    /// <summary>Parses <c>i/N</c>; errors are a <see cref="ParameterException"/> for <c>shard</c>.</summary>
    public static ShardSpec Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int i)
            && int.TryParse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int n)
            && n >= 1 && n <= MaxCount && i >= 1 && i <= n)
            return new ShardSpec(i, n);
        throw new ParameterException("shard", text, $"expected i/N with 1 ≤ i ≤ N ≤ {MaxCount} (e.g. 3/8)");
    }

    /// <summary>Parses <c>i/N</c>; null when it is not one.</summary>
    public static ShardSpec? TryParse(string text)
    {
        try { return Parse(text); }
        catch (ParameterException) { return null; }
    }

    /// <inheritdoc />
    public override string ToString() => $"{Index}/{Count}";
}
