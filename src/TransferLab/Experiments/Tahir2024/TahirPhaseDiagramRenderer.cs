using TransferLab.Numerics;
using TransferLab.Plotting;
using TransferLab.Theory.Tahir2024;

namespace TransferLab.Experiments.Tahir2024;

/// <summary>What to draw in one Features-are-fate phase diagram.</summary>
/// <param name="Settings">Transfer method, noise, baseline, readout ridge, fine-tuning depth.</param>
/// <param name="ThetaPoints">Theory grid points in θ (degrees, up to <paramref name="ThetaMax"/>).</param>
/// <param name="GammaPoints">Theory grid points in γ = n/d (up to <paramref name="GammaMax"/>).</param>
/// <param name="GammaMax">Largest γ.</param>
/// <param name="ThetaMax">Largest θ in degrees (90 in the paper).</param>
/// <param name="SimulationD">d of the simulated grid (exact gradient-flow limits, no GD); null = theory only.</param>
/// <param name="SimulationThetaPoints">Simulated grid points in θ.</param>
/// <param name="SimulationGammaPoints">Simulated grid points in γ.</param>
/// <param name="SimulationDraws">Target data sets per simulated cell.</param>
/// <param name="ReferenceBoundaries">Further T = 0 curves to draw for comparison (e.g. another theory's branches).</param>
/// <param name="ReferenceLabel">Legend entry of the reference curves (shown once) and prefix of their branch names in the boundary CSV.</param>
public sealed record TahirPhaseDiagramSpec(TransferabilitySettings Settings, int ThetaPoints = 100, int GammaPoints = 100, double GammaMax = 2.0,
    double ThetaMax = 90, int? SimulationD = null, int SimulationThetaPoints = 20, int SimulationGammaPoints = 20, int SimulationDraws = 20,
    IReadOnlyList<BoundaryBranch>? ReferenceBoundaries = null, string ReferenceLabel = "reference T = 0");

/// <summary>
/// Writes a transferability phase diagram (Tahir et al. Figs. 1, 2, 5, 7): the closed-form grid T(θ, γ) as a
/// heatmap clipped to [−1, 1] with the analytic T = 0 boundary on top, the grid and boundary as CSV, and
/// optionally a simulated grid from the exact gradient-flow limits (Monte Carlo over target data sets).
/// </summary>
public static class TahirPhaseDiagramRenderer
{
    /// <summary>
    /// Renders into <paramref name="ctx"/> under the file stem <paramref name="name"/>; returns the simulated grid (or null).
    /// <paramref name="precomputed"/> supplies a simulated grid and its standard errors computed elsewhere (see
    /// <see cref="SimulateShared"/>); otherwise the grid is simulated here when <see cref="TahirPhaseDiagramSpec.SimulationD"/> is set.
    /// </summary>
    public static PhaseDiagramGrid? Render(FigureContext ctx, string name, string title, TahirPhaseDiagramSpec spec,
        (PhaseDiagramGrid Grid, double[,] Se)? precomputed = null)
    {
        var s = spec.Settings;
        var grid = TheoreticalPhaseDiagram.Compute(s, spec.ThetaPoints, spec.GammaPoints, spec.GammaMax, spec.ThetaMax);
        var branches = PhaseBoundary.Branches(s, spec.GammaMax, spec.ThetaMax);
        var table = new TidyTable("kind", "theta_deg", "overlap", "alpha", "T", "se", "draws");
        for (int ig = 0; ig < grid.Gamma.Length; ig++)
            for (int it = 0; it < grid.ThetaDegrees.Length; it++)
                table.Add("theory", grid.ThetaDegrees[it], Math.Cos(grid.ThetaDegrees[it] * Math.PI / 180), grid.Gamma[ig], grid.T[ig, it], 0.0, 0);
        var boundary = new TidyTable("branch", "theta_deg", "alpha");
        var references = spec.ReferenceBoundaries ?? [];
        foreach (var b in branches.Concat(references.Select(r => r with { Label = $"{spec.ReferenceLabel}: {r.Label}" })))
            for (int i = 0; i < b.Gamma.Length; i++) boundary.Add(b.Label, b.ThetaDegrees[i], b.Gamma[i]);

        PhaseDiagramGrid? simulated = null;
        if (precomputed is not null || spec.SimulationD is not null)
        {
            (simulated, var se) = precomputed ?? Simulate(ctx, s, spec.SimulationD!.Value, spec);
            for (int ig = 0; ig < simulated.Gamma.Length; ig++)
                for (int it = 0; it < simulated.ThetaDegrees.Length; it++)
                    table.Add("simulation", simulated.ThetaDegrees[it], Math.Cos(simulated.ThetaDegrees[it] * Math.PI / 180), simulated.Gamma[ig],
                        simulated.T[ig, it], se[ig, it], spec.SimulationDraws);
        }
        ctx.Write(name, table);
        ctx.Write(name + "-boundary", boundary);
        ctx.Save(name, Heatmap(title + " — theory", grid, branches, references, spec.ReferenceLabel).Plot);
        if (simulated != null)
            ctx.Save(name + "-simulation", Heatmap($"{title} — simulation (d = {spec.SimulationD}, {spec.SimulationDraws} draws/cell)", simulated, branches, references, spec.ReferenceLabel).Plot);
        return simulated;
    }

    private static (PhaseDiagramGrid Grid, double[,] Se) Simulate(FigureContext ctx, TransferabilitySettings s, int d, TahirPhaseDiagramSpec spec)
        => SimulateShared(ctx, s, [s], d, spec)[0];

    /// <summary>
    /// One Monte Carlo pass over the simulated grid of <paramref name="spec"/> whose draws (exact gradient-flow limits of
    /// every protocol, <see cref="ExactLimitSimulator.Draw(TransferabilitySettings, int, int, double, Rng, bool?)"/> under
    /// <paramref name="draw"/>) are read out under each of <paramref name="outputs"/> (e.g. linear transfer and
    /// fine-tuning from the same data sets), so the protocols share their designs.
    /// </summary>
    public static (PhaseDiagramGrid Grid, double[,] Se)[] SimulateShared(FigureContext ctx, TransferabilitySettings draw,
        IReadOnlyList<TransferabilitySettings> outputs, int d, TahirPhaseDiagramSpec spec)
    {
        var theta = Enumerable.Range(1, spec.SimulationThetaPoints).Select(k => spec.ThetaMax * k / spec.SimulationThetaPoints).ToArray();
        var gamma = Enumerable.Range(1, spec.SimulationGammaPoints).Select(k => spec.GammaMax * k / spec.SimulationGammaPoints).ToArray();
        var points = (from ig in Enumerable.Range(0, gamma.Length) from it in Enumerable.Range(0, theta.Length) select (ig, it)).ToArray();
        var progress = ctx.Progress("phase-diagram cells", (long)points.Length * spec.SimulationDraws);
        bool optimalRidge = draw.Baseline == ScratchBaseline.OptimalRidge || outputs.Any(o => o.Baseline == ScratchBaseline.OptimalRidge);
        var runs = ctx.Map(points, spec.SimulationDraws, ctx.Seed, (p, _, rng) =>
        {
            int n = Math.Max(3, (int)Math.Round(gamma[p.ig] * d));
            double overlap = Math.Cos(theta[p.it] * Math.PI / 180);
            return ExactLimitSimulator.Draw(draw, d, n, overlap, rng, optimalRidge);
        }, progress);
        var result = new (PhaseDiagramGrid, double[,])[outputs.Count];
        for (int o = 0; o < outputs.Count; o++)
        {
            var t = new double[gamma.Length, theta.Length];
            var se = new double[gamma.Length, theta.Length];
            for (int i = 0; i < points.Length; i++)
            {
                var xs = Enumerable.Range(0, spec.SimulationDraws).Select(r => Transferability.FromDraw(outputs[o], runs[i, r])).ToArray();
                var (mean, e) = Statistics.MeanAndStandardError(xs);
                t[points[i].ig, points[i].it] = mean;
                se[points[i].ig, points[i].it] = e;
            }
            result[o] = (new PhaseDiagramGrid(theta, gamma, t), se);
        }
        return result;
    }

    /// <summary>
    /// Heatmap of T clipped to [−1, 1] (as in the paper) with the boundary branches drawn on top, and the
    /// <paramref name="references"/> dotted under one legend entry, <paramref name="referenceLabel"/>.
    /// </summary>
    public static HeatmapPlot Heatmap(string title, PhaseDiagramGrid grid, IReadOnlyList<BoundaryBranch> branches,
        IReadOnlyList<BoundaryBranch>? references = null, string referenceLabel = "reference T = 0")
    {
        var clipped = new double[grid.Gamma.Length, grid.ThetaDegrees.Length];
        for (int i = 0; i < grid.Gamma.Length; i++)
            for (int j = 0; j < grid.ThetaDegrees.Length; j++)
                clipped[i, j] = double.IsNaN(grid.T[i, j]) ? 0 : Math.Clamp(grid.T[i, j], -1, 1);
        var plot = new HeatmapPlot(title, "θ (degrees; cos θ = overlap)", "α = n/d (paper: γ)", grid.ThetaDegrees, grid.Gamma, clipped,
            "transferability T (clipped to [−1, 1])", diverging: true);
        for (int i = 0; i < branches.Count; i++)
            plot.AddBoundary(i == 0 ? "theory T = 0" : "", branches[i].ThetaDegrees, branches[i].Gamma);
        for (int i = 0; i < (references?.Count ?? 0); i++)
            plot.AddBoundary(i == 0 ? referenceLabel : "", references![i].ThetaDegrees, references[i].Gamma, 7, dotted: true);
        return plot;
    }
}
