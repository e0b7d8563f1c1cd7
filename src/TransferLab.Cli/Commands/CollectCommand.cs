using System.CommandLine;
using Spectre.Console;
using TransferLab.Experiments;
using TransferLab.Experiments.Studies;
using TransferLab.Validation;

namespace TransferLab.Cli.Commands;

/// <summary>
/// <c>transferlab collect DIR</c>: writes a sharded figure (<c>reproduce &lt;id&gt; --shard i/N --out DIR</c>) from the runs
/// its shards recorded into DIR/results/, the same files an unsharded reproduce writes; refuses, naming how many, while
/// runs are missing (docs/studies.md, "Figures").
/// </summary>
public sealed class CollectCommand : ICliModule
{
    /// <inheritdoc />
    public void Register(CliRoot root)
    {
        if (!root.Builds("collect")) return;
        var dir = new Argument<string>("dir") { Description = "Directory of a sharded figure (written by reproduce <id> --shard i/N --out DIR or --slurm)." };
        var threads = CommonOptions.Threads();
        var cmd = new Command("collect", "Write a sharded figure from its shards' runs into DIR/results/ (CSV, manifest, PNG + SVG, identical to an unsharded reproduce); fails while runs are missing.")
        {
            dir, threads,
        };
        CliRoot.SetAction(cmd, p =>
        {
            var store = new RunStore(p.GetValue(dir)!);
            if (File.Exists(store.SpecPath))
                throw new ParameterException("dir", p.GetValue(dir)!, $"is a study directory; collect it with `{CliRoot.CommandName} study collect`");
            int t = CommonOptions.ValidThreads(p.GetValue(threads));
            var board = new ProgressBoard();
            FigureRunResult r;
            try
            {
                r = ProgressDisplay.Run(board, () => FigureCollector.Collect(store, FigureCatalogue.Find, t, board));
            }
            catch (MissingFigureRunsException e)
            {
                Console.Error.WriteLine($"error: {e.Message}; nothing written. Run the unfinished shards again (reproduce {e.Figure} --shard i/N --out {StudyReproduceLine.Quote(store.Directory)} resumes)");
                return CliRoot.Failure;
            }
            AnsiConsole.MarkupLine($"[green]✓[/] {Markup.Escape(r.Figure.Id)} collected into {Markup.Escape(store.ResultsDirectory)}: {Markup.Escape(string.Join(", ", r.Files.Select(Path.GetFileName)))}");
            Summary.Print([r]);
            return 0;
        });
        root.Root.Subcommands.Add(cmd);
    }
}
