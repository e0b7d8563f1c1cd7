using Microsoft.AspNetCore.Http;
using TransferLab.Schema;
using TransferLab.Validation;

namespace TransferLab.Server;

/// <summary>
/// A query string as schema input: <c>?alpha-ft=0.1,0.2&amp;c-pt=1e-3</c> → name → text, the names being the command
/// line's long options without the dashes, so <see cref="ModelSchema.Bind"/> parses and validates them exactly as
/// for the command line. A repeated name is one list (<c>?alpha-ft=0.1&amp;alpha-ft=0.2</c>). File parameters are refused:
/// a server reads no files its caller names.
/// </summary>
public static class QueryParameters
{
    /// <summary>The schema input in <paramref name="query"/>, without the names in <paramref name="reserved"/> (the endpoint's own).</summary>
    public static Dictionary<string, string> From(IQueryCollection query, ModelSchema schema, params string[] reserved)
    {
        var given = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in query)
        {
            if (reserved.Contains(name, StringComparer.Ordinal)) continue;
            string text = string.Join(",", values.Where(v => v is not null));
            if (schema.Find(name) is { Kind: ParameterKind.FilePath or ParameterKind.FilePathList })
                throw new ParameterException(name, text, "file parameters are not accepted by the explorer server (use the command line)");
            given[name] = text;
        }
        return given;
    }

    /// <summary>The text of <paramref name="name"/>, or null when absent.</summary>
    public static string? Text(IQueryCollection query, string name) => query.TryGetValue(name, out var v) ? string.Join(",", v.Where(x => x is not null)) : null;
}
