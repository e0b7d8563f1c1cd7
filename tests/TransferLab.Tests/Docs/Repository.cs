using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace TransferLab.Tests.Docs;

/// <summary>
/// The checkout the tests were compiled from: its root (the folder holding TransferLab.slnx, found from this source
/// file's directory upward) and the Markdown pages in it.
/// </summary>
public static partial class Repository
{
    /// <summary>The repository root.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot([CallerFilePath] string sourceFile = "")
    {
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(sourceFile)!); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TransferLab.slnx"))) return dir.FullName;
        throw new InvalidOperationException($"no TransferLab.slnx above {sourceFile}");
    }

    /// <summary>The absolute path of a repository-relative path such as <c>docs/cli.md</c>.</summary>
    public static string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>The text of a repository file, line endings normalised to \n.</summary>
    public static string Read(string relative) => File.ReadAllText(PathOf(relative)).ReplaceLineEndings("\n");

    /// <summary>The headings (lines starting with one to six #) of a Markdown file, without the #s.</summary>
    public static IReadOnlyList<string> Headings(string relative) =>
        Read(relative).Split('\n').Select(l => HeadingLine().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value.Trim()).ToList();

    /// <summary>Whether <paramref name="text"/> contains <paramref name="token"/> not glued to a longer name (letters, digits, - _ .).</summary>
    public static bool ContainsToken(string text, string token) =>
        Regex.IsMatch(text, $@"(?<![\w.-]){Regex.Escape(token)}(?![\w-]|\.\w)");

    [GeneratedRegex(@"^#{1,6}\s+(.*)$")]
    private static partial Regex HeadingLine();
}
