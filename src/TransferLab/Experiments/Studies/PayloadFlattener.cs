using System.Text.Json;

namespace TransferLab.Experiments.Studies;

/// <summary>
/// Turns a result payload into named numbers: the payload is serialised exactly as <c>--json</c> prints it (snake_case
/// keys, NaN and ±∞ as strings) and every number in it becomes an output named by its path, nested objects joined by
/// dots (<c>similarity.cosine</c>). An element of a list is named by its first string field when that field tells the
/// elements apart (<c>protocols.fine-tune.mean</c>), by its position otherwise (<c>eigenvalues.0</c>). Strings, switches
/// and nulls are not outputs. Reading the JSON of a row's reproduce command the same way gives the row's numbers
/// (docs/studies.md, "Outputs").
/// </summary>
public static class PayloadFlattener
{
    /// <summary>The serialiser settings of the command line's <c>--json</c> (compact here; the numbers are the same).</summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The outputs of <paramref name="payload"/>, in payload order.</summary>
    public static List<KeyValuePair<string, double>> Flatten(object payload) =>
        Flatten(JsonSerializer.SerializeToElement(payload, payload.GetType(), Options));

    /// <summary>The outputs of a JSON document (e.g. the <c>--json</c> output of a command).</summary>
    public static List<KeyValuePair<string, double>> Flatten(JsonElement root)
    {
        var outputs = new List<KeyValuePair<string, double>>();
        Walk(root, "", outputs);
        return outputs;
    }

    private static void Walk(JsonElement e, string path, List<KeyValuePair<string, double>> outputs)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Number:
                outputs.Add(new(path, e.GetDouble()));
                break;
            case JsonValueKind.String when e.GetString() is "NaN" or "Infinity" or "-Infinity":
                outputs.Add(new(path, JournalLine.ReadDouble(e)));
                break;
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject()) Walk(p.Value, Join(path, p.Name), outputs);
                break;
            case JsonValueKind.Array:
                var items = e.EnumerateArray().ToList();
                var labels = Labels(items);
                for (int i = 0; i < items.Count; i++) Walk(items[i], Join(path, labels?[i] ?? i.ToString(System.Globalization.CultureInfo.InvariantCulture)), outputs);
                break;
        }
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;

    private static string[]? Labels(List<JsonElement> items)
    {
        if (items.Count == 0 || items.Any(i => i.ValueKind != JsonValueKind.Object)) return null;
        var first = items[0].EnumerateObject().FirstOrDefault(p => p.Value.ValueKind == JsonValueKind.String && p.Value.GetString() is not ("NaN" or "Infinity" or "-Infinity"));
        if (first.Value.ValueKind != JsonValueKind.String) return null;
        var labels = new string[items.Count];
        for (int i = 0; i < items.Count; i++)
        {
            if (!items[i].TryGetProperty(first.Name, out var v) || v.ValueKind != JsonValueKind.String) return null;
            labels[i] = v.GetString()!;
        }
        return labels.Distinct(StringComparer.Ordinal).Count() == labels.Length && labels.All(l => l.Length > 0) ? labels : null;
    }
}
