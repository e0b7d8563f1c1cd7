using Spectre.Console;
using TransferLab.Experiments;

namespace TransferLab.Cli.Commands;

/// <summary>
/// The root command's own action: a fast default gallery (every figure marked for it, at --quick size)
/// written to ./transferlab-out/, with a summary table.
/// </summary>
public sealed class GalleryCommand : ICliModule
{
    /// <inheritdoc />
    public void Register(CliRoot root)
    {
        var outDir = CommonOptions.Out("./transferlab-out");
        var seed = CommonOptions.Seed();
        var threads = CommonOptions.Threads();
        root.Root.Options.Add(outDir);
        root.Root.Options.Add(seed);
        root.Root.Options.Add(threads);
        CliRoot.SetAction(root.Root, p =>
        {
            string dir = p.GetValue(outDir)!;
            int th = CommonOptions.ValidThreads(p.GetValue(threads));
            FigureRunner.PrepareOutputDirectory(dir);
            var figures = FigureCatalogue.All.Where(f => f.InDefaultGallery).ToList();
            AnsiConsole.MarkupLine($"TransferLab default gallery: {figures.Count} figures at quick size → {Markup.Escape(Path.GetFullPath(dir))}");
            var results = new List<FigureRunResult>();
            foreach (var f in figures)
            {
                var board = new ProgressBoard();
                var r = ProgressDisplay.Run(board, () => FigureRunner.Run(f, quick: true, dir, p.GetValue(seed), th, board));
                results.Add(r);
                AnsiConsole.MarkupLine($"[green]✓[/] {Markup.Escape(f.Id)}: {Markup.Escape(f.Description)} ({r.ElapsedSeconds:F1} s)");
            }
            Summary.Print(results);
            AnsiConsole.MarkupLine("More: `transferlab list`, `transferlab reproduce <id> [[--quick]]`, `transferlab --help`.");
            return 0;
        });
    }
}
