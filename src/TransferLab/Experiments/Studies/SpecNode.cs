using System.Text.Json;
using TransferLab.Validation;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TransferLab.Experiments.Studies;

/// <summary>
/// A study spec as a plain tree (scalars keep their text, maps keep their key order), read from YAML or JSON so that
/// the spec's meaning (<see cref="StudySpec"/>) is decided in one place whatever the format.
/// </summary>
public abstract record SpecNode
{
    /// <summary>Reads YAML (or, for a <c>.json</c> path, JSON) text; a syntax error is a <see cref="ParameterException"/> for <c>spec</c>.</summary>
    public static SpecNode Parse(string text, bool json)
    {
        try
        {
            return json ? FromJson(JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip }).RootElement) : FromYaml(text);
        }
        catch (JsonException e)
        {
            throw new ParameterException("spec", $"invalid JSON at line {e.LineNumber + 1}: {FirstLine(e.Message)}");
        }
        catch (YamlException e)
        {
            throw new ParameterException("spec", $"invalid YAML at line {e.Start.Line}, column {e.Start.Column}: {FirstLine(e.InnerException?.Message ?? e.Message)}");
        }
    }

    private static string FirstLine(string s) => s.Split('\n')[0].Trim();

    private static SpecNode FromYaml(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        if (stream.Documents.Count == 0) throw new ParameterException("spec", "the spec is empty");
        if (stream.Documents.Count > 1) throw new ParameterException("spec", "one YAML document expected, found several (---)");
        return FromYaml(stream.Documents[0].RootNode);
    }

    private static SpecNode FromYaml(YamlNode node) => node switch
    {
        YamlScalarNode s => new SpecScalar(s.Value ?? "", s.Style == ScalarStyle.Plain && s.Value is null or "" or "~" or "null" or "Null" or "NULL"),
        YamlSequenceNode q => new SpecList(q.Children.Select(FromYaml).ToList()),
        YamlMappingNode m => new SpecMap(m.Children.Select(kv => (kv.Key is YamlScalarNode k ? k.Value ?? "" : kv.Key.ToString(), FromYaml(kv.Value))).ToList()),
        _ => throw new ParameterException("spec", $"unsupported YAML node at line {node.Start.Line}"),
    };

    private static SpecNode FromJson(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => new SpecScalar(e.GetString()!, false),
        JsonValueKind.Number => new SpecScalar(e.GetRawText(), false),
        JsonValueKind.True => new SpecScalar("true", false),
        JsonValueKind.False => new SpecScalar("false", false),
        JsonValueKind.Null => new SpecScalar("", true),
        JsonValueKind.Array => new SpecList(e.EnumerateArray().Select(FromJson).ToList()),
        _ => FromJsonObject(e),
    };

    private static SpecNode FromJsonObject(JsonElement e)
    {
        var entries = e.EnumerateObject().Select(p => (p.Name, FromJson(p.Value))).ToList();
        // JSON allows repeated keys; a spec does not (which one would win is not obvious to the reader).
        var repeated = entries.GroupBy(x => x.Name).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null) throw new ParameterException(repeated.Key, "given more than once");
        return new SpecMap(entries);
    }
}

/// <summary>A scalar: its text as written (numbers keep their spelling, e.g. <c>1e-3</c>).</summary>
/// <param name="Text">The text.</param>
/// <param name="IsNull">An explicit null (<c>~</c>, <c>null</c> or nothing).</param>
public sealed record SpecScalar(string Text, bool IsNull) : SpecNode;

/// <summary>A list.</summary>
/// <param name="Items">The items in order.</param>
public sealed record SpecList(IReadOnlyList<SpecNode> Items) : SpecNode;

/// <summary>A map with its keys in the order written.</summary>
/// <param name="Entries">Key and value pairs.</param>
public sealed record SpecMap(IReadOnlyList<(string Key, SpecNode Value)> Entries) : SpecNode;
