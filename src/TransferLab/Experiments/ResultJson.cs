using System.Text.Json;

namespace TransferLab.Experiments;

/// <summary>
/// The one JSON form of a result payload, shared by the command line's <c>--json</c> and the explorer's web API, so
/// both print the same keys and the same numbers (docs/explorer.md, "API").
/// </summary>
public static class ResultJson
{
    /// <summary>Serializer settings: indented, snake_case keys, non-finite numbers as null, symbols as UTF-8.</summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        // NaN/±∞ become null (JSON has no such numbers; never numbers in strings).
        Converters = { new NonFiniteAsNullConverter() },
        // Symbols (ℓ, ρ, ≥, ×) written as UTF-8, not \uXXXX: the text goes to terminals, files and JSON responses
        // (served as application/json, never inlined into HTML).
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        // The theory and simulate payloads from generated metadata (PayloadJsonContext), every other type by reflection.
        TypeInfoResolver = System.Text.Json.Serialization.Metadata.JsonTypeInfoResolver.Combine(
            PayloadJsonContext.Default, new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver()),
    };

    /// <summary>The JSON text of <paramref name="payload"/> (its runtime type's public properties).</summary>
    public static string Serialize(object payload) => JsonSerializer.Serialize(payload, payload.GetType(), Options);
}
