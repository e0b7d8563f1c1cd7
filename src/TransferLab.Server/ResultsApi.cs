using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace TransferLab.Server;

/// <summary>
/// The results browser's data (<c>serve --results DIR</c>): the figures in DIR (each <c>&lt;id&gt;-manifest.json</c> with the
/// files it lists), other result files such as studies' collected CSVs, and the files themselves, read-only and only
/// from inside DIR (no path may leave it, symbolic links included).
/// </summary>
public static class ResultsApi
{
    /// <summary>One file under the results directory.</summary>
    public sealed record FileEntry(string Path, string Kind, long Bytes);

    /// <summary>One figure: its manifest and files.</summary>
    public sealed record FigureEntry(string Id, string Directory, JsonElement Manifest, IReadOnlyList<FileEntry> Files);

    /// <summary>What the directory holds.</summary>
    public sealed record Listing(string Directory, IReadOnlyList<FigureEntry> Figures, IReadOnlyList<FileEntry> Other, bool Truncated);

    private const int MaxFiles = 5000;

    private static readonly Dictionary<string, string> s_types = new(StringComparer.OrdinalIgnoreCase)
    {
        [".png"] = "image/png", [".svg"] = "image/svg+xml", [".csv"] = "text/csv; charset=utf-8", [".json"] = "application/json; charset=utf-8",
        [".txt"] = "text/plain; charset=utf-8", [".md"] = "text/plain; charset=utf-8", [".yaml"] = "text/plain; charset=utf-8", [".yml"] = "text/plain; charset=utf-8",
        [".jsonl"] = "text/plain; charset=utf-8", [".log"] = "text/plain; charset=utf-8",
    };

    /// <summary>Adds the endpoints.</summary>
    public static void Map(WebApplication app, ExplorerOptions options)
    {
        string? root = options.ResultsDirectory is { } dir ? Path.GetFullPath(dir) : null;
        IResult None() => ApiProblem.NotFound("no results directory: start the server with `transferlab serve --results DIR`");

        app.MapGet("/api/results", () => root is null ? None() : Results.Json(List(root), ExplorerJson.Options));
        app.MapGet("/api/results/file/{**path}", (string path, HttpContext context) =>
        {
            if (root is null) return None();
            if (Resolve(root, path) is not { } full) return ApiProblem.NotFound($"no file {path} in the results directory");
            string type = s_types.GetValueOrDefault(Path.GetExtension(full), "application/octet-stream");
            // A downloaded SVG or CSV is shown by the browser but can run nothing: the results directory is data.
            context.Response.Headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox";
            bool download = context.Request.Query.ContainsKey("download");
            return Results.File(full, type, download ? Path.GetFileName(full) : null);
        });
    }

    /// <summary>The figures and other files under <paramref name="root"/>.</summary>
    public static Listing List(string root)
    {
        var files = new List<string>();
        bool truncated = false;
        if (Directory.Exists(root))
            foreach (var f in Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint }))
            {
                if (files.Count >= MaxFiles) { truncated = true; break; }
                files.Add(f);
            }
        var claimed = new HashSet<string>(StringComparer.Ordinal);
        var figures = new List<FigureEntry>();
        foreach (var manifestPath in files.Where(f => f.EndsWith("-manifest.json", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            JsonElement manifest;
            try { manifest = JsonDocument.Parse(File.ReadAllText(manifestPath)).RootElement.Clone(); }
            catch (Exception e) when (e is JsonException or IOException) { continue; }
            string dir = Path.GetDirectoryName(manifestPath)!;
            string id = Path.GetFileName(manifestPath)[..^"-manifest.json".Length];
            var listed = manifest.TryGetProperty("files", out var fs) && fs.ValueKind == JsonValueKind.Array
                ? fs.EnumerateArray().Select(x => x.GetString()).OfType<string>().ToList()
                : [];
            var entries = new List<FileEntry>();
            foreach (var name in listed)
            {
                string full = Path.GetFullPath(Path.Combine(dir, name));
                if (!full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(full)) continue;
                claimed.Add(full);
                entries.Add(Entry(root, full));
            }
            claimed.Add(manifestPath);
            figures.Add(new FigureEntry(id, Relative(root, dir), manifest, entries));
        }
        var other = files.Where(f => !claimed.Contains(f)).Order(StringComparer.Ordinal).Select(f => Entry(root, f)).ToList();
        return new Listing(root, figures, other, truncated);
    }

    private static FileEntry Entry(string root, string full) =>
        new(Relative(root, full), Path.GetExtension(full).TrimStart('.').ToLowerInvariant(), new FileInfo(full).Length);

    private static string Relative(string root, string full) => Path.GetRelativePath(root, full).Replace(Path.DirectorySeparatorChar, '/');

    /// <summary>The full path of <paramref name="relative"/> when it is a regular file inside <paramref name="root"/> (no link on the way), else null.</summary>
    public static string? Resolve(string root, string relative)
    {
        string full = Path.GetFullPath(Path.Combine(root, relative));
        if (!full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(full)) return null;
        for (var p = full; p.Length > root.Length; p = Path.GetDirectoryName(p)!)
            if (new FileInfo(p).LinkTarget is not null || (Directory.Exists(p) && new DirectoryInfo(p).LinkTarget is not null)) return null;
        return full;
    }
}
