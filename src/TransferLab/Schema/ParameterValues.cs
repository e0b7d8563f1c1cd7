using System.Globalization;

namespace TransferLab.Schema;

/// <summary>Validated parameter values of one model computation, read by name (see <see cref="ModelSchema.Bind"/>).</summary>
public sealed class ParameterValues
{
    private readonly IReadOnlyDictionary<string, object?> _values;
    private readonly IReadOnlySet<string> _given;

    internal ParameterValues(ModelSchema schema, Compute compute, IReadOnlyDictionary<string, object?> values, IReadOnlySet<string> given)
    {
        Schema = schema;
        Compute = compute;
        _values = values;
        _given = given;
    }

    /// <summary>The schema the values were bound against.</summary>
    public ModelSchema Schema { get; }

    /// <summary>The computation they were bound for.</summary>
    public Compute Compute { get; }

    private object? Get(string name) => _values.TryGetValue(name, out var v)
        ? v
        : throw new KeyNotFoundException($"parameter '{name}' is not bound for {Compute} {Schema.Model}");

    /// <summary>
    /// A copy with <paramref name="name"/> set to <paramref name="value"/>, already of the parameter's value type (an
    /// <c>int</c> for an integer). Not validated: for entry points that fix a value themselves, such as
    /// <see cref="TransferLab.Experiments.Families.ModelFamily.SimulateRun"/> setting seeds = 1 (docs/studies.md, "One run").
    /// </summary>
    internal ParameterValues With(string name, object? value)
    {
        if (!_values.ContainsKey(name)) throw new KeyNotFoundException($"parameter '{name}' is not bound for {Compute} {Schema.Model}");
        var values = new Dictionary<string, object?>(_values, StringComparer.Ordinal) { [name] = value };
        return new ParameterValues(Schema, Compute, values, _given);
    }

    /// <summary>Whether <paramref name="name"/> is a parameter of this computation (bound, possibly to null).</summary>
    public bool IsBound(string name) => _values.ContainsKey(name);

    /// <summary>Whether the user gave the parameter (rather than taking its default).</summary>
    public bool IsGiven(string name) => _given.Contains(name);

    /// <summary>An integer parameter.</summary>
    public int Integer(string name) => (int)Get(name)!;

    /// <summary>An optional integer parameter (null when absent and without default).</summary>
    public int? OptionalInteger(string name) => (int?)Get(name);

    /// <summary>A seed parameter.</summary>
    public ulong Seed(string name) => (ulong)Get(name)!;

    /// <summary>A real parameter.</summary>
    public double Real(string name) => (double)Get(name)!;

    /// <summary>An optional real parameter (null when absent and without default).</summary>
    public double? OptionalReal(string name) => (double?)Get(name);

    /// <summary>A list of reals.</summary>
    public double[] Reals(string name) => (double[])Get(name)!;

    /// <summary>An optional list of reals.</summary>
    public double[]? OptionalReals(string name) => (double[]?)Get(name);

    /// <summary>A list of integers.</summary>
    public int[] Integers(string name) => (int[])Get(name)!;

    /// <summary>An optional list of integers.</summary>
    public int[]? OptionalIntegers(string name) => (int[]?)Get(name);

    /// <summary>A choice, a path or a text.</summary>
    public string Text(string name) => (string)Get(name)!;

    /// <summary>An optional choice, path or text.</summary>
    public string? OptionalText(string name) => (string?)Get(name);

    /// <summary>An optional list of file paths (null when not given).</summary>
    public string[]? OptionalPaths(string name) => (string[]?)Get(name);

    /// <summary>A switch.</summary>
    public bool Flag(string name) => (bool)Get(name)!;

    /// <summary>Every bound value formatted as the user would type it (for manifests and reproduce commands).</summary>
    public IReadOnlyDictionary<string, string?> AsText() => _values.ToDictionary(kv => kv.Key, kv => Format(kv.Value));

    private static string? Format(object? v) => v switch
    {
        null => null,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        double[] a => string.Join(",", a.Select(x => x.ToString("R", CultureInfo.InvariantCulture))),
        int[] a => string.Join(",", a.Select(x => x.ToString(CultureInfo.InvariantCulture))),
        string[] a => string.Join(",", a),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString(),
    };
}
