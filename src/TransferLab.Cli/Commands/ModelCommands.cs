using System.CommandLine;
using TransferLab.Experiments;
using TransferLab.Experiments.Families;
using TransferLab.Schema;

namespace TransferLab.Cli.Commands;

/// <summary>
/// <c>theory &lt;model&gt;</c> and <c>simulate &lt;model&gt;</c> for every model family, generated from its schema: the
/// options, their help and their validation come from <see cref="ModelSchema"/>, the work from
/// <see cref="ModelFamily.Theory"/> and <see cref="ModelFamily.Simulate"/>.
/// </summary>
public sealed class ModelCommands : ICliModule
{
    /// <inheritdoc />
    public void Register(CliRoot root)
    {
        foreach (var family in FamilyCatalogue.All)
        {
            if ((family.Schema.Offers & Compute.Theory) != 0) root.Theory.Subcommands.Add(BuildTheory(family));
            if ((family.Schema.Offers & Compute.Simulate) != 0) root.Simulate.Subcommands.Add(BuildSimulate(family));
        }
    }

    private static Command BuildTheory(ModelFamily family)
    {
        var options = new SchemaOptions(family.Schema, Compute.Theory);
        var json = CommonOptions.Json();
        var maxMemory = CommonOptions.MaxMemory();
        var cmd = new Command(family.Name, family.TheoryDescription);
        options.AddTo(cmd);
        cmd.Options.Add(maxMemory);
        cmd.Options.Add(json);
        CliRoot.SetAction(cmd, p =>
        {
            var values = options.Bind(p);
            MemoryBudget.Check(family.EstimateMemory(values, 1), CommonOptions.Budget(p, maxMemory), values.AsText());
            var result = family.Theory(values);
            Show(result, p.GetValue(json));
            return 0;
        });
        return cmd;
    }

    private static Command BuildSimulate(ModelFamily family)
    {
        var options = new SchemaOptions(family.Schema, Compute.Simulate);
        var seed = CommonOptions.Seed();
        var threads = CommonOptions.Threads();
        var json = CommonOptions.Json();
        var maxMemory = CommonOptions.MaxMemory();
        var cmd = new Command(family.Name, family.SimulateDescription);
        options.AddTo(cmd);
        foreach (var o in new Option[] { seed, threads, maxMemory, json }) cmd.Options.Add(o);
        CliRoot.SetAction(cmd, p =>
        {
            var values = options.Bind(p);
            int th = CommonOptions.ValidThreads(p.GetValue(threads));
            MemoryBudget.Check(family.EstimateMemory(values, th), CommonOptions.Budget(p, maxMemory), values.AsText());
            var board = new ProgressBoard();
            var result = ProgressDisplay.Run(board, () => family.Simulate(values, p.GetValue(seed), new RunSettings(th, board)));
            Show(result, p.GetValue(json));
            return 0;
        });
        return cmd;
    }

    /// <summary>Prints a result: its payload as JSON, or its report as tables and lines.</summary>
    public static void Show(ModelResult result, bool json)
    {
        if (json)
        {
            CliOutput.Print(result.Payload, true);
            return;
        }
        foreach (var block in result.Report.Blocks)
            switch (block)
            {
                case ReportTable t: CliOutput.PrintRows(t.Title, t.Headers.ToArray(), t.Rows); break;
                case ReportRecord r: CliOutput.Print(r.Value, false, r.Title); break;
                case ReportLine l: Console.WriteLine(l.Text); break;
            }
    }
}
