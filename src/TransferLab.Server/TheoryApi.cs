using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using TransferLab.Experiments.Families;
using TransferLab.Schema;
using TransferLab.Validation;

namespace TransferLab.Server;

/// <summary>
/// The theory endpoints: <c>/api/theory/{model}</c> and <c>/api/regime</c> answer exactly what
/// <c>transferlab theory &lt;model&gt; … --json</c> and <c>transferlab regime … --json</c> print for the same options;
/// <c>/api/curve/{model}</c> is that theory over one swept parameter (one payload per point); <c>/api/schema/…</c> and
/// <c>/api/models</c> describe what can be asked (docs/explorer.md, "API").
/// </summary>
public static class TheoryApi
{
    /// <summary>A curve: the swept parameter's values and the theory payload at each.</summary>
    public sealed record Curve(string Model, string Parameter, string Scale, IReadOnlyList<double> Values, IReadOnlyList<object> Results);

    /// <summary>One model as the index page lists it.</summary>
    public sealed record ModelEntry(string Name, string Paper, IReadOnlyList<string> Offers, string TheoryDescription, string SimulateDescription);

    /// <summary>Every schema the API takes, by name: the families, the regime classifier, the phase diagram, the explorer's own.</summary>
    public static IReadOnlyDictionary<string, ModelSchema> Schemas { get; } = FamilyCatalogue.All.Select(f => f.Schema)
        .Concat([DiagonalRegime.Schema, DeepLinearPhaseDiagram.Schema, ExplorerSchemas.Curve, ExplorerSchemas.RegimeMap])
        .ToDictionary(s => s.Model, StringComparer.Ordinal);

    /// <summary>Adds the endpoints.</summary>
    public static void Map(WebApplication app, ExplorerOptions options)
    {
        var limits = options.Limits;
        app.MapGet("/api/models", () => Results.Json(FamilyCatalogue.All.Select(f => new ModelEntry(f.Name, f.Paper,
            SchemaDescription.Of(f.Schema).Offers, f.TheoryDescription, f.SimulateDescription)).ToList(), ExplorerJson.Options));

        app.MapGet("/api/schema/{model}", (string model) => Schemas.TryGetValue(model, out var schema)
            ? Results.Json(SchemaDescription.Of(schema), ExplorerJson.Options)
            : ApiProblem.NotFound($"no schema named {model}; valid: {string.Join(", ", Schemas.Keys)}"));

        app.MapGet("/api/theory/{model}", (string model, HttpRequest request) => ApiProblem.Guard(() =>
        {
            if (TheoryFamily(model) is not { } family) return NoTheory(model);
            var values = family.Schema.Bind(QueryParameters.From(request.Query, family.Schema), Compute.Theory);
            limits.Check(values, family);
            return JsonText.Of(family.Theory(values).Payload);
        }));

        app.MapGet("/api/regime", (HttpRequest request) => ApiProblem.Guard(() =>
        {
            var values = DiagonalRegime.Schema.Bind(QueryParameters.From(request.Query, DiagonalRegime.Schema), Compute.Theory);
            return JsonText.Of(DiagonalRegime.Classify(values).Payload);
        }));

        app.MapGet("/api/curve/{model}", (string model, HttpRequest request) => ApiProblem.Guard(() =>
        {
            if (TheoryFamily(model) is not { } family) return NoTheory(model);
            return JsonText.Of(ComputeCurve(family, request.Query, limits));
        }));
    }

    private static ModelFamily? TheoryFamily(string model) =>
        FamilyCatalogue.All.FirstOrDefault(f => f.Name == model && (f.Schema.Offers & Compute.Theory) != 0);

    private static IResult NoTheory(string model) => ApiProblem.NotFound(
        $"no theory for model {model}; models with a theory: {string.Join(", ", FamilyCatalogue.All.Where(f => (f.Schema.Offers & Compute.Theory) != 0).Select(f => f.Name))}");

    /// <summary>The theory of <paramref name="family"/> at each point of the curve the query asks for (<see cref="ModelFamily.TheoryCurve"/>: each point equals the single-point theory).</summary>
    public static Curve ComputeCurve(ModelFamily family, IQueryCollection query, ServerLimits limits)
    {
        string[] axisNames = ExplorerSchemas.Curve.Parameters.Select(p => p.Name).ToArray();
        var axisGiven = query.Where(kv => axisNames.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value.ToString(), StringComparer.Ordinal);
        var axis = ExplorerSchemas.Curve.Bind(axisGiven, Compute.Theory);
        string sweep = axis.Text("sweep");
        var numeric = family.Schema.For(Compute.Theory).Where(p => p.Kind is ParameterKind.Integer or ParameterKind.Real).Select(p => p.Name).ToList();
        if (!numeric.Contains(sweep))
            throw new ParameterException("sweep", sweep, $"expected a numeric theory parameter of model {family.Name}: {string.Join(", ", numeric)}");
        var given = QueryParameters.From(query, family.Schema, axisNames);
        if (given.ContainsKey(sweep)) throw new ParameterException(sweep, given[sweep], "set by the curve (sweep); give from and to instead");
        bool log = axis.Text("scale") == "log";
        double from = axis.Real("from"), to = axis.Real("to");
        if (log && !(from > 0)) throw new ParameterException("from", from, "must be > 0 with scale log");
        if (log && !(to > 0)) throw new ParameterException("to", to, "must be > 0 with scale log");
        var xs = ExplorerSchemas.Axis(from, to, axis.Integer("points"), log);
        bool integer = family.Schema.Find(sweep)!.Kind == ParameterKind.Integer;
        if (integer) xs = xs.Select(x => Math.Round(x)).Distinct().ToArray();
        if (xs.Length > limits.MaxCurvePoints) throw new ParameterException("points", xs.Length, $"at most {limits.MaxCurvePoints} on this server");
        // Every point is bound (validated, capped) before any is computed, so a bad point fails the request before work starts.
        var bound = xs.Select(x =>
        {
            var at = new Dictionary<string, string>(given, StringComparer.Ordinal) { [sweep] = x.ToString("R", CultureInfo.InvariantCulture) };
            var values = family.Schema.Bind(at, Compute.Theory);
            limits.Check(values, family);
            return values;
        }).ToArray();
        return new Curve(family.Name, sweep, log ? "log" : "linear", xs, family.TheoryCurve(sweep, bound));
    }
}
