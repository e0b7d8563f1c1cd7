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
    /// <summary>The reason every null-serialised property of <paramref name="payload"/> gets from <paramref name="explain"/> (keyed by snake_case name); null when nothing is null.</summary>
    /// <param name="payload">A result record.</param>
    /// <param name="explain">Reason for a property (by its C# name); a property it does not explain gets "not available" and fails the contract test.</param>
    public static IReadOnlyDictionary<string, string>? Of(object payload, Func<string, string?> explain)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var reasons = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var prop in payload.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (prop.Name == "NullReasons" || prop.GetIndexParameters().Length > 0) continue;
            if (!IsNull(prop.GetValue(payload))) continue;
            reasons[JsonNamingPolicy.SnakeCaseLower.ConvertName(prop.Name)] = explain(prop.Name) ?? Unexplained;
        }
        return reasons.Count == 0 ? null : reasons;
    }

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
