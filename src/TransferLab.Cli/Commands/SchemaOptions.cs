using System.CommandLine;
using TransferLab.Schema;

namespace TransferLab.Cli.Commands;

/// <summary>
/// Command-line options generated from a <see cref="ModelSchema"/>: one <c>--name</c> per parameter of the chosen
/// computation, its help text (doc, valid range, unit, default) from the schema. The values are handed to the schema
/// as text, so the command line parses and validates exactly as studies and the web API do.
/// </summary>
public sealed class SchemaOptions
{
    private readonly List<(ParameterSpec Spec, Option Option)> _options = new();

    /// <summary>The schema the options come from.</summary>
    public ModelSchema Schema { get; }

    /// <summary>The computation they are for.</summary>
    public Compute Compute { get; }

    /// <summary>Creates the options of <paramref name="compute"/> (System.CommandLine symbols have one parent: one instance per command).</summary>
    public SchemaOptions(ModelSchema schema, Compute compute)
    {
        Schema = schema;
        Compute = compute;
        foreach (var spec in schema.For(compute)) _options.Add((spec, Create(spec, compute)));
    }

    /// <summary>The option of one parameter, with the default <paramref name="compute"/> takes.</summary>
    public static Option Create(ParameterSpec spec, Compute compute = Compute.Both)
    {
        string help = spec.HelpText + (spec.Required ? " Required." : "");
        if (spec.Kind == ParameterKind.Flag) return new Option<bool>("--" + spec.Name) { Description = help };
        // Several files follow one flag as separate words (--data images.idx labels.idx); the schema gets them comma-joined.
        if (spec.Kind == ParameterKind.FilePathList)
            return new Option<string[]>("--" + spec.Name) { Description = help, HelpName = HelpName(spec), AllowMultipleArgumentsPerToken = true };
        var o = new Option<string>("--" + spec.Name) { Description = help, HelpName = HelpName(spec) };
        if (spec.DefaultFor(compute) is string d) o.DefaultValueFactory = _ => d;
        return o;
    }

    private static string HelpName(ParameterSpec spec) => spec.Kind switch
    {
        ParameterKind.Choice => string.Join("|", spec.Choices!),
        ParameterKind.RealList or ParameterKind.IntegerList => "list",
        ParameterKind.FilePath => "path",
        ParameterKind.FilePathList => "path…",
        ParameterKind.Text => "text",
        ParameterKind.Integer or ParameterKind.Seed => "int",
        _ => "number",
    };

    /// <summary>Adds every option to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var (_, o) in _options) command.Options.Add(o);
    }

    /// <summary>The text of every option the user gave (defaults are the schema's to apply).</summary>
    public Dictionary<string, string> Given(ParseResult parse)
    {
        var given = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (spec, o) in _options)
        {
            var r = parse.GetResult(o);
            if (r is null || r.Implicit) continue;
            given[spec.Name] = o switch
            {
                Option<bool> b => parse.GetValue(b) ? "true" : "false",
                Option<string[]> list => string.Join(",", parse.GetValue(list) ?? []),
                _ => parse.GetValue((Option<string>)o) ?? "",
            };
        }
        return given;
    }

    /// <summary>Binds what the user gave against the schema (errors name the parameter; the command line adds the dashes).</summary>
    public ParameterValues Bind(ParseResult parse) => Schema.Bind(Given(parse), Compute);
}
