using System.Text.Json;
using System.Text.Json.Serialization;

namespace TransferLab.Experiments.Studies;

/// <summary>
/// A figure run's point and result as JSON (System.Text.Json: public properties and fields, records through their
/// constructors, matrices as their row-major values (<see cref="MatrixJsonConverter"/>), doubles in shortest round-trip form, NaN and ±∞ as strings), so a result read back from the store is the
/// one computed, to the last bit (docs/studies.md, "Figures").
/// </summary>
public static class FigureRunValue
{
    private static readonly JsonSerializerOptions Options = new()
    {
        IncludeFields = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
        Converters = { new MatrixJsonConverter() },
    };

    /// <summary>
    /// The JSON of <paramref name="value"/>, checked to read back to the same text (a type that loses state when read
    /// back would make a collected figure differ from an unsharded one; that is an internal fault, reported as such).
    /// </summary>
    public static string Write<T>(T value)
    {
        string json;
        try
        {
            json = JsonSerializer.Serialize(value, Options);
            string again = JsonSerializer.Serialize(JsonSerializer.Deserialize<T>(json, Options), Options);
            if (again == json) return json;
        }
        catch (Exception e) when (e is NotSupportedException or JsonException or InvalidOperationException or ArgumentException)
        {
            throw new InvalidOperationException($"a figure run's {typeof(T).Name} cannot be stored as JSON: {e.Message}", e);
        }
        throw new InvalidOperationException($"a figure run's {typeof(T).Name} does not read back from JSON unchanged");
    }

    /// <summary>
    /// A run's point as JSON, for its key only (never read back); a point that cannot be written (a type JSON cannot
    /// express) is named by its type alone, and its index in the batch identifies it.
    /// </summary>
    public static string Point<T>(T point)
    {
        try
        {
            return JsonSerializer.Serialize(point, Options);
        }
        catch (Exception e) when (e is NotSupportedException or JsonException or InvalidOperationException or ArgumentException)
        {
            return "type:" + typeof(T).FullName;
        }
    }

    /// <summary>Reads what <see cref="Write"/> wrote.</summary>
    public static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)!;
}
