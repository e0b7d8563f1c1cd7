using System.CommandLine;
using Spectre.Console;
using TransferLab.Experiments;
using TransferLab.Experiments.Families;
using TransferLab.Schema;

namespace TransferLab.Cli.Commands;

/// <summary>
/// <c>phase-diagram deep-linear</c>: the options come from <see cref="DeepLinearPhaseDiagram.Schema"/>, the figure from
/// <see cref="DeepLinearPhaseDiagram.Create"/>; the command adds the output directory, seed, threads and JSON switch and
/// runs the figure through the staged, atomic <see cref="FigureRunner"/>.
/// </summary>
public sealed class PhaseDiagramCommands : ICliModule
{
    /// <inheritdoc />
    public void Register(CliRoot root)
    {
        if (root.Builds(root.PhaseDiagram.Name)) root.PhaseDiagram.Subcommands.Add(BuildDeepLinear());
    }

    private static Command BuildDeepLinear()
    {
        var options = new SchemaOptions(DeepLinearPhaseDiagram.Schema, Compute.Theory);
        var outDir = CommonOptions.Out("./transferlab-out");
        var seed = CommonOptions.Seed();
        var threads = CommonOptions.Threads();
        var json = CommonOptions.Json();
        var maxMemory = CommonOptions.MaxMemory();
        var cmd = new Command("deep-linear", DeepLinearPhaseDiagram.Description);
        options.AddTo(cmd);
        foreach (var o in new Option[] { outDir, seed, threads, maxMemory, json }) cmd.Options.Add(o);
        CliRoot.SetAction(cmd, p =>
        {
            var values = options.Bind(p);
            int th = CommonOptions.ValidThreads(p.GetValue(threads));
            MemoryBudget.Check(DeepLinearPhaseDiagram.EstimateMemory(values, th), CommonOptions.Budget(p, maxMemory), values);
            var figure = DeepLinearPhaseDiagram.Create(values);
            string dir = p.GetValue(outDir)!;
            FigureRunner.PrepareOutputDirectory(dir);
            var board = new ProgressBoard();
            var r = ProgressDisplay.Run(board, () => FigureRunner.Run(figure, false, dir, p.GetValue(seed), th, board));
            if (p.GetValue(json)) CliOutput.Print(new { files = r.Files, seconds = r.ElapsedSeconds }, true);
            else AnsiConsole.MarkupLine($"[green]✓[/] {Markup.Escape(figure.Id)} ({r.ElapsedSeconds:F2} s): {Markup.Escape(string.Join(", ", r.Files.Select(Path.GetFileName)))}");
            return 0;
        });
        return cmd;
    }
}
