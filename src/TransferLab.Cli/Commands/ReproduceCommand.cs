using System.CommandLine;
using Spectre.Console;
using TransferLab.Experiments;
using TransferLab.Validation;

namespace TransferLab.Cli.Commands;

/// <summary><c>transferlab reproduce &lt;id&gt;</c>: run one catalogue figure.</summary>
public sealed class ReproduceCommand : ICliModule
{
    /// <inheritdoc />
    public void Register(CliRoot root)
    {
        var id = new Argument<string>("id") { Description = "Figure id from `transferlab list`, or `all` for every figure." };
        var quick = CommonOptions.Quick();
        var outDir = CommonOptions.Out("./transferlab-out");
        var seed = CommonOptions.Seed();
        var threads = CommonOptions.Threads();
        var dataDir = new Option<string?>("--data-dir") { Description = "Directory holding the real data sets the real-data figures read (default: $TRANSFERLAB_DATA, then /usr/share/datasets/fashion-mnist from the Debian package dataset-fashion-mnist)." };
        var cmd = new Command("reproduce", "Reproduce a figure: theory lines and simulation points ±2 SE, written as tidy CSV, a summary CSV, a manifest JSON and PNG + SVG plots.")
        {
            id, quick, outDir, seed, threads, dataDir,
        };
        CliRoot.SetAction(cmd, p =>
        {
            string which = p.GetValue(id)!;
            int t = CommonOptions.ValidThreads(p.GetValue(threads));
            var figures = which == "all" ? FigureCatalogue.All.ToList() : [FigureCatalogue.Find(which)];
            FigureRunner.PrepareOutputDirectory(p.GetValue(outDir)!);
            var results = new List<FigureRunResult>();
            foreach (var f in figures)
            {
                var board = new ProgressBoard();
                var r = ProgressDisplay.Run(board, () => FigureRunner.Run(f, p.GetValue(quick), p.GetValue(outDir)!, p.GetValue(seed), t, board, dataDirectory: p.GetValue(dataDir)));
                results.Add(r);
                AnsiConsole.MarkupLine($"[green]✓[/] {Markup.Escape(f.Id)} ({r.ElapsedSeconds:F1} s): {Markup.Escape(string.Join(", ", r.Files.Select(Path.GetFileName)))}");
            }
            Summary.Print(results);
            return 0;
        });
        root.Root.Subcommands.Add(cmd);
    }
}
