using System.CommandLine;
using System.Reflection;
using TransferLab.Validation;

namespace TransferLab.Cli;

/// <summary>The command tree: the root command and the shared parents that modules hang their commands on.</summary>
public sealed class CliRoot
{
    /// <summary>Exit code for invalid input (bad parameter, unknown id, unwritable output).</summary>
    public const int BadInput = 2;

    /// <summary>Exit code for an unexpected failure.</summary>
    public const int Failure = 1;

    /// <summary><c>transferlab</c>.</summary>
    public RootCommand Root { get; }

    /// <summary><c>transferlab theory</c>: one exact theory value.</summary>
    public Command Theory { get; }

    /// <summary><c>transferlab simulate</c>: Monte Carlo simulation with mean and standard error.</summary>
    public Command Simulate { get; }

    /// <summary><c>transferlab phase-diagram</c>: theory grids over two parameters.</summary>
    public Command PhaseDiagram { get; }

    /// <summary>Builds the tree and lets every <see cref="ICliModule"/> register.</summary>
    public CliRoot()
    {
        Root = new RootCommand(
            "TransferLab: will pretraining help this fine-tuning task, and why? Exact theory next to simulation " +
            "for teacher-student transfer (Shachaf et al. 2021; Anguita et al. 2026; Tahir et al. 2024). " +
            "With no arguments, runs a fast default gallery into ./transferlab-out/.");
        Theory = new Command("theory", "Compute one theory prediction (exact formula, deterministic equivalent or replica solution).");
        Simulate = new Command("simulate", "Simulate training over random designs and seeds; report mean and standard error per protocol.");
        PhaseDiagram = new Command("phase-diagram", "Compute a theory phase diagram over two parameters (CSV grid + heatmap).");
        Root.Subcommands.Add(Theory);
        Root.Subcommands.Add(Simulate);
        Root.Subcommands.Add(PhaseDiagram);
        foreach (var t in typeof(CliRoot).Assembly.GetTypes()
                     .Where(t => typeof(ICliModule).IsAssignableFrom(t) && !t.IsAbstract && !t.IsInterface)
                     .OrderBy(t => t.FullName, StringComparer.Ordinal))
            ((ICliModule)Activator.CreateInstance(t)!).Register(this);
        // Parents left without subcommands (a capability not built yet) are not shown.
        foreach (var parent in new[] { PhaseDiagram })
            if (parent.Subcommands.Count == 0) Root.Subcommands.Remove(parent);
    }

    /// <summary>
    /// Sets <paramref name="command"/>'s action, mapping <see cref="ParameterException"/> and other
    /// argument errors to a one-line message on stderr and exit code 2.
    /// </summary>
    public static void SetAction(Command command, Func<ParseResult, int> action)
    {
        command.SetAction(parseResult =>
        {
            try
            {
                return action(parseResult);
            }
            catch (Exception e) when (Unwrap(e) is ParameterException or FileNotFoundException or DirectoryNotFoundException or InvalidDataException or FormatException)
            {
                Console.Error.WriteLine($"error: {Unwrap(e).Message}");
                return BadInput;
            }
            catch (Exception e)
            {
                // Not the user's input: a bug or an environment failure. Say so, with the type for a report.
                var inner = Unwrap(e);
                Console.Error.WriteLine($"internal error ({inner.GetType().Name}): {inner.Message}");
                if (Environment.GetEnvironmentVariable("TRANSFERLAB_DEBUG") == "1") Console.Error.WriteLine(inner);
                return Failure;
            }
        });
    }

    private static Exception Unwrap(Exception e)
    {
        while (e is AggregateException { InnerExceptions.Count: 1 } a) e = a.InnerExceptions[0];
        while (e is TargetInvocationException { InnerException: { } inner }) e = inner;
        return e;
    }

    /// <summary>Parses and runs; parse errors print one line each and exit 2.</summary>
    public int Invoke(string[] args)
    {
        var parse = Root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors) Console.Error.WriteLine($"error: {e.Message}");
            Console.Error.WriteLine("Run with --help for the valid options.");
            return BadInput;
        }
        return parse.Invoke();
    }
}
