using System.Text.RegularExpressions;
using TransferLab.Experiments;
using TransferLab.Tests.Docs;

namespace TransferLab.Tests.Experiments;

/// <summary>
/// One name per figure in every place a reader looks: the id, the class (PascalCase(id) + "Figure"), the paper's folder
/// (namespace TransferLab.Experiments.&lt;Paper&gt;), a heading on that paper's docs page; and a README short enough to
/// be a map that links every docs page.
/// </summary>
public sealed partial class CatalogueTests
{
    /// <summary>The three paper folders, named first author + year in every layer.</summary>
    private static readonly string[] s_paperFolders = ["Shachaf2021", "Anguita2026", "Tahir2024"];

    public static TheoryData<string> FigureIds() => new(FigureCatalogue.All.Select(f => f.Id));

    [Fact]
    public void CatalogueIsNotEmptyAndIdsAreUnique()
    {
        Assert.NotEmpty(FigureCatalogue.All);
        Assert.Equal(FigureCatalogue.All.Count, FigureCatalogue.All.Select(f => f.Id).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(FigureIds))]
    public void ClassIsNamedAfterTheId(string id)
    {
        var figure = FigureCatalogue.Find(id);
        Assert.Matches("^[a-z][a-z0-9]*(-[a-z0-9]+)+$", id);
        Assert.Equal(PascalCase(id) + "Figure", figure.GetType().Name);
    }

    [Theory]
    [MemberData(nameof(FigureIds))]
    public void NamespaceIsThePapersFolder(string id)
    {
        var figure = FigureCatalogue.Find(id);
        string folder = PaperFolder(figure.Paper);
        Assert.Contains(folder, s_paperFolders);
        Assert.Equal("TransferLab.Experiments." + folder, figure.GetType().Namespace);
    }

    [Theory]
    [MemberData(nameof(FigureIds))]
    public void PapersDocsPageHasAHeadingForTheFigure(string id)
    {
        var figure = FigureCatalogue.Find(id);
        string page = DocsPage(figure.Paper);
        Assert.True(File.Exists(Repository.PathOf(page)), $"{page} is missing (docs page of {figure.Paper})");
        var headings = Repository.Headings(page);
        Assert.True(headings.Any(h => Repository.ContainsToken(h, id)),
            $"{page} has no heading naming figure {id}; add e.g. \"### {id}\" with what it shows and its paper-size result");
    }

    [Fact]
    public void ReadmeIsAShortMapThatLinksEveryDocsPage()
    {
        var lines = Repository.Read("README.md").TrimEnd('\n').Split('\n');
        Assert.True(lines.Length <= 200, $"README.md has {lines.Length} lines; the limit is 200 (details belong in docs/)");
        string readme = string.Join('\n', lines);
        var pages = Directory.GetFiles(Repository.PathOf("docs"), "*.md").Select(p => "docs/" + Path.GetFileName(p)).Order(StringComparer.Ordinal).ToList();
        Assert.Contains("docs/architecture.md", pages);
        Assert.Contains("docs/benchmarks.md", pages);
        Assert.Contains("docs/cli.md", pages);
        foreach (var folder in s_paperFolders) Assert.Contains($"docs/{folder.ToLowerInvariant()}.md", pages);
        foreach (var page in pages)
            Assert.True(readme.Contains($"]({page}", StringComparison.Ordinal), $"README.md does not link {page}");
    }

    [Fact]
    public void RelativeLinksInReadmeAndDocsResolve()
    {
        var files = Directory.GetFiles(Repository.PathOf("docs"), "*.md", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(Repository.Root, p).Replace(Path.DirectorySeparatorChar, '/'))
            .Prepend("README.md").ToList();
        var broken = new List<string>();
        foreach (var file in files)
        {
            string dir = Path.GetDirectoryName(Repository.PathOf(file))!;
            foreach (Match m in MarkdownLink().Matches(Repository.Read(file)))
            {
                string target = m.Groups[1].Value;
                if (target.Contains("://", StringComparison.Ordinal) || target.StartsWith('#') || target.StartsWith("mailto:", StringComparison.Ordinal)) continue;
                string path = target.Split('#')[0];
                string full = Path.GetFullPath(Path.Combine(dir, path));
                if (!File.Exists(full) && !Directory.Exists(full)) broken.Add($"{file}: ({target})");
            }
        }
        Assert.True(broken.Count == 0, "links to missing files:\n" + string.Join('\n', broken));
    }

    /// <summary>tahir-fig4-sweep → TahirFig4Sweep.</summary>
    public static string PascalCase(string id) =>
        string.Concat(id.Split('-').Select(part => char.ToUpperInvariant(part[0]) + part[1..]));

    /// <summary>"Tahir, Ganguli &amp; Rotskoff 2024" → Tahir2024: the first author's surname and the year.</summary>
    public static string PaperFolder(string paper)
    {
        var m = PaperCitation().Match(paper);
        Assert.True(m.Success, $"paper \"{paper}\" does not read \"<Author> … <year>\"");
        return m.Groups[1].Value + m.Groups[2].Value;
    }

    /// <summary>docs/&lt;paper folder in lower case&gt;.md, e.g. docs/tahir2024.md.</summary>
    public static string DocsPage(string paper) => $"docs/{PaperFolder(paper).ToLowerInvariant()}.md";

    [GeneratedRegex(@"^([A-Z][a-z]+)\b.*\b((?:19|20)\d\d)$")]
    private static partial Regex PaperCitation();

    [GeneratedRegex(@"\]\(([^)\s]+)\)")]
    private static partial Regex MarkdownLink();
}
