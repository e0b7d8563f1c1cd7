using TransferLab.Validation;

namespace TransferLab.Schema;

/// <summary>
/// The parameters of one model family (e.g. <c>diagonal</c>), declared once. Binding raw text (from the command line,
/// a study spec or a web query) parses and range-checks every value and rejects names the chosen computation does not
/// take, each error naming the parameter.
/// </summary>
public sealed class ModelSchema
{
    private readonly Dictionary<string, ParameterSpec> _byName;

    /// <summary>The model's name as the command line and study specs use it (e.g. <c>deep-linear</c>).</summary>
    public string Model { get; }

    /// <summary>Every parameter, in help order.</summary>
    public IReadOnlyList<ParameterSpec> Parameters { get; }

    /// <summary>The computations this model offers.</summary>
    public Compute Offers { get; }

    /// <summary>Creates the schema; parameter names must be unique kebab-case.</summary>
    public ModelSchema(string model, Compute offers, IEnumerable<ParameterSpec> parameters)
    {
        Model = model;
        Offers = offers;
        Parameters = parameters.ToList();
        _byName = new Dictionary<string, ParameterSpec>(StringComparer.Ordinal);
        foreach (var p in Parameters)
        {
            if (!_byName.TryAdd(p.Name, p)) throw new ArgumentException($"duplicate parameter '{p.Name}' in schema '{model}'");
            if (p.Name.StartsWith('-') || p.Name.Any(char.IsUpper) || p.Name.Contains(' '))
                throw new ArgumentException($"parameter '{p.Name}' of schema '{model}' is not kebab-case");
            if (p.Kind == ParameterKind.Choice && (p.Choices is null || p.Choices.Count == 0))
                throw new ArgumentException($"choice parameter '{p.Name}' of schema '{model}' has no choices");
        }
        foreach (var p in Parameters)
        {
            if (p.AppliesWhen is not { } when) continue;
            if (!_byName.TryGetValue(when.Parameter, out var controller) || controller.Kind != ParameterKind.Choice
                || when.Values.Any(v => !controller.Choices!.Contains(v)) || (controller.UsedBy & p.UsedBy) != p.UsedBy)
                throw new ArgumentException($"parameter '{p.Name}' of schema '{model}' depends on '{when}', which is not a choice of the schema");
        }
    }

    /// <summary>The parameters one computation takes.</summary>
    public IEnumerable<ParameterSpec> For(Compute compute) => Parameters.Where(p => (p.UsedBy & compute) != 0);

    /// <summary>The parameter with this name, or null.</summary>
    public ParameterSpec? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>
    /// Parses and validates <paramref name="given"/> (name → text; absent names take their defaults) for
    /// <paramref name="compute"/>. Unknown names, names the computation does not take, values out of range and missing
    /// required values throw <see cref="ParameterException"/> naming the parameter (an <see cref="AggregateException"/> of
    /// them when several values are bad).
    /// </summary>
    public ParameterValues Bind(IReadOnlyDictionary<string, string> given, Compute compute)
    {
        foreach (var name in given.Keys)
        {
            var spec = Find(name) ?? throw new ParameterException(name, given[name],
                $"not a parameter of model {Model}; valid: {string.Join(", ", Parameters.Select(p => p.Name))}");
            if ((spec.UsedBy & compute) == 0)
                throw new ParameterException(name, given[name], $"does not apply to {Describe(compute)} {Model} (used by {Describe(spec.UsedBy)} only)");
        }
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        var errors = new List<ParameterException>();
        foreach (var spec in For(compute))
        {
            try
            {
                if (given.TryGetValue(spec.Name, out var text)) values[spec.Name] = ValueParser.Parse(spec, text);
                else if (spec.DefaultFor(compute) is string byDefault) values[spec.Name] = ValueParser.Parse(spec, byDefault);
                else if (spec.Required) throw new ParameterException(spec.Name, $"required, not given (expected {spec.Range})");
                else values[spec.Name] = spec.Kind == ParameterKind.Flag ? false : null;
            }
            catch (ParameterException e)
            {
                errors.Add(e);
            }
        }
        foreach (var name in given.Keys)
        {
            if (_byName[name].AppliesWhen is not { } when) continue;
            string? actual = values.GetValueOrDefault(when.Parameter)?.ToString();
            if (actual is not null && !when.Values.Contains(actual, StringComparer.Ordinal))
                errors.Add(new ParameterException(name, given[name], $"applies only with {when} ({when.Parameter} is {actual})"));
        }
        // Every bad value is reported (one line each), not just the first.
        if (errors.Count == 1) throw errors[0];
        if (errors.Count > 1) throw new AggregateException(errors);
        return new ParameterValues(this, compute, values, given.Keys.ToHashSet(StringComparer.Ordinal));
    }

    private static string Describe(Compute c) => c switch
    {
        Compute.Theory => "theory",
        Compute.Simulate => "simulate",
        _ => "theory and simulate",
    };
}
