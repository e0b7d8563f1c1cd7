using System.Globalization;
using System.Text.Json;

namespace TransferLab.Experiments.Studies;

/// <summary>
/// What a sharded figure directory reproduces, kept as its <c>figure.json</c>: the figure id, its size (quick or the
/// paper's) and the experiment seed. Every shard and the collect read the same three, so they enumerate the same runs
/// (docs/studies.md, "Figures").
/// </summary>
/// <param name="Figure">The figure id.</param>
/// <param name="Quick">The quick size instead of the paper's.</param>
/// <param name="Seed">The experiment seed.</param>
public sealed record FigureRunSpec(string Figure, bool Quick, ulong Seed)
{
    /// <summary>The descriptor's file name in the directory.</summary>
    public const string FileName = "figure.json";

    /// <summary>Version of the descriptor and of the run keys (<see cref="FigureRunKey"/>).</summary>
    public const string Scheme = "transferlab-figure/1";

    /// <summary>The descriptor's canonical text (compact JSON and a newline).</summary>
    public string ToCanonicalJson() =>
        $"{{\"scheme\":\"{Scheme}\",\"figure\":{JsonSerializer.Serialize(Figure)},\"quick\":{(Quick ? "true" : "false")},\"seed\":{Seed.ToString(CultureInfo.InvariantCulture)}}}\n";

    /// <summary>Reads a descriptor; an <see cref="InvalidDataException"/> naming <paramref name="path"/> when it is not one.</summary>
    public static FigureRunSpec Parse(string json, string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var e = doc.RootElement;
            if (e.GetProperty("scheme").GetString() != Scheme) throw new InvalidDataException($"{path}: scheme is not {Scheme}");
            return new FigureRunSpec(e.GetProperty("figure").GetString()!, e.GetProperty("quick").GetBoolean(), e.GetProperty("seed").GetUInt64());
        }
        catch (Exception x) when (x is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{path}: not a figure descriptor ({x.Message})", x);
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{Figure}{(Quick ? " --quick" : "")} seed {Seed}";
}
