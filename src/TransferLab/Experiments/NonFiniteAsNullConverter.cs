using System.Text.Json;
using System.Text.Json.Serialization;

namespace TransferLab.Experiments;

/// <summary>
/// Writes doubles as JSON numbers and non-finite values (NaN, ±∞) as <c>null</c>: JSON has no such numbers, and a
/// string "NaN" where a reader expects a number breaks numpy/pandas loaders. The payload says why a value is missing
/// in a neighbouring reason field where one applies. Reads numbers (and null as NaN).
/// </summary>
public sealed class NonFiniteAsNullConverter : JsonConverter<double>
{
    /// <inheritdoc />
    public override bool HandleNull => true;

    /// <inheritdoc />
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        if (double.IsFinite(value)) writer.WriteNumberValue(value);
        else writer.WriteNullValue();
    }
}
