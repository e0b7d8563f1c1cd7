using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using TransferLab.Numerics;

namespace TransferLab.Experiments;

/// <summary>What produced a set of results: tool version, figure, size, seed, backend, timing, parameters.</summary>
public sealed record Manifest
{
    [JsonPropertyName("tool")] public string Tool { get; init; } = "transferlab";
    [JsonPropertyName("version")] public string Version { get; init; } = ToolInfo.Version;
    [JsonPropertyName("figure")] public string Figure { get; init; } = "";
    [JsonPropertyName("paper")] public string Paper { get; init; } = "";
    [JsonPropertyName("quick")] public bool Quick { get; init; }
    [JsonPropertyName("seed")] public ulong Seed { get; init; }
    [JsonPropertyName("threads")] public int Threads { get; init; }
    [JsonPropertyName("backend")] public string Backend { get; init; } = LinearAlgebra.Provider.Name;
    [JsonPropertyName("runtime")] public string Runtime { get; init; } = RuntimeInformation.FrameworkDescription;
    [JsonPropertyName("os")] public string Os { get; init; } = RuntimeInformation.OSDescription;
    [JsonPropertyName("processors")] public int Processors { get; init; } = Environment.ProcessorCount;
    [JsonPropertyName("started_utc")] public DateTime StartedUtc { get; init; }
    [JsonPropertyName("elapsed_seconds")] public double ElapsedSeconds { get; init; }
    [JsonPropertyName("parameters")] public IReadOnlyDictionary<string, object?> Parameters { get; init; } = new Dictionary<string, object?>();
    [JsonPropertyName("headlines")] public IReadOnlyDictionary<string, double> Headlines { get; init; } = new Dictionary<string, double>();
    [JsonPropertyName("files")] public IReadOnlyList<string> Files { get; init; } = [];

    /// <summary>Indented JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, s_json);

    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        // Symbols in notes (ρ, λ, ‖θ − θ₀‖²) stay readable UTF-8; manifests are data files, never embedded in HTML.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new NonFiniteAsNullConverter() },
    };
}

/// <summary>Version and build facts.</summary>
public static class ToolInfo
{
    /// <summary>The assembly's informational version.</summary>
    public static string Version { get; } =
        typeof(ToolInfo).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
}
