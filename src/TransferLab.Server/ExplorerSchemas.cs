using TransferLab.Schema;

namespace TransferLab.Server;

/// <summary>
/// The explorer's own parameters, declared as schemas so they parse and fail exactly like a model's: the swept axis of
/// a curve and the axes of the regime map (docs/explorer.md, "API").
/// </summary>
public static class ExplorerSchemas
{
    /// <summary>The axis of <c>/api/curve/{model}</c>; the other query names are the model's theory parameters.</summary>
    public static ModelSchema Curve { get; } = new("curve", Compute.Theory,
    [
        new() { Name = "sweep", Kind = ParameterKind.Text, Required = true, Doc = "The numeric theory parameter varied along the curve (e.g. n, alpha, rho-ft-shared)." },
        new() { Name = "from", Kind = ParameterKind.Real, Required = true, Unbounded = true, Doc = "First value of the swept parameter." },
        new() { Name = "to", Kind = ParameterKind.Real, Required = true, Unbounded = true, Doc = "Last value of the swept parameter." },
        new() { Name = "points", Kind = ParameterKind.Integer, Default = "50", Min = 2, Max = 200, Doc = "Points on the curve (integer parameters: distinct rounded values)." },
        new() { Name = "scale", Kind = ParameterKind.Choice, Default = "linear", Choices = ["linear", "log"], Doc = "Spacing of the points: linear or log (from, to > 0)." },
    ]);

    /// <summary>The axes of <c>/api/regime-map</c>: c_PT × γ_FT, log-spaced, at λ_PT = ratio·c_PT.</summary>
    public static ModelSchema RegimeMap { get; } = new("regime-map", Compute.Theory,
    [
        new() { Name = "c-pt-min", Kind = ParameterKind.Real, Default = "1e-4", Min = 0, MinExclusive = true, Doc = "Smallest c_PT (log axis)." },
        new() { Name = "c-pt-max", Kind = ParameterKind.Real, Default = "10", Min = 0, MinExclusive = true, Doc = "Largest c_PT." },
        new() { Name = "c-pt-points", Kind = ParameterKind.Integer, Default = "40", Min = 2, Max = 500, Doc = "Grid points in c_PT." },
        new() { Name = "gamma-ft-min", Kind = ParameterKind.Real, Default = "1e-6", Min = 0, MinExclusive = true, Doc = "Smallest γ_FT (log axis)." },
        new() { Name = "gamma-ft-max", Kind = ParameterKind.Real, Default = "10", Min = 0, MinExclusive = true, Doc = "Largest γ_FT." },
        new() { Name = "gamma-ft-points", Kind = ParameterKind.Integer, Default = "40", Min = 2, Max = 500, Doc = "Grid points in γ_FT." },
        new() { Name = "lambda-ratio", Kind = ParameterKind.Real, Default = "0", Min = -1, Max = 1, Doc = "λ_PT/c_PT, held fixed across the map (−1 = small early layer)." },
    ]);

    /// <summary><paramref name="points"/> values from <paramref name="from"/> to <paramref name="to"/>, linear or log-spaced.</summary>
    public static double[] Axis(double from, double to, int points, bool log) => Enumerable.Range(0, points).Select(i =>
    {
        double f = (double)i / (points - 1);
        return log ? Math.Exp(Math.Log(from) + f * (Math.Log(to) - Math.Log(from))) : from + f * (to - from);
    }).ToArray();
}
