using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using TransferLab.Experiments.Families;
using TransferLab.Schema;
using TransferLab.Theory.Anguita2026;
using TransferLab.Theory.Tahir2024;
using TransferLab.Validation;

namespace TransferLab.Server;

/// <summary>
/// Theory grids for heatmaps: the deep-linear transferability T(θ, α) with its analytic T = 0 boundary (Tahir et al.
/// 2024 §3; the grid <c>transferlab phase-diagram deep-linear</c> writes as CSV), and the regime map of a diagonal
/// network over c_PT × γ_FT (Anguita et al. 2026 §2.4, docs/anguita2026.md §2.4): ℓ-order, pretraining dependence and
/// the regime per cell.
/// </summary>
public static class GridApi
{
    /// <summary>T on the grid: <c>T[i][j]</c> at α = <c>Alpha[i]</c>, θ = <c>ThetaDeg[j]</c>; the T = 0 branches.</summary>
    public sealed record PhaseDiagram(string Protocol, IReadOnlyList<double> ThetaDeg, IReadOnlyList<double> Alpha, double[][] T, IReadOnlyList<Branch> Boundary);

    /// <summary>One branch of the analytic T = 0 curve.</summary>
    public sealed record Branch(string Label, IReadOnlyList<double> ThetaDeg, IReadOnlyList<double> Alpha);

    /// <summary>The regime map: values at γ_FT = <c>GammaFt[i]</c>, c_PT = <c>CPt[j]</c>.</summary>
    public sealed record RegimeMap(IReadOnlyList<double> CPt, IReadOnlyList<double> GammaFt, double LambdaRatio,
        string[][] Regime, int[][] RegimeIndex, double[][] LOrder, double[][] PtDependence, double RichBelowLOrder, double DependentBelowPd);

    private static readonly string[] s_numerals = ["I", "II", "III", "IV"];

    /// <summary>Adds the endpoints.</summary>
    public static void Map(WebApplication app, ExplorerOptions options)
    {
        var limits = options.Limits;
        app.MapGet("/api/phase-diagram/deep-linear", (HttpRequest request) => ApiProblem.Guard(() =>
            JsonText.Of(ComputePhaseDiagram(request.Query, limits))));
        app.MapGet("/api/regime-map", (HttpRequest request) => ApiProblem.Guard(() =>
            JsonText.Of(ComputeRegimeMap(request.Query, limits))));
    }

    /// <summary>The theory grid of <c>phase-diagram deep-linear</c> for the query's options (no simulated grid: that is a command-line job).</summary>
    public static PhaseDiagram ComputePhaseDiagram(IQueryCollection query, ServerLimits limits)
    {
        var schema = DeepLinearPhaseDiagram.Schema;
        var given = QueryParameters.From(query, schema);
        foreach (var name in new[] { "simulate-d", "sim-points", "draws" })
            if (given.TryGetValue(name, out var v))
                throw new ParameterException(name, v, "the explorer draws the theory grid only; simulate it with `transferlab phase-diagram deep-linear --simulate-d`");
        var values = schema.Bind(given, Compute.Theory);
        int thetaPoints = values.Integer("theta-points"), alphaPoints = values.Integer("alpha-points");
        limits.Check(values);
        limits.CheckGrid((long)thetaPoints * alphaPoints, "theta-points", thetaPoints);
        var spec = DeepLinearPhaseDiagram.Spec(values);
        var grid = TheoreticalPhaseDiagram.Compute(spec.Settings, spec.ThetaPoints, spec.GammaPoints, spec.GammaMax, spec.ThetaMax);
        var t = Enumerable.Range(0, grid.Gamma.Length).Select(i => Enumerable.Range(0, grid.ThetaDegrees.Length).Select(j => grid.T[i, j]).ToArray()).ToArray();
        var branches = PhaseBoundary.Branches(spec.Settings, spec.GammaMax, spec.ThetaMax).Select(b => new Branch(b.Label, b.ThetaDegrees, b.Gamma)).ToList();
        return new PhaseDiagram(values.Text("protocol"), grid.ThetaDegrees, grid.Gamma, t, branches);
    }

    /// <summary>The regime classifier (<c>transferlab regime</c>) on every cell of the c_PT × γ_FT grid.</summary>
    public static RegimeMap ComputeRegimeMap(IQueryCollection query, ServerLimits limits)
    {
        var axisSchema = ExplorerSchemas.RegimeMap;
        string[] axisNames = axisSchema.Parameters.Select(p => p.Name).ToArray();
        var axis = axisSchema.Bind(query.Where(kv => axisNames.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value.ToString(), StringComparer.Ordinal), Compute.Theory);
        var given = QueryParameters.From(query, DiagonalRegime.Schema, axisNames);
        foreach (var name in new[] { "c-pt", "lambda-pt", "gamma-ft" })
            if (given.TryGetValue(name, out var v)) throw new ParameterException(name, v, "set by the map's axes (c-pt-min … c-pt-max, gamma-ft-min … gamma-ft-max, lambda-ratio)");
        int nc = axis.Integer("c-pt-points"), ng = axis.Integer("gamma-ft-points");
        limits.CheckGrid((long)nc * ng, "c-pt-points", nc);
        if (axis.Real("c-pt-max") <= axis.Real("c-pt-min")) throw new ParameterException("c-pt-max", axis.Real("c-pt-max"), "must be > c-pt-min");
        if (axis.Real("gamma-ft-max") <= axis.Real("gamma-ft-min")) throw new ParameterException("gamma-ft-max", axis.Real("gamma-ft-max"), "must be > gamma-ft-min");
        var cs = ExplorerSchemas.Axis(axis.Real("c-pt-min"), axis.Real("c-pt-max"), nc, log: true);
        var gs = ExplorerSchemas.Axis(axis.Real("gamma-ft-min"), axis.Real("gamma-ft-max"), ng, log: true);
        double ratio = axis.Real("lambda-ratio");
        var regime = new string[ng][];
        var index = new int[ng][];
        var lOrder = new double[ng][];
        var pd = new double[ng][];
        DiagonalRegime.Schema.Bind(given, Compute.Theory); // the other options, checked once before the grid runs
        Parallel.For(0, ng, i =>
        {
            regime[i] = new string[nc]; index[i] = new int[nc]; lOrder[i] = new double[nc]; pd[i] = new double[nc];
            for (int j = 0; j < nc; j++)
            {
                var cell = new Dictionary<string, string>(given, StringComparer.Ordinal)
                {
                    ["c-pt"] = R(cs[j]), ["lambda-pt"] = R(ratio * cs[j]), ["gamma-ft"] = R(gs[i]),
                };
                var r = (DiagonalRegime.Result)DiagonalRegime.Classify(DiagonalRegime.Schema.Bind(cell, Compute.Theory)).Payload;
                regime[i][j] = r.Regime;
                index[i][j] = Array.IndexOf(s_numerals, r.Regime) + 1;
                lOrder[i][j] = r.LOrder;
                pd[i][j] = r.PtDependence;
            }
        });
        return new RegimeMap(cs, gs, ratio, regime, index, lOrder, pd, RegimeClassifier.RichThreshold, RegimeClassifier.DependenceThreshold);
    }

    private static string R(double v) => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
