using System.Reflection;
using System.Text.Json;

namespace TransferLab.Experiments.Families;

/// <summary>
/// Why a payload's values are missing: JSON writes a null reference and a non-finite double alike as null
/// (<see cref="NonFiniteAsNullConverter"/>), and a null alone does not say whether the value is undefined, infinite, not
/// requested or not computable. Each family explains its nulls by field name; the result is the payload's
/// <c>null_reasons</c> object (snake_case field → one sentence). docs/architecture.md, "Missing values".
/// </summary>
public static class NullReasons
{
    /// <summary>
    /// The reason every null-serialised property of <paramref name="payload"/> gets from <paramref name="explain"/>, keyed by
    /// its snake_case path (<c>protocols[1].variance</c> inside nested records and lists); null when nothing is null.
    /// </summary>
    /// <param name="payload">A result record.</param>
    /// <param name="explain">Reason for a property by its C# name; a property it does not explain gets <see cref="Unexplained"/>, which the contract test rejects.</param>
    public static IReadOnlyDictionary<string, string>? Of(object payload, Func<string, string?> explain)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var reasons = new SortedDictionary<string, string>(StringComparer.Ordinal);
        Walk(payload, "", explain, reasons, 0);
        return reasons.Count == 0 ? null : reasons;
    }

    /// <summary>Every null-serialised leaf of <paramref name="payload"/> as (snake_case path, C# property name).</summary>
    public static IEnumerable<(string Path, string Property)> NullLeaves(object payload)
    {
        var found = new SortedDictionary<string, string>(StringComparer.Ordinal);
        Walk(payload, "", name => name, found, 0);
        return found.Select(kv => (kv.Key, kv.Value));
    }

    private static void Walk(object node, string prefix, Func<string, string?> explain, IDictionary<string, string> reasons, int depth)
    {
        if (depth > 4) return;
        foreach (var prop in node.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (prop.Name == "NullReasons" || prop.GetIndexParameters().Length > 0) continue;
            var value = prop.GetValue(node);
            string key = prefix + JsonNamingPolicy.SnakeCaseLower.ConvertName(prop.Name);
            if (IsNull(value)) reasons[key] = explain(prop.Name) ?? Unexplained;
            else if (value is System.Collections.IEnumerable list and not string)
            {
                int i = 0;
                foreach (var item in list)
                {
                    if (item is not null && IsRecord(item)) Walk(item, $"{key}[{i}].", explain, reasons, depth + 1);
                    i++;
                }
            }
            else if (value is not null && IsRecord(value)) Walk(value, key + ".", explain, reasons, depth + 1);
        }
    }

    // Payload records of this library (not strings, numbers or framework types).
    private static bool IsRecord(object value) => value.GetType().Namespace?.StartsWith("TransferLab", StringComparison.Ordinal) == true && !value.GetType().IsEnum;

    /// <summary>The reason given where a family explains nothing (the contract test rejects it).</summary>
    public const string Unexplained = "not available";

    /// <summary>Whether a value serialises as JSON null: a null reference or a non-finite double.</summary>
    public static bool IsNull(object? value) => value switch
    {
        null => true,
        double v => !double.IsFinite(v),
        _ => false,
    };
}
