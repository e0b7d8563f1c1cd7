using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace TransferLab.Server;

/// <summary>
/// The pages (<c>wwwroot/</c> of this project: HTML, JavaScript, CSS and the vendored uPlot), embedded in the assembly
/// and served from memory, so a build output is all <c>transferlab serve</c> needs.
/// </summary>
public static class EmbeddedPages
{
    private static readonly Dictionary<string, string> s_types = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8", [".js"] = "text/javascript; charset=utf-8", [".css"] = "text/css; charset=utf-8",
        [".png"] = "image/png", [".svg"] = "image/svg+xml", [".txt"] = "text/plain; charset=utf-8", [""] = "text/plain; charset=utf-8",
    };

    /// <summary>Path (without the leading slash) → content, read once.</summary>
    public static IReadOnlyDictionary<string, byte[]> Files { get; } = Load();

    private static Dictionary<string, byte[]> Load()
    {
        var asm = typeof(EmbeddedPages).Assembly;
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var name in asm.GetManifestResourceNames().Where(n => n.StartsWith("wwwroot/", StringComparison.Ordinal)))
        {
            using var s = asm.GetManifestResourceStream(name)!;
            using var m = new MemoryStream();
            s.CopyTo(m);
            files[name["wwwroot/".Length..].Replace('\\', '/')] = m.ToArray();
        }
        return files;
    }

    /// <summary>Serves every embedded file at its path; <c>/</c> is <c>index.html</c>.</summary>
    public static void Map(WebApplication app)
    {
        foreach (var (path, bytes) in Files)
        {
            string type = s_types.GetValueOrDefault(Path.GetExtension(path), "application/octet-stream");
            var content = bytes;
            app.MapGet("/" + path, () => Results.Bytes(content, type));
            if (path == "index.html") app.MapGet("/", () => Results.Bytes(content, type));
        }
    }
}
