using System.Globalization;
using TransferLab.Experiments.Families;
using TransferLab.Validation;

namespace TransferLab.Experiments;

/// <summary>
/// The memory a single command may plan to use: by default 80 % of what the process may allocate (the machine's
/// available memory, or the container's limit), or a user's explicit budget. A computation whose estimate exceeds it
/// is refused before it allocates, naming the parameters that drive its size.
/// </summary>
public static class MemoryBudget
{
    /// <summary>The default budget in bytes.</summary>
    public static double Default => 0.8 * GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    /// <summary>
    /// Parses a budget: a number of bytes with an optional K, M, G or T suffix (powers of 1024), e.g. <c>512M</c>,
    /// <c>8G</c>; throws <see cref="ParameterException"/> for <paramref name="parameter"/> otherwise.
    /// </summary>
    public static double Parse(string text, string parameter = "max-memory")
    {
        string t = text.Trim();
        double factor = 1;
        if (t.Length > 0 && char.IsLetter(t[^1]))
        {
            factor = char.ToUpperInvariant(t[^1]) switch
            {
                'K' => 1024d, 'M' => 1024d * 1024, 'G' => 1024d * 1024 * 1024, 'T' => 1024d * 1024 * 1024 * 1024,
                _ => throw new ParameterException(parameter, text, "expected a size such as 512M or 8G (suffix K, M, G or T)"),
            };
            t = t[..^1];
        }
        if (!double.TryParse(t, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double v) || !(v > 0) || !double.IsFinite(v * factor))
            throw new ParameterException(parameter, text, "expected a positive size such as 512M or 8G");
        return v * factor;
    }

    /// <summary>A size in words (GiB/MiB).</summary>
    public static string Format(double bytes) => !double.IsFinite(bytes) || bytes >= 1e24 ? "more than 10²⁴ bytes" : bytes >= 1024d * 1024 * 1024
        ? $"{bytes / (1024d * 1024 * 1024):0.#} GiB"
        : bytes >= 1024d * 1024 ? $"{bytes / (1024d * 1024):0.#} MiB" : $"{bytes / 1024d:0.#} KiB";

    /// <summary>
    /// Refuses <paramref name="estimate"/> when it exceeds <paramref name="budget"/> bytes: a
    /// <see cref="ParameterException"/> naming the first driving parameter and listing the others.
    /// </summary>
    public static void Check(MemoryEstimate? estimate, double budget, IReadOnlyDictionary<string, string?> values)
    {
        if (estimate is null || estimate.Bytes <= budget) return;
        string lead = estimate.DrivenBy.Count > 0 ? estimate.DrivenBy[0] : "max-memory";
        string others = estimate.DrivenBy.Count > 1 ? $"; size set by {string.Join(", ", estimate.DrivenBy)}" : "";
        string rule = $"needs about {Format(estimate.Bytes)} of memory, over the budget of {Format(budget)} (raise it with max-memory, or use smaller values{others})";
        throw values.GetValueOrDefault(lead) is string value ? new ParameterException(lead, value, rule) : new ParameterException(lead, rule);
    }

    /// <summary>
    /// <see cref="Check(MemoryEstimate?, double, IReadOnlyDictionary{string, string?})"/> for bound parameters: the
    /// refusal leads with the first driving parameter the user gave (the one most likely to have been mistyped).
    /// </summary>
    public static void Check(MemoryEstimate? estimate, double budget, Schema.ParameterValues values)
    {
        if (estimate is null || estimate.Bytes <= budget) return;
        var order = estimate.DrivenBy.Where(values.IsGiven).Concat(estimate.DrivenBy.Where(n => !values.IsGiven(n))).ToList();
        Check(estimate with { DrivenBy = order }, budget, values.AsText());
    }
}
