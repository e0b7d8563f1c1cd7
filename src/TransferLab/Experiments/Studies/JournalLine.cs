using System.Buffers;
using System.Text.Json;

namespace TransferLab.Experiments.Studies;

/// <summary>
/// The line format of a run journal: one JSON object per line, a <c>type</c> field first (<c>worker</c>, <c>start</c>,
/// <c>run</c>, <c>end</c>). A line counts only when it is complete: it ends with a newline and parses; anything else
/// (a torn last line after a crash) is skipped on reading (docs/studies.md, "Store").
/// </summary>
public static class JournalLine
{
    /// <summary>Compact UTF-8 JSON, symbols unescaped.</summary>
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = false,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>A double as a JSON number (shortest round-trip text) or, when not finite, as the string NaN, Infinity or -Infinity.</summary>
    public static void WriteDouble(Utf8JsonWriter w, double v)
    {
        if (double.IsFinite(v)) w.WriteNumberValue(v);
        else w.WriteStringValue(double.IsNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity");
    }

    /// <summary>Reads what <see cref="WriteDouble"/> wrote.</summary>
    public static double ReadDouble(JsonElement e) => e.ValueKind == JsonValueKind.Number
        ? e.GetDouble()
        : e.GetString() switch
        {
            "NaN" => double.NaN,
            "Infinity" => double.PositiveInfinity,
            "-Infinity" => double.NegativeInfinity,
            var s => throw new FormatException($"not a number: {s}"),
        };

    /// <summary>A line with one string field besides the type, e.g. <c>{"type":"start","key":"…"}</c>.</summary>
    public static string Simple(string type, string name, string value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("type", type);
            w.WriteString(name, value);
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
