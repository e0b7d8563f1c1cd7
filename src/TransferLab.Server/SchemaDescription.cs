using TransferLab.Schema;

namespace TransferLab.Server;

/// <summary>
/// A schema as the pages read it (<c>GET /api/schema/{model}</c>): every parameter with its kind, defaults, bounds,
/// choices and help text, so the sliders and inputs are generated from the same declaration as the command line's options.
/// </summary>
public sealed record SchemaDescription(string Model, IReadOnlyList<string> Offers, IReadOnlyList<SchemaDescription.Parameter> Parameters)
{
    /// <summary>One parameter.</summary>
    public sealed record Parameter(string Name, string Option, string Kind, string Doc, string Range, string? Unit, bool Required,
        string? TheoryDefault, string? SimulateDefault, double? Min, double? Max, bool MinExclusive, bool MaxExclusive,
        IReadOnlyList<string>? Choices, IReadOnlyList<string> UsedBy, string? AppliesWhen, bool AcceptsInfinity);

    /// <summary>The description of <paramref name="schema"/>.</summary>
    public static SchemaDescription Of(ModelSchema schema) => new(schema.Model, Computations(schema.Offers),
        schema.Parameters.Select(p => new Parameter(p.Name, "--" + p.Name, Kebab(p.Kind), p.Doc, p.Range, p.Unit, p.Required,
            (p.UsedBy & Compute.Theory) != 0 ? p.DefaultFor(Compute.Theory) : null,
            (p.UsedBy & Compute.Simulate) != 0 ? p.DefaultFor(Compute.Simulate) : null,
            p.Min, p.Max, p.MinExclusive, p.MaxExclusive, p.Choices, Computations(p.UsedBy), p.AppliesWhen?.ToString(), p.InfinityMeans is not null)).ToList());

    private static IReadOnlyList<string> Computations(Compute c) =>
        new[] { (Compute.Theory, "theory"), (Compute.Simulate, "simulate") }.Where(x => (c & x.Item1) != 0).Select(x => x.Item2).ToList();

    private static string Kebab(ParameterKind kind) => string.Concat(kind.ToString().Select((ch, i) => char.IsUpper(ch) && i > 0 ? "-" + char.ToLowerInvariant(ch) : char.ToLowerInvariant(ch).ToString()));
}
