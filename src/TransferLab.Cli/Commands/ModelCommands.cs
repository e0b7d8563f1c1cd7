using System.CommandLine;
using TransferLab.Experiments;
using TransferLab.Data.Readers;
using TransferLab.Experiments.Families;
using TransferLab.Schema;
using TransferLab.Validation;

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
            if ((family.Schema.Offers & Compute.Theory) != 0 && root.Builds(root.Theory.Name, family.Name))
                root.Theory.Subcommands.Add(BuildTheory(family));
            if ((family.Schema.Offers & Compute.Simulate) != 0 && root.Builds(root.Simulate.Name, family.Name))
                root.Simulate.Subcommands.Add(BuildSimulate(family));
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
            MemoryBudget.Check(family.EstimateMemory(values, 1), CommonOptions.Budget(p, maxMemory), values);
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
        // Families with a per-run table take --out FILE (the table as tidy CSV); the others have no --out.
        var runTable = family.RunTableDescription is string what
            ? new Option<string?>("--out") { Description = $"Also write {what} as tidy CSV to this file (written to a temporary file and renamed)." }
            : null;
        var runSeed = new Option<ulong>("--run-seed")
        {
            Description = "Compute one run of a study instead: a single repetition (seeds = 1) whose random streams derive from this seed. " +
                          "With a study row's run_seed and parameters it reproduces that row's numbers to the last bit (docs/studies.md). Not with --seed or --seeds.",
        };
        var cmd = new Command(family.Name, family.SimulateDescription);
        options.AddTo(cmd);
        foreach (var o in new Option?[] { runTable, seed, threads, maxMemory, json, runSeed }) if (o is not null) cmd.Options.Add(o);
        CliRoot.SetAction(cmd, p =>
        {
            var values = options.Bind(p);
            int th = CommonOptions.ValidThreads(p.GetValue(threads));
            MemoryBudget.Check(family.EstimateMemory(values, th), CommonOptions.Budget(p, maxMemory), values);
            string? outPath = runTable is null ? null : p.GetValue(runTable);
            if (outPath != null)
            {
                string? dir = Path.GetDirectoryName(Path.GetFullPath(outPath));
                if (dir == null || !Directory.Exists(dir)) throw new ParameterException("out", outPath, "its directory must exist");
            }
            var board = new ProgressBoard();
            bool single = p.GetResult(runSeed) is { Implicit: false };
            if (single)
            {
                // One run is one repetition with its own seed; a repetition count or a base seed would be silently ignored.
                if (values.IsGiven(ModelFamily.RepetitionsParameter))
                    throw new ParameterException(ModelFamily.RepetitionsParameter, "does not apply with --run-seed (one run is one repetition)");
                if (p.GetResult(seed) is { Implicit: false })
                    throw new ParameterException("seed", "does not apply with --run-seed (the run seed is the seed)");
            }
            var result = ProgressDisplay.Run(board, () => single
                ? family.SimulateRun(values, p.GetValue(runSeed), new RunSettings(th, board))
                : family.Simulate(values, p.GetValue(seed), new RunSettings(th, board)));
            if (outPath != null && result.Runs is { } table) WriteCsv(outPath, table);
            Show(result, p.GetValue(json));
            return ExitCode(result);
        });
        return cmd;
    }

    /// <summary>0, or <see cref="CliRoot.NoValidResult"/> with one line on stderr when no point of the result is valid.</summary>
    public static int ExitCode(ModelResult result)
    {
        if (result.Validity is not { NoneValid: true } v) return 0;
        Console.Error.WriteLine($"error: no valid result: {v.Reason}");
        return CliRoot.NoValidResult;
    }

    private static void WriteCsv(string path, TransferLab.Experiments.TidyTable table) =>
        ImageScaling.WriteAtomically(path, s =>
        {
            using var w = new StreamWriter(s);
            table.WriteCsv(w);
        });

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
