using System.CommandLine;
using System.CommandLine.Parsing;
using System.Reflection;
using TransferLab.Cli.Commands;
using TransferLab.Validation;

namespace TransferLab.Cli;

/// <summary>The command tree: the root command and the shared parents that modules hang their commands on.</summary>
public sealed class CliRoot
{
    /// <summary>Exit code for invalid input (bad parameter, unknown id, unwritable output).</summary>
    public const int BadInput = 2;

    /// <summary>Exit code for an unexpected failure.</summary>
    public const int Failure = 1;

    /// <summary>Exit code for a computation that ran but produced no valid point (every point diverged; docs/architecture.md, "Error contract").</summary>
    public const int NoValidResult = 3;

    /// <summary>The command's name in help and messages.</summary>
    public const string CommandName = "transferlab";

    /// <summary><c>transferlab</c>.</summary>
    public RootCommand Root { get; }

    /// <summary><c>transferlab theory</c>: one exact theory value.</summary>
    public Command Theory { get; }

    /// <summary><c>transferlab simulate</c>: Monte Carlo simulation with mean and standard error.</summary>
    public Command Simulate { get; }

    /// <summary><c>transferlab phase-diagram</c>: theory grids over two parameters.</summary>
    public Command PhaseDiagram { get; }

    // The command words the tree is built for (null: all of it); see Builds.
    private readonly string[]? _path;

    /// <summary>Builds the whole tree: every module of <see cref="Modules"/> registers its commands.</summary>
    public CliRoot() : this(null)
    {
    }

    /// <summary>
    /// Builds the branch named by <paramref name="path"/> (the leading command words of a command line, e.g.
    /// <c>theory linear</c>) and the root's own options; an empty path builds the whole tree.
    /// </summary>
    public CliRoot(IReadOnlyList<string>? path)
    {
        _path = path is { Count: > 0 } ? path.ToArray() : null;
        Root = new RootCommand(
            "TransferLab: will pretraining help this fine-tuning task, and why? Exact theory next to simulation " +
            "for teacher-student transfer (Shachaf et al. 2021; Anguita et al. 2026; Tahir et al. 2024). " +
            "With no arguments, runs a fast default gallery into ./transferlab-out/.")
        {
            // Usage lines say what the user types (./transferlab), not the assembly name.
            HelpName = CommandName,
        };
        Theory = new Command("theory", "Compute one theory prediction (exact formula, deterministic equivalent or replica solution).");
        Simulate = new Command("simulate", "Simulate training over random designs and seeds; report mean and standard error per protocol.");
        PhaseDiagram = new Command("phase-diagram", "Compute a theory phase diagram over two parameters (CSV grid + heatmap).");
        Root.Subcommands.Add(Theory);
        Root.Subcommands.Add(Simulate);
        Root.Subcommands.Add(PhaseDiagram);
        foreach (var module in Modules()) module.Register(this);
        // Parents left without subcommands (a capability not built yet) are not shown.
        foreach (var parent in new[] { PhaseDiagram })
            if (parent.Subcommands.Count == 0) Root.Subcommands.Remove(parent);
    }

    /// <summary>
    /// Every command group, in the order their commands appear in help and docs/cli.md. A list, not a search of the
    /// assembly's types by reflection: that search alone cost about 10 ms of every start (docs/benchmarks.md,
    /// "Start-up"); a test checks that no <see cref="ICliModule"/> is left out.
    /// </summary>
    public static ICliModule[] Modules() =>
    [
        new CollectCommand(), new DataCommands(), new DocsCommand(), new GalleryCommand(), new InfoCommand(),
        new ListCommand(), new ModelCommands(), new PhaseDiagramCommands(), new PlotCommand(), new PredictCommands(),
        new RegimeCommand(), new ReproduceCommand(), new ServeCommand(), new StudyCommands(),
    ];

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
            catch (AggregateException e) when (e.Flatten().InnerExceptions.Count > 1 && e.Flatten().InnerExceptions.All(x => x is ParameterException))
            {
                // Parallel runs refusing the same value give the same line: print it once.
                foreach (var line in e.Flatten().InnerExceptions.Cast<ParameterException>().Select(pe => pe.MessageFor(DisplayName(command, pe.Parameter))).Distinct())
                    Console.Error.WriteLine($"error: {line}");
                return BadInput;
            }
            catch (Exception e) when (Unwrap(e) is ParameterException pe)
            {
                Console.Error.WriteLine($"error: {pe.MessageFor(DisplayName(command, pe.Parameter))}");
                return BadInput;
            }
            catch (Exception e) when (Unwrap(e) is FileNotFoundException or DirectoryNotFoundException or InvalidDataException or FormatException)
            {
                Console.Error.WriteLine($"error: {FileError(parseResult, Unwrap(e))}");
                return BadInput;
            }
            catch (Exception e)
            {
                // Not the user's input: a bug or an environment failure. One line with the type and where the stack
                // trace went, so a report can include it; the terminal never shows a stack trace.
                var inner = Unwrap(e);
                string log = InternalErrorLog.Write(command, inner);
                Console.Error.WriteLine($"internal error ({inner.GetType().Name}): {OneLine(inner.Message)}; details in {log}");
                return Failure;
            }
        });
    }

    /// <summary>
    /// How the command line spells a library parameter name: <c>--name</c> when the command (or a parent) has that
    /// option, <c>&lt;name&gt;</c> for an argument, the name itself otherwise.
    /// </summary>
    public static string DisplayName(Command command, string parameter)
    {
        if (parameter.StartsWith('-') || parameter.StartsWith('<')) return parameter;
        string flag = "--" + parameter;
        if (command.Options.Any(o => o.Name == flag || o.Aliases.Contains(flag))) return flag;
        if (command.Arguments.Any(a => a.Name == parameter)) return $"<{parameter}>";
        foreach (var parent in command.Parents.OfType<Command>())
            if (parent.Options.Any(o => o.Name == flag && o.Recursive)) return flag;
        return parameter;
    }

    /// <summary>
    /// A file error as <c>--opt = path: problem</c>: the option whose value names the file (the path may be one of
    /// several words of the option), else the message as it is (which names the file).
    /// </summary>
    private static string FileError(ParseResult parse, Exception e)
    {
        string message = OneLine(e.Message);
        string? path = e switch
        {
            TransferLab.Data.Readers.DataFormatException d => d.FilePath,
            FileNotFoundException f => f.FileName,
            _ => null,
        };
        if (path is null) return message;
        foreach (var option in parse.CommandResult.Command.Options)
        {
            if (parse.GetResult(option) is not { Implicit: false } r) continue;
            if (!r.Tokens.Any(t => t.Value == path)) continue;
            string problem = message.StartsWith(path + ": ", StringComparison.Ordinal) ? message[(path.Length + 2)..] : message;
            return $"{option.Name} = {path}: {problem}";
        }
        return message;
    }

    private static string OneLine(string message) => string.Join(" ", message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static Exception Unwrap(Exception e)
    {
        while (e is AggregateException { InnerExceptions.Count: 1 } a) e = a.InnerExceptions[0];
        while (e is TargetInvocationException { InnerException: { } inner }) e = inner;
        return e;
    }

    /// <summary>
    /// Whether the command at <paramref name="names"/> (from the root, e.g. <c>"theory", "linear"</c>) belongs to
    /// this tree: always for the whole tree, otherwise when it lies on the built path or below its end. Modules skip
    /// building what is not (the options of every command cost start-up time; docs/benchmarks.md, "Start-up").
    /// </summary>
    public bool Builds(params string[] names)
    {
        if (_path is null) return true;
        for (int i = 0; i < Math.Min(names.Length, _path.Length); i++)
            if (!string.Equals(names[i], _path[i], StringComparison.Ordinal)) return false;
        return true;
    }

    /// <summary>
    /// Runs a command line as <see cref="Invoke"/> does on the whole tree, building first only the branch its
    /// leading words name. That branch is used only when it parses without errors and runs its own command; help,
    /// <c>--version</c>, directives, the root's action and every error are handled by the whole tree, so their output
    /// (suggestions, sibling commands, the generated docs) is the same as ever.
    /// </summary>
    public static int Run(string[] args)
    {
        var path = args.TakeWhile(a => !a.StartsWith('-') && !a.StartsWith('@') && !a.StartsWith('[')).ToArray();
        if (path.Length > 0)
        {
            var branch = new CliRoot(path);
            var parse = branch.Root.Parse(args);
            if (parse.Errors.Count == 0 && parse.CommandResult.Command is not RootCommand && parse.Action is { } action
                && ReferenceEquals(action, parse.CommandResult.Command.Action))
                return parse.Invoke();
        }
        return new CliRoot().Invoke(args);
    }

    /// <summary>Parses and runs; each parse error prints one line naming its option or argument, and the exit code is 2.</summary>
    public int Invoke(string[] args)
    {
        var parse = Root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // Words after a bare "--" are arguments, not options (POSIX); typed where a value belongs ("--d --"), it
            // leaves that option without a value, which is the error to report, not every word after it.
            int dashes = Array.IndexOf(args, "--");
            var afterDashes = dashes < 0 ? [] : args[(dashes + 1)..].ToHashSet(StringComparer.Ordinal);
            var inapplicable = InapplicableOptions(parse, afterDashes);
            var lines = inapplicable.Lines.ToList();
            foreach (var e in parse.Errors)
            {
                bool unmatched = e.SymbolResult is CommandResult;
                if (unmatched && inapplicable.Tokens.Any(t => e.Message.Contains($"'{t}'", StringComparison.Ordinal))) continue;
                if (unmatched && afterDashes.Any(t => e.Message.Contains($"'{t}'", StringComparison.Ordinal))) continue;
                lines.Add(Describe(e));
            }
            if (lines.Count == 0)
                lines.Add($"-- = {string.Join(" ", args[(dashes + 1)..])}: `--` ends the options, and `{CommandPath(parse.CommandResult)}` takes no arguments after it");
            foreach (var line in lines) Console.Error.WriteLine($"error: {line}");
            return BadInput;
        }
        return parse.Invoke();
    }

    /// <summary>
    /// Unmatched <c>--x [value]</c> tokens that are options of the same model's other computation (an option of
    /// <c>theory linear</c> given to <c>simulate linear</c>): one line each saying so, instead of two "unrecognized" lines.
    /// </summary>
    private (List<string> Lines, HashSet<string> Tokens) InapplicableOptions(ParseResult parse, IReadOnlySet<string> afterDashes)
    {
        var lines = new List<string>();
        var tokens = new HashSet<string>(StringComparer.Ordinal);
        var command = parse.CommandResult.Command;
        var parent = parse.CommandResult.Parent is CommandResult pr ? pr.Command : null;
        Command? sibling = parent == Theory ? Simulate : parent == Simulate ? Theory : null;
        var other = sibling?.Subcommands.FirstOrDefault(c => c.Name == command.Name);
        string path = CommandPath(parse.CommandResult);
        var unmatched = parse.UnmatchedTokens;
        for (int i = 0; i < unmatched.Count; i++)
        {
            string t = unmatched[i];
            // An unknown --option and the value after it are one mistake: one line naming the option.
            if (!t.StartsWith('-') && SwitchBefore(parse, t) is string flag)
            {
                // "--rotate 1": a switch takes no value but true or false.
                tokens.Add(t);
                lines.Add($"{flag} = {t}: a switch; give it alone (or as {flag} true / {flag} false)");
                continue;
            }
            if (!t.StartsWith("--", StringComparison.Ordinal) || t.Length < 3 || t.Contains('=') || afterDashes.Contains(t)) continue;
            tokens.Add(t);
            string value = "";
            if (i + 1 < unmatched.Count && !unmatched[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                value = $" = {unmatched[i + 1]}";
                tokens.Add(unmatched[++i]);
            }
            lines.Add(other is not null && other.Options.Any(o => o.Name == t)
                ? $"{t}{value}: does not apply to `{CommandName} {parent!.Name} {command.Name}` (an option of `{CommandName} {sibling!.Name} {command.Name}`)"
                : $"{t}{value}: not an option of `{path}` (see `{path} --help`)");
        }
        return (lines, tokens);
    }

    // The switch (a bool option of the command) that the unmatched word follows on the command line, if any.
    private static string? SwitchBefore(ParseResult parse, string word)
    {
        var tokens = parse.Tokens;
        for (int i = 1; i < tokens.Count; i++)
        {
            if (tokens[i].Value != word) continue;
            string before = tokens[i - 1].Value;
            if (parse.CommandResult.Command.Options.Any(o => o.Name == before && o.ValueType == typeof(bool))) return before;
        }
        return null;
    }

    /// <summary>
    /// One line for a parse error in the house format <c>&lt;option&gt; = &lt;value&gt;: &lt;what is valid&gt;</c>, or
    /// <c>&lt;option&gt;: …</c> when no value was given; unrecognised tokens name the token and the command's help.
    /// </summary>
    public static string Describe(ParseError error)
    {
        switch (error.SymbolResult)
        {
            case OptionResult o when o.Tokens.Count == 0 && o.IdentifierToken is not null && Valid(o.Option) is string valid:
                return $"{o.Option.Name}: needs a value ({valid})";
            case OptionResult o:
                return Describe(o.Option.Name, o.Tokens, o.Option.ValueType, error.Message, given: o.IdentifierToken is not null, isOption: true);
            case ArgumentResult { Parent: OptionResult o } a:
                return Describe(o.Option.Name, a.Tokens, o.Option.ValueType, error.Message, given: true, isOption: true);
            case ArgumentResult a:
                return Describe($"<{a.Argument.Name}>", a.Tokens, a.Argument.ValueType, error.Message, given: a.Tokens.Count > 0, isOption: false);
            case CommandResult c:
                return $"{error.Message.TrimEnd('.')} (see `{CommandPath(c)} --help`)";
            default:
                return error.Message;
        }
    }

    // What a schema option takes, from its help text's "Valid: …." (the schema's range in words).
    private static string? Valid(Option option)
    {
        string? d = option.Description;
        int i = d?.IndexOf("Valid: ", StringComparison.Ordinal) ?? -1;
        if (i < 0) return null;
        string rest = d![(i + 7)..];
        int end = rest.LastIndexOf('.');
        return "expected " + (end > 0 ? rest[..end] : rest).Replace(" Required", "", StringComparison.Ordinal).TrimEnd('.');
    }

    private static string Describe(string name, IReadOnlyList<Token> tokens, Type valueType, string message, bool given, bool isOption)
    {
        if (tokens.Count == 0)
        {
            if (!given) return isOption ? $"{name}: required option not given" : $"{name}: required argument not given";
            return $"{name}: needs a value ({Expected(valueType)})";
        }
        string value = string.Join(" ", tokens.Select(t => t.Value));
        // Conversion failures get a plain description of the type; validator messages are kept as they are.
        string reason = message.StartsWith("Cannot parse argument", StringComparison.Ordinal) ? Expected(valueType) : message.TrimEnd('.');
        return $"{name} = {value}: {reason}";
    }

    private static string Expected(Type type)
    {
        if (type.IsArray) return $"expected one or more {Plural(type.GetElementType()!)}";
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t.IsEnum) return "expected one of " + string.Join(", ", Enum.GetNames(t).Select(n => n.ToLowerInvariant()));
        return Type.GetTypeCode(t) switch
        {
            TypeCode.Int32 or TypeCode.Int64 or TypeCode.Int16 => "expected an integer",
            TypeCode.UInt32 or TypeCode.UInt64 or TypeCode.UInt16 or TypeCode.Byte => "expected a non-negative integer",
            TypeCode.Double or TypeCode.Single or TypeCode.Decimal => "expected a number",
            TypeCode.Boolean => "expected true or false",
            _ => $"expected a value of type {t.Name}",
        };
    }

    private static string Plural(Type t) => Type.GetTypeCode(Nullable.GetUnderlyingType(t) ?? t) switch
    {
        TypeCode.Int32 or TypeCode.Int64 or TypeCode.Int16 => "integers",
        TypeCode.UInt32 or TypeCode.UInt64 or TypeCode.UInt16 or TypeCode.Byte => "non-negative integers",
        TypeCode.Double or TypeCode.Single or TypeCode.Decimal => "numbers",
        _ => "values",
    };

    private static string CommandPath(CommandResult c)
    {
        var names = new List<string>();
        for (SymbolResult? r = c; r is not null; r = r.Parent)
            if (r is CommandResult cr) names.Add(cr.Command is RootCommand ? CommandName : cr.Command.Name);
        names.Reverse();
        return string.Join(" ", names);
    }
}
