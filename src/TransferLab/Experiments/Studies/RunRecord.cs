using System.Globalization;
using System.Text;
using System.Text.Json;

namespace TransferLab.Experiments.Studies;

/// <summary>
/// What the store keeps of one finished run: its key, whether it succeeded, its outputs (the flattened numeric fields
/// of the result's payload, <see cref="PayloadFlattener"/>), its theory-vs-simulation comparisons, or the error.
/// Serialised as one JSON line of a journal (docs/studies.md, "Store").
/// </summary>
/// <param name="Key">The run's key.</param>
/// <param name="Ok">Whether the run succeeded.</param>
/// <param name="Outputs">Output name and value, in payload order.</param>
/// <param name="Comparisons">The run's comparisons (a simulation's single-seed value next to the theory).</param>
/// <param name="Error">The error message of a failed run.</param>
/// <param name="Seconds">Wall time of the computation.</param>
/// <param name="FinishedUtc">When it finished.</param>
/// <param name="Value">A figure run's whole result as JSON text (<see cref="FigureRunValue"/>); null for study runs.</param>
public sealed record RunRecord(string Key, bool Ok, IReadOnlyList<KeyValuePair<string, double>> Outputs,
    IReadOnlyList<Comparison> Comparisons, string? Error, double Seconds, DateTime FinishedUtc, string? Value = null)
{
    /// <summary>The journal line (JSON, no newline). Doubles round-trip exactly; ±∞ and NaN are written as strings.</summary>
    public string ToLine()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, JournalLine.WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("type", "run");
            w.WriteString("key", Key);
            w.WriteBoolean("ok", Ok);
            w.WriteNumber("seconds", Math.Round(Seconds, 6));
            w.WriteString("finished", FinishedUtc.ToString("O", CultureInfo.InvariantCulture));
            if (Error is not null) w.WriteString("error", Error);
            w.WriteStartArray("outputs");
            foreach (var (name, value) in Outputs)
            {
                w.WriteStartArray();
                w.WriteStringValue(name);
                JournalLine.WriteDouble(w, value);
                w.WriteEndArray();
            }
            w.WriteEndArray();
            w.WriteStartArray("comparisons");
            foreach (var c in Comparisons)
            {
                w.WriteStartObject();
                w.WriteString("quantity", c.Quantity);
                w.WritePropertyName("theory"); JournalLine.WriteDouble(w, c.Theory);
                w.WritePropertyName("mean"); JournalLine.WriteDouble(w, c.Mean);
                w.WritePropertyName("se"); JournalLine.WriteDouble(w, c.StandardError);
                w.WriteNumber("samples", c.Samples);
                w.WritePropertyName("slack"); JournalLine.WriteDouble(w, c.Slack);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            if (Value is not null)
            {
                w.WritePropertyName("value");
                w.WriteRawValue(Value, skipInputValidation: true);
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Reads a line of type <c>run</c>; null when it is malformed.</summary>
    public static RunRecord? FromJson(JsonElement e)
    {
        try
        {
            var outputs = new List<KeyValuePair<string, double>>();
            foreach (var pair in e.GetProperty("outputs").EnumerateArray())
                outputs.Add(new(pair[0].GetString()!, JournalLine.ReadDouble(pair[1])));
            var comparisons = new List<Comparison>();
            foreach (var c in e.GetProperty("comparisons").EnumerateArray())
                comparisons.Add(new Comparison(c.GetProperty("quantity").GetString()!, JournalLine.ReadDouble(c.GetProperty("theory")),
                    JournalLine.ReadDouble(c.GetProperty("mean")), JournalLine.ReadDouble(c.GetProperty("se")), c.GetProperty("samples").GetInt32(),
                    JournalLine.ReadDouble(c.GetProperty("slack"))));
            return new RunRecord(e.GetProperty("key").GetString()!, e.GetProperty("ok").GetBoolean(), outputs, comparisons,
                e.TryGetProperty("error", out var err) ? err.GetString() : null, e.GetProperty("seconds").GetDouble(),
                DateTime.Parse(e.GetProperty("finished").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
                e.TryGetProperty("value", out var value) ? value.GetRawText() : null);
        }
        catch (Exception x) when (x is KeyNotFoundException or InvalidOperationException or FormatException or IndexOutOfRangeException or ArgumentException)
        {
            return null;
        }
    }
}
