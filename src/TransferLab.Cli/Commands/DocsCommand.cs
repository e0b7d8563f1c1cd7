using System.CommandLine;

namespace TransferLab.Cli.Commands;

/// <summary>
/// <c>transferlab docs cli</c> (hidden): prints the command-line reference as Markdown, generated from the command tree
/// (<see cref="CliMarkdown"/>). Regenerate the committed page with <c>./transferlab docs cli &gt; docs/cli.md</c>.
/// </summary>
public sealed class DocsCommand : ICliModule
{
    /// <inheritdoc />
    public void Register(CliRoot root)
    {
        if (!root.Builds("docs")) return;
        var cli = new Command("cli", "Print the command-line reference (docs/cli.md) as Markdown, generated from the command tree.");
        CliRoot.SetAction(cli, p =>
        {
            // The whole tree, which --help also shows (CliRoot.Run may have parsed this line with the docs branch only).
            Console.Out.Write(CliMarkdown.Render(new CliRoot().Root));
            return 0;
        });
        var docs = new Command("docs", "Generate documentation pages from the tool itself.") { Hidden = true };
        docs.Subcommands.Add(cli);
        root.Root.Subcommands.Add(docs);
    }
}
