using TransferLab.Experiments.Tahir2024;
using TransferLab.Models;
using TransferLab.Schema;
using TransferLab.Theory.Tahir2024;

namespace TransferLab.Experiments.Families;

/// <summary>
/// The deep-linear family's transferability phase diagram T(θ, α) (Tahir et al. 2024 §3, Figs. 1, 2, 5, 7; finite source:
/// App. C): its parameters as a schema, and the one-off figure they describe — the closed-form grid as tidy CSV, the
/// analytic T = 0 boundary as CSV, the heatmap as PNG/SVG and optionally a simulated grid from the exact gradient-flow
/// limits, published staged and atomically by <see cref="FigureRunner"/>.
/// </summary>
public static class DeepLinearPhaseDiagram
{
    /// <summary>The parameters (a theory computation; the simulated grid is optional).</summary>
    public static ModelSchema Schema { get; } = new("phase-diagram-deep-linear", Compute.Theory,
    [
        new() { Name = "protocol", Kind = ParameterKind.Choice, Default = "linear-transfer", Choices = ["linear-transfer", "fine-tune"],
            Doc = "Transfer protocol whose transferability is drawn: linear-transfer or fine-tune." },
        DeepLinearParameters.Sigma,
        new() { Name = "baseline", Kind = ParameterKind.Choice, Default = "ridgeless", Choices = ["ridgeless", "optimal-ridge"],
            Doc = "Scratch comparator: ridgeless (the paper's gradient-flow baseline, double descent) or optimal-ridge (oracle-tuned ridge, v2 Fig. 5)." },
        DeepLinearParameters.Lambda,
        new() { Name = "depth", Kind = ParameterKind.Real, Min = 1, InfinityMeans = "the infinite-depth limit",
            Doc = "fine-tune: depth L, an integer, for the balanced-flow factor c_L; omitted = the paper's c = 1." },
        DeepLinearParameters.AlphaSource,
        DeepLinearParameters.SigmaSource,
        new() { Name = "theta-points", Kind = ParameterKind.Integer, Default = "100", Min = 2, Max = 2000, Doc = "Grid points in θ." },
        new() { Name = "alpha-points", Kind = ParameterKind.Integer, Default = "100", Min = 2, Max = 2000, Doc = "Grid points in α = n/d." },
        new() { Name = "alpha-max", Kind = ParameterKind.Real, Default = "2", Min = 1e-3, Max = 1e4, Doc = "Largest α = n/d on the grid." },
        new() { Name = "theta-max", Kind = ParameterKind.Real, Default = "90", Min = 1e-6, Max = 180, Unit = "degrees", Doc = "Largest θ on the grid." },
        new() { Name = "simulate-d", Kind = ParameterKind.Integer, Min = 4,
            Doc = "Also simulate the grid at this d from the exact gradient-flow limits (Monte Carlo over target data sets; no GD)." },
        new() { Name = "sim-points", Kind = ParameterKind.Integer, Default = "20", Min = 2, Max = 500, Doc = "Simulated grid points per axis." },
        new() { Name = "draws", Kind = ParameterKind.Integer, Default = "20", Min = 2, Max = 10_000, Doc = "Target data sets per simulated cell." },
    ]);

    /// <summary>One-paragraph description (help text).</summary>
    public const string Description = "Transferability phase diagram T(θ, α) of a deep linear network (Tahir et al.): heatmap PNG/SVG with the analytic T = 0 boundary, " +
        "the grid as tidy CSV and the boundary as CSV; optionally a simulated grid.";

    /// <summary>
    /// Estimated peak memory with <paramref name="threads"/> simulated draws at once: the closed-form grid and its tidy
    /// table (~1 KB a cell, text included) and, with simulate-d, each draw's n×d design (n = α·d up to alpha-max) and
    /// the exact limits' d×d factors.
    /// </summary>
    public static MemoryEstimate EstimateMemory(ParameterValues p, int threads)
    {
        double cells = (double)p.Integer("theta-points") * p.Integer("alpha-points");
        double bytes = 1024 * cells;
        if (p.OptionalInteger("simulate-d") is int d)
        {
            double n = p.Real("alpha-max") * d, simCells = (double)p.Integer("sim-points") * p.Integer("sim-points");
            double ns = p.OptionalReal("alpha-source") is double a ? a * d : 0;
            bytes += MemoryEstimate.Doubles(MemoryEstimate.InFlight(threads, simCells * p.Integer("draws")) * (3 * (n + ns) * d + 4.0 * d * d) + 4 * simCells * p.Integer("draws"));
            return new MemoryEstimate(bytes, ["simulate-d", "alpha-max", "theta-points", "alpha-points", "threads"]);
        }
        return new MemoryEstimate(bytes, ["theta-points", "alpha-points"]);
    }

    /// <summary>The grid and settings of validated <paramref name="p"/> (the figure's, and the web API's grid endpoint).</summary>
    public static TahirPhaseDiagramSpec Spec(ParameterValues p)
    {
        var method = DeepLinearProtocolNames.Parse(p.Text("protocol"));
        var baseline = p.Text("baseline") == "optimal-ridge" ? ScratchBaseline.OptimalRidge : ScratchBaseline.Ridgeless;
        int sim = p.Integer("sim-points");
        var settings = new TransferabilitySettings(method, p.Real("sigma"), baseline, p.Real("lambda"), DeepLinearParameters.OptionalDepth(p), DeepLinearParameters.Source(p));
        return new TahirPhaseDiagramSpec(settings, p.Integer("theta-points"), p.Integer("alpha-points"), p.Real("alpha-max"), p.Real("theta-max"),
            p.OptionalInteger("simulate-d"), sim, sim, p.Integer("draws"));
    }

    /// <summary>The figure of validated <paramref name="p"/>: id <c>phase-deep-linear-&lt;protocol&gt;</c> (its file stem).</summary>
    public static Figure Create(ParameterValues p)
    {
        var spec = Spec(p);
        var (method, baseline, s, depth, src) = (spec.Settings.Method, spec.Settings.Baseline, spec.Settings.Sigma, spec.Settings.Depth, spec.Settings.Source);
        string name = $"phase-deep-linear-{method.Name()}";
        string title = $"{(method == DeepLinearProtocol.LinearTransfer ? "Linear transfer" : "Fine-tuning")}, σ = {s}" +
            (baseline == ScratchBaseline.OptimalRidge ? ", optimal-ridge baseline" : "") + (depth is { } l ? $", L = {l}" : "") +
            (src is not null ? $", α_s = {src.Gamma}, σ_s = {src.Sigma}" : "");
        return new PhaseDiagramFigure(spec, name, title);
    }

    /// <summary>A one-off figure carrying the parameters (not in the catalogue: it has no parameterless constructor).</summary>
    private sealed class PhaseDiagramFigure(TahirPhaseDiagramSpec spec, string name, string title) : Figure
    {
        public override string Id => name;
        public override string Paper => "Tahir, Ganguli & Rotskoff 2024";
        public override string Description => title;
        public override void Run(FigureContext ctx)
        {
            var s = spec.Settings;
            ctx.Note("protocol", s.Method.Name());
            ctx.Note("sigma", s.Sigma);
            ctx.Note("baseline", s.Baseline == ScratchBaseline.Ridgeless ? "ridgeless" : "optimal-ridge");
            ctx.Note("lambda", s.Lambda);
            ctx.Note("depth", s.Depth?.ToString() ?? "paper (c = 1)");
            ctx.Note("alpha_source", s.Source?.Gamma); ctx.Note("sigma_source", s.Source?.Sigma);
            ctx.Note("theta_points", spec.ThetaPoints); ctx.Note("alpha_points", spec.GammaPoints); ctx.Note("alpha_max", spec.GammaMax);
            ctx.Note("simulation_d", spec.SimulationD);
            TahirPhaseDiagramRenderer.Render(ctx, name, title, spec);
        }
    }
}
