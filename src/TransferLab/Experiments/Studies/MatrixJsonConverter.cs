using System.Text.Json;
using System.Text.Json.Serialization;
using TransferLab.Numerics;

namespace TransferLab.Experiments.Studies;

/// <summary>
/// A <see cref="Matrix"/> in a figure run's result as <c>{"rows": r, "cols": c, "data": [row-major values]}</c>, values
/// in shortest round-trip form (NaN and ±∞ as strings), so it reads back to the same bits (docs/studies.md, "Figures").
/// </summary>
public sealed class MatrixJsonConverter : JsonConverter<Matrix>
{
    /// <inheritdoc />
    public override Matrix Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("expected a matrix object");
        int rows = -1, cols = -1;
        double[]? data = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            string name = reader.GetString()!;
            reader.Read();
            switch (name)
            {
                case "rows": rows = reader.GetInt32(); break;
                case "cols": cols = reader.GetInt32(); break;
                case "data": data = JsonSerializer.Deserialize<double[]>(ref reader, options); break;
                default: throw new JsonException($"unexpected matrix field {name}");
            }
        }
        if (rows < 0 || cols < 0 || data is null || data.Length != rows * cols) throw new JsonException("incomplete matrix");
        return new Matrix(rows, cols, data);
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, Matrix value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteNumber("rows", value.Rows);
        writer.WriteNumber("cols", value.Cols);
        writer.WritePropertyName("data");
        JsonSerializer.Serialize(writer, value.Data, options);
        writer.WriteEndObject();
    }
}
