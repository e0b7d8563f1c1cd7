using System.Text.Json;
using System.Text.RegularExpressions;

namespace TransferLab.Tests.Fuzz;

/// <summary>What one invocation did: exit code, output streams, and whether it ran out of time.</summary>
public sealed record CliFuzzRun(int Code, string Out, string Err, bool TimedOut = false);

/// <summary>
/// The property every invocation must satisfy (docs/architecture.md, "Error contract"): exit 0 with finite outputs
/// (no non-finite number, in a string or as a null where the valid base gives a number), or exit 2 with one line per
/// error, each <c>error: …</c> naming an option (one the case edited, when the base alone is valid), no stack trace,
/// and nothing left in the output directory; or exit 3 with the one line <c>error: no valid result: …</c> (every simulated
/// point diverged: an honest answer to a hostile step size); never exit 1, a crash, or running out of time or memory.
/// </summary>
public static partial class CliFuzzOracle
{
    /// <summary>
    /// Null when <paramref name="run"/> satisfies the property for <paramref name="c"/>, else why not.
    /// <paramref name="baseline"/> is the JSON of the command's valid base (null when it has none).
    /// </summary>
    public static string? Judge(CliFuzzCase c, CliFuzzRun run, JsonElement? baseline)
    {
        if (run.TimedOut) return "timed out";
        if (run.Err.Contains("   at ", StringComparison.Ordinal)) return "stack trace on stderr";
        switch (run.Code)
        {
            case 0:
                return JudgeSuccess(run.Out, baseline, c.ChangesShape);
            case 2:
            {
                var lines = run.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (lines.Length == 0) return "exit 2 without a message";
                foreach (var line in lines)
                {
                    if (!line.StartsWith("error: ", StringComparison.Ordinal)) return $"not an error line: {Cut(line)}";
                    if (!c.Edited.Any(e => Names(line, e))) return $"names none of {string.Join(", ", c.Edited)}: {Cut(line)}";
                }
                if (c.OutDir is { } dir && Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any())
                    return $"refused, but wrote into {dir}: {string.Join(", ", Directory.EnumerateFileSystemEntries(dir).Select(Path.GetFileName))}";
                return null;
            }
            case 3:
            {
                var lines = run.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                return lines.Length == 1 && lines[0].StartsWith("error: no valid result: ", StringComparison.Ordinal)
                    ? null
                    : $"exit 3 without the one no-valid-result line: {Cut(run.Err.Trim())}";
            }
            default:
                return $"exit {run.Code}: {Cut(run.Err.Trim())}";
        }
    }

    // The line names the edited option or token: "--x" as a whole word, or the stray token quoted / as given.
    private static bool Names(string line, string edited)
    {
        if (edited.StartsWith("--", StringComparison.Ordinal) && !edited.Contains('='))
            return Regex.IsMatch(line, $@"(?<![\w-]){Regex.Escape(edited)}(?![\w-])") || Regex.IsMatch(line, $@"(?<![\w-]){Regex.Escape(edited[2..])}(?![\w-])");
        return line.Contains(edited, StringComparison.Ordinal) || line.Contains(edited.Split('=')[0], StringComparison.Ordinal);
    }

    // Fields whose null is a documented answer, not a missing number.
    private static readonly HashSet<string> DocumentedNulls = new(StringComparer.Ordinal)
    {
        "pretraining_helps_up_to", // predict linear: "null if never" (fine-tuning never beats scratch on the grid)
    };

    private static string? JudgeSuccess(string stdout, JsonElement? baseline, bool changesShape)
    {
        string text = stdout.Trim();
        if (text.StartsWith('{') || text.StartsWith('['))
        {
            JsonElement json;
            try { json = JsonDocument.Parse(text).RootElement; }
            catch (JsonException e) { return $"exit 0 with unparsable JSON: {e.Message}"; }
            // A path is a number in the base when some row has a number there and none has null (rows collapse to
            // one path, so a base with an honest ∞ at one row, such as a risk at n = d, does not flag that path).
            var numbers = new HashSet<string>(StringComparer.Ordinal);
            var nullable = new HashSet<string>(StringComparer.Ordinal);
            if (baseline is { } b) Walk(b, "$", (path, v) => { if (v.ValueKind == JsonValueKind.Number) numbers.Add(path); else if (v.ValueKind == JsonValueKind.Null) nullable.Add(path); });
            // A choice edit (another protocol, target, spectrum) changes which outputs exist: nulls are then expected.
            if (changesShape) numbers.Clear();
            numbers.ExceptWith(nullable);
            numbers.RemoveWhere(p => DocumentedNulls.Contains(p[(p.LastIndexOf('.') + 1)..]));
            string? problem = null;
            Walk(json, "$", (path, v) =>
            {
                if (problem is not null) return;
                if (v.ValueKind == JsonValueKind.String && v.GetString() is "NaN" or "Infinity" or "-Infinity")
                    problem = $"non-finite number as a string at {path}";
                else if (v.ValueKind == JsonValueKind.Null && numbers.Contains(path) && !HasReason(json, path))
                    problem = $"null without a reason at {path}, a number in the valid base";
            });
            return problem;
        }
        if (NonFiniteWord().IsMatch(text)) return $"exit 0 with a non-finite number in the output: {Cut(NonFiniteWord().Match(text).Value)}";
        return null;
    }

    // A null is an honest answer when a sibling field gives the reason (e.g. "x_reason" or a "reason"/"note" field), or
    // when an enclosing object's null_reasons names it by its path below that object (docs/architecture.md, "Missing values").
    private static bool HasReason(JsonElement root, string path)
    {
        if (ListedInNullReasons(root, path)) return true;
        int dot = path.LastIndexOf('.');
        string parent = path[..dot], name = path[(dot + 1)..];
        JsonElement? node = root;
        foreach (var part in parent.Split('.').Skip(1))
            node = node is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(part.Replace("[]", ""), out var child)
                ? (child.ValueKind == JsonValueKind.Array && child.GetArrayLength() > 0 ? child[0] : child)
                : null;
        if (node is not { ValueKind: JsonValueKind.Object } obj) return false;
        foreach (var p in obj.EnumerateObject())
            if (p.Value.ValueKind == JsonValueKind.String && (p.Name == name + "_reason" || p.Name.Contains("reason", StringComparison.Ordinal) && p.Value.GetString()!.Contains(name, StringComparison.Ordinal)))
                return true;
        return false;
    }

    private static bool ListedInNullReasons(JsonElement root, string path)
    {
        var parts = path.Split('.').Skip(1).ToArray();
        JsonElement? node = root;
        for (int depth = 0; depth < parts.Length && node is { ValueKind: JsonValueKind.Object } obj; depth++)
        {
            if (obj.TryGetProperty("null_reasons", out var reasons) && reasons.ValueKind == JsonValueKind.Object)
            {
                string below = string.Join('.', parts[depth..]);
                foreach (var r in reasons.EnumerateObject())
                    if (r.Value.ValueKind == JsonValueKind.String && IndexDigits().Replace(r.Name, "[]") == below) return true;
            }
            node = obj.TryGetProperty(parts[depth].Replace("[]", ""), out var child)
                ? (child.ValueKind == JsonValueKind.Array && child.GetArrayLength() > 0 ? child[0] : child)
                : null;
        }
        return false;
    }

    [GeneratedRegex(@"\[\d+\]")]
    private static partial Regex IndexDigits();

    // Paths with array indices collapsed ("rows[]"), so a baseline row stands for every row.
    private static void Walk(JsonElement e, string path, Action<string, JsonElement> visit)
    {
        visit(path, e);
        if (e.ValueKind == JsonValueKind.Object)
            foreach (var p in e.EnumerateObject()) Walk(p.Value, $"{path}.{p.Name}", visit);
        else if (e.ValueKind == JsonValueKind.Array)
            foreach (var item in e.EnumerateArray()) Walk(item, path + "[]", visit);
    }

    private static string Cut(string s) => s.Length > 300 ? s[..300] + "…" : s;

    // A table cell or line showing NaN or ±∞ as a value (labels such as "α_PT = Infinity" for oracle pretraining are
    // JSON-checked instead: every command the fuzzer runs takes --json where it prints numbers).
    [GeneratedRegex(@"(?<![\w-])(NaN|-Infinity)(?![\w-])")]
    private static partial Regex NonFiniteWord();
}
