using System.CommandLine;
using TransferLab.Experiments;

namespace TransferLab.Cli.Commands;

/// <summary><c>transferlab list</c>: the figure catalogue.</summary>
public sealed class ListCommand : ICliModule
{
    /// <summary>One catalogue entry.</summary>
    public sealed record Entry(string Id, string Paper, string Description, bool InDefaultGallery);

    /// <inheritdoc />
    public void Register(CliRoot root)
    {
        if (!root.Builds("list")) return;
        var json = CommonOptions.Json();
        var cmd = new Command("list", "List the figure catalogue: ids (for `transferlab reproduce <id>`), papers and one-line descriptions.") { json };
        CliRoot.SetAction(cmd, p =>
        {
            var entries = FigureCatalogue.All.Select(f => new Entry(f.Id, f.Paper, f.Description, f.InDefaultGallery)).ToList();
            if (p.GetValue(json))
                Console.Out.WriteLine(System.Text.Json.JsonSerializer.Serialize(entries, CliOutput.Json));
            else
                CliOutput.PrintRows("Figure catalogue", ["id", "paper", "description"],
                    entries.Select(e => new object?[] { e.Id, e.Paper, e.Description }));
            return 0;
        });
        root.Root.Subcommands.Add(cmd);
    }
}
