using TransferLab.Models;
using TransferLab.Plotting;
using TransferLab.Theory.Tahir2024;

namespace TransferLab.Experiments.Tahir2024;

/// <summary>
/// Tahir et al. v2 App. C (Theorem C.1): transfer from a network pretrained on a finite source set of n_s = γ_s·d samples
/// (σ_s = σ = 0.2, γ_s = 0.5 and 1.5 as in the paper). For each γ_s: the linear-transfer and fine-tuning phase diagrams
/// (theory heatmap with the T = 0 boundary, and the simulated grid from the exact gradient-flow limits, LT and FT from the
/// same data sets). Fine-tuning uses the balanced-flow factor c_2 of a depth-2 network (what gradient flow converges to;
/// reconstructed, see <see cref="FiniteSourceRisk"/>), and the paper's c = 1 boundary is drawn for comparison; the LT
/// diagrams show the infinite-source boundary for comparison. Slices at α = 0.5 against θ for γ_s ∈ {0.5, 1.5, 4, ∞}
/// give the simulated points ±2 SE.
/// </summary>
public sealed class TahirFiniteSourceFigure : Figure
{
    /// <inheritdoc/>
    public override string Id => "tahir-finite-source";
    /// <inheritdoc/>
    public override string Paper => "Tahir, Ganguli & Rotskoff 2024";
    /// <inheritdoc/>
    public override string Description => "App. C finite source data (γ_s = 0.5, 1.5; σ_s = σ = 0.2): LT and FT phase diagrams (theory + boundary, simulated grid), slices vs θ ±2 SE";

    private const double Sigma = 0.2, SliceAlpha = 0.5;

    /// <inheritdoc/>
    public override void Run(FigureContext ctx)
    {
        int d = ctx.Quick ? 100 : 500, cells = ctx.Quick ? 10 : 20, draws = ctx.Quick ? 6 : 20;
        double[] diagramSources = [0.5, 1.5];
        ctx.Note("sigma", Sigma); ctx.Note("sigma_source", Sigma); ctx.Note("d", d); ctx.Note("simulated_cells_per_axis", cells);
        ctx.Note("draws_per_cell", draws); ctx.Note("alpha_source_diagrams", diagramSources); ctx.Note("fine_tune_depth", 2);
        ctx.Note("pretraining", "min-norm fit X_s⁺y_s of n_s = round(α_s·d) source samples (gradient flow from vanishing init)");

        foreach (double gs in diagramSources)
        {
            var src = new FiniteSource(gs, Sigma);
            var lt = new TransferabilitySettings(DeepLinearProtocol.LinearTransfer, Sigma, Source: src);
            var ft = new TransferabilitySettings(DeepLinearProtocol.FineTune, Sigma, Depth: 2, Source: src);
            var ltSpec = new TahirPhaseDiagramSpec(lt, 200, 200, 2.0, SimulationD: d, SimulationThetaPoints: cells, SimulationGammaPoints: cells, SimulationDraws: draws,
                ReferenceBoundaries: PhaseBoundary.Branches(lt with { Source = null }, 2.0), ReferenceLabel: "infinite source T = 0");
            var ftSpec = new TahirPhaseDiagramSpec(ft, 200, 200, 2.0, SimulationD: d, SimulationThetaPoints: cells, SimulationGammaPoints: cells, SimulationDraws: draws,
                ReferenceBoundaries: PhaseBoundary.Branches(ft with { Depth = null }, 2.0), ReferenceLabel: "Theorem C.1 (c = 1) T = 0");
            // one pass: LT and FT read from the same draws (the FT factor c_2 does not touch the LT readout)
            var sims = TahirPhaseDiagramRenderer.SimulateShared(ctx, ft, [lt, ft], d, ltSpec);
            string tag = gs.ToString("0.0#", System.Globalization.CultureInfo.InvariantCulture);
            TahirPhaseDiagramRenderer.Render(ctx, $"{Id}-lt-src{tag}", $"Linear transfer, α_s = {tag}, σ = σ_s = 0.2", ltSpec, sims[0]);
            TahirPhaseDiagramRenderer.Render(ctx, $"{Id}-ft-src{tag}", $"Fine-tuning (L = 2), α_s = {tag}, σ = σ_s = 0.2", ftSpec, sims[1]);

            double critPaper = Math.Acos(PhaseBoundary.FineTuneCriticalOverlap(SliceAlpha, Sigma, ScratchBaseline.Ridgeless, null, src)) * 180 / Math.PI;
            double critFlow = Math.Acos(PhaseBoundary.FineTuneCriticalOverlap(SliceAlpha, Sigma, ScratchBaseline.Ridgeless, 2, src)) * 180 / Math.PI;
            ctx.Headline($"FT break-even θ at α = 0.5, α_s = {tag}, Theorem C.1 (c = 1), degrees", critPaper);
            ctx.Headline($"FT break-even θ at α = 0.5, α_s = {tag}, balanced flow c_2, degrees", critFlow);
            ctx.Headline($"c_2 at α = 0.5, α_s = {tag}", FiniteSourceRisk.ScaleFactor(SliceAlpha, Sigma, src, 2));
        }
        ctx.Headline("slice points within 2 SE (+0.02) of theory", Slices(ctx, d, ctx.Quick ? 20 : 40));
    }

    /// <summary>R_lt(θ) and T_ft(θ) at α = 0.5 for several γ_s: theory lines, simulated means ±2 SE; returns the fraction within 2 SE + 0.02.</summary>
    private double Slices(FigureContext ctx, int d, int draws)
    {
        FiniteSource?[] sources = [new FiniteSource(0.5, Sigma), new FiniteSource(1.5, Sigma), new FiniteSource(4, Sigma), null];
        static string Label(FiniteSource? s) => s is null ? "∞" : s.Gamma.ToString("0.0#", System.Globalization.CultureInfo.InvariantCulture);
        double[] thetas = Enumerable.Range(0, ctx.Quick ? 10 : 19).Select(k => 90.0 * k / (ctx.Quick ? 9 : 18)).ToArray();
        int n = (int)Math.Round(SliceAlpha * d);
        var points = (from si in Enumerable.Range(0, sources.Length) from deg in thetas select (si, deg)).ToArray();
        var runs = ctx.Map(points, draws, ctx.Seed ^ 0xF5C, (p, _, rng) =>
            ExactLimitSimulator.Draw(d, n, Math.Cos(p.deg * Math.PI / 180), Sigma, rng, 2, 0, sources[p.si]), ctx.Progress(Id + " slices", (long)points.Length * draws));

        // Theory at angle θ (degrees) for source k: finite-n linear-transfer risk, FT transferability with the balanced-flow
        // c_2 (depth 2) and with Theorem C.1's c = 1 (depth null).
        double Lt(int k, double deg) => FiniteSourceRisk.LinearTransferFiniteN(FiniteSourceRisk.Moments(sources[k]), n, Math.Cos(deg * Math.PI / 180), Sigma);
        double Ft(int k, double deg, double? depth) => Transferability.Compute(
            new TransferabilitySettings(DeepLinearProtocol.FineTune, Sigma, Depth: depth, Source: sources[k]), SliceAlpha, Math.Cos(deg * Math.PI / 180));
        var dense = Enumerable.Range(0, 181).Select(k => 0.5 * k).ToArray();
        var ltLine = sources.Select((_, k) => dense.Select(deg => Lt(k, deg)).ToArray()).ToArray();
        var ftLine = sources.Select((_, k) => dense.Select(deg => Ft(k, deg, 2)).ToArray()).ToArray();
        var ftPaperLine = sources.Select((_, k) => dense.Select(deg => Ft(k, deg, null)).ToArray()).ToArray();

        var table = new TidyTable("kind", "panel", "alpha_source", "theta_deg", "alpha", "draw", "value");
        for (int k = 0; k < sources.Length; k++)
            for (int j = 0; j < dense.Length; j++)
            {
                string lab = Label(sources[k]);
                table.Add("theory", "lt-risk", lab, dense[j], SliceAlpha, 0, ltLine[k][j]);
                table.Add("theory", "ft-transferability", lab, dense[j], SliceAlpha, 0, ftLine[k][j]);
                table.Add("theory-c1", "ft-transferability", lab, dense[j], SliceAlpha, 0, ftPaperLine[k][j]);
            }
        for (int i = 0; i < points.Length; i++)
            for (int r = 0; r < draws; r++)
            {
                var x = runs[i, r];
                string lab = Label(sources[points[i].si]);
                table.Add("simulation", "lt-risk", lab, points[i].deg, SliceAlpha, r, x.LinearTransfer);
                table.Add("simulation", "ft-transferability", lab, points[i].deg, SliceAlpha, r, x.Scratch - x.FineTune);
            }
        var summary = table.Where("kind", "simulation").Summarize(["panel", "alpha_source", "theta_deg"], "value");
        ctx.Write(Id + "-slices", table);
        ctx.Write(Id + "-slices-summary", summary);

        var ltPlot = new CurvePlot($"Linear transfer risk vs angle from a finite source (α = {SliceAlpha}, σ = σ_s = {Sigma}, d = {d})", "θ (degrees)", "R_lt = ‖β̂ − β_t‖²");
        var ftPlot = new CurvePlot($"Fine-tuning transferability vs angle (α = {SliceAlpha}, L = 2; dashed: Theorem C.1's c = 1)", "θ (degrees)", "T_ft");
        var agreement = new TheoryAgreement(0.02);
        for (int k = 0; k < sources.Length; k++)
        {
            string lab = Label(sources[k]);
            int source = k;
            ltPlot.AddTheory($"α_s = {lab} theory", dense, ltLine[k], k);
            ftPlot.AddTheory($"α_s = {lab} theory (c_2)", dense, ftLine[k], k);
            if (sources[k] is not null) ftPlot.AddTheory("", dense, ftPaperLine[k], k, dashed: true);
            foreach (var (panel, plot, f) in new (string, CurvePlot, Func<double, double>)[]
                     { ("lt-risk", ltPlot, deg => Lt(source, deg)), ("ft-transferability", ftPlot, deg => Ft(source, deg, 2)) })
            {
                var rows = Enumerable.Range(0, summary.Count).Where(i => (string)summary.Rows[i][0]! == panel && (string)summary.Rows[i][1]! == lab).ToArray();
                var x = rows.Select(i => (double)summary.Rows[i][2]!).ToArray();
                var mean = rows.Select(i => (double)summary.Rows[i][3]!).ToArray();
                var se = rows.Select(i => (double)summary.Rows[i][4]!).ToArray();
                plot.AddSimulation($"α_s = {lab} simulation", x, mean, se, k);
                for (int i = 0; i < x.Length; i++) agreement.Add(mean[i], se[i], f(x[i]));
            }
        }
        ftPlot.AddZeroLine();
        ctx.Save(Id + "-lt-risk", ltPlot.Plot);
        ctx.Save(Id + "-ft-slices", ftPlot.Plot);
        return agreement.Fraction;
    }
}
