using TransferLab.Cli;
using TransferLab.Tests.Docs;

namespace TransferLab.Tests.Cli;

/// <summary>docs/cli.md is generated from the command tree and must equal what the generator prints now.</summary>
[Collection("console")]
public sealed class CliDocsTests
{
    [Fact]
    public void CommittedCliReferenceEqualsTheGeneratedOne()
    {
        string expected = CliMarkdown.Render(new CliRoot().Root);
        Assert.True(File.Exists(Repository.PathOf("docs/cli.md")), $"docs/cli.md is missing; generate it with `{CliMarkdown.RegenerateCommand}`");
        string committed = Repository.Read("docs/cli.md");
        if (committed == expected) return;
        var a = committed.Split('\n');
        var b = expected.Split('\n');
        int i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i]) i++;
        Assert.Fail($"docs/cli.md is out of date with the command tree; regenerate it with `{CliMarkdown.RegenerateCommand}`.\n" +
            $"first difference at line {i + 1}:\n  committed: {(i < a.Length ? a[i] : "(end of file)")}\n  generated: {(i < b.Length ? b[i] : "(end of file)")}");
    }

    [Fact]
    public void DocsCommandPrintsTheReferenceAndIsHiddenFromHelp()
    {
        var (code, output, error) = CliHarness.Run("docs", "cli");
        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Equal(CliMarkdown.Render(new CliRoot().Root), output.ReplaceLineEndings("\n"));
        Assert.Contains("\n## transferlab theory linear\n", output);
        Assert.Contains("| `--n` |", output);

        var (_, help, _) = CliHarness.Run("--help");
        Assert.DoesNotContain("docs", help.Split('\n').Where(l => l.StartsWith("  ", StringComparison.Ordinal)).Select(l => l.TrimStart().Split(' ')[0]));
        Assert.DoesNotContain("## transferlab docs", output);
    }
}
