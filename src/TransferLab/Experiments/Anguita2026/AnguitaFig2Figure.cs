using TransferLab.Data;
using TransferLab.Models;
using TransferLab.Numerics;
using TransferLab.Plotting;
using TransferLab.Theory.Anguita2026;
using TransferLab.Training;

namespace TransferLab.Experiments.Anguita2026;

/// <summary>
/// Anguita et al. 2026, Fig. 2: the implicit bias of fine-tuning and its four regimes. (a, b) ℓ-order and pretraining
/// dependence PD of a coordinate over the pretrained magnitude |β̂_PT| and the relative scale λ_PT/c_PT (c_PT = 0.1,
/// |β_FT| = 1, γ_FT = 0; docs/anguita2026.md §2.3–2.5); (c) the interpolation between regimes in the (ℓ, PD) plane
/// along λ_PT/c_PT, γ_FT and c_PT, evaluated at the FT teacher value 1/√ρ_FT, ρ_FT = 0.1, with the authors' four recipes
/// marked; (d) the theorem checked: gradient descent on the diagonal network (PT then FT, small adaptive steps) against
/// the exact minimizer of the PT-dependent potential, coordinate by coordinate, for the four regimes.
/// </summary>
public sealed class AnguitaFig2Figure : Figure
{
    public override string Id => "anguita-fig2";
    public override string Paper => "Anguita et al. 2026";
    public override string Description => "Implicit bias of FT: ℓ-order and PT-dependence maps, interpolation between regimes I–IV, gradient descent vs the exact implicit-bias solution";

    public override void Run(FigureContext ctx)
    {
        int n = ctx.Quick ? 60 : 200;
        Landscape(ctx, n);
        Interpolation(ctx, ctx.Quick ? 80 : 400);
        GradientDescentCheck(ctx, ctx.Quick ? 40 : 80);
    }

    private void Landscape(FigureContext ctx, int n)
    {
        const double cPt = 0.1, betaFt = 1;
        var xs = Enumerable.Range(0, n).Select(i => Math.Log10(5e-4) + (Math.Log10(2e3) - Math.Log10(5e-4)) * i / (n - 1)).ToArray();
        var ys = Enumerable.Range(0, n).Select(i => -1 + 2.0 * (i + 0.5) / n).ToArray(); // cell centres: λ = −c (a saddle at γ = 0) is excluded
        var l = new double[n, n];
        var pd = new double[n, n];
        var table = new TidyTable("log10_beta_pt", "lambda_over_c", "l_order", "pt_dependence", "c_ft");
        for (int iy = 0; iy < n; iy++)
            for (int ix = 0; ix < n; ix++)
            {
                var init = new DiagonalInitialization(cPt, ys[iy] * cPt, 0);
                var e = PretrainingDependence.Evaluate(init, Math.Pow(10, xs[ix]), betaFt);
                l[iy, ix] = e.LOrder;
                pd[iy, ix] = e.Dependence;
                table.Add(xs[ix], ys[iy], e.LOrder, e.Dependence, e.FineTuneScale);
            }
        ctx.Write(Id + "-landscape", table);
        var a = new HeatmapPlot("(a) ℓ-order of FT (c_PT = 0.1, |β_FT| = 1, γ = 0): 2 lazy, 1 rich", "log₁₀ |β̂_PT|", "λ_PT / c_PT", xs, ys, l, "ℓ");
        ctx.Save(Id + "-a", a.Plot);
        var b = new HeatmapPlot("(b) pretraining dependence PD: −1 reuse, 0 independent", "log₁₀ |β̂_PT|", "λ_PT / c_PT", xs, ys, pd, "PD");
        ctx.Save(Id + "-b", b.Plot);
        ctx.Note("landscape", $"c_PT = {cPt}, |β_FT| = {betaFt}, γ_FT = 0, {n}×{n} grid");
    }

    private void Interpolation(FigureContext ctx, int n)
    {
        double betaFt = 1 / Math.Sqrt(0.1);
        var table = new TidyTable("path", "parameter", "value", "l_order", "pt_dependence", "regime");
        var plot = new CurvePlot("(c) Interpolation between regimes at |β_FT| = 1/√ρ_FT (ρ_FT = 0.1), |β̂_PT| = 1",
            "ℓ-order (2: lazy … 1: rich)", "pretraining dependence PD");
        var paths = new (string Label, string Parameter, Func<double, DiagonalInitialization> Init, double Lo, double Hi, bool Log)[]
        {
            ("λ_PT/c_PT from −1 to 1 (c_PT = 10⁻³, γ = 0)", "lambda_over_c", v => new DiagonalInitialization(1e-3, v * 1e-3, 0), -0.999999, 1, false),
            ("γ_FT from 10⁻⁶ to 10² (c_PT = 10⁻³, λ = 0)", "gamma_ft", v => new DiagonalInitialization(1e-3, 0, v), 1e-6, 1e2, true),
            ("c_PT from 10⁻⁶ to 10 (λ = γ = 0)", "c_pt", v => new DiagonalInitialization(v, 0, 0), 1e-6, 10, true),
            ("λ_PT/c_PT from −1 to 1 at c_PT = 1", "lambda_over_c_large_c", v => new DiagonalInitialization(1, v, 0), -0.999999, 1, false),
        };
        for (int p = 0; p < paths.Length; p++)
        {
            var path = paths[p];
            var lx = new double[n];
            var py = new double[n];
            for (int i = 0; i < n; i++)
            {
                double t = i / (n - 1.0);
                double v = path.Log ? Math.Pow(10, Math.Log10(path.Lo) + t * (Math.Log10(path.Hi) - Math.Log10(path.Lo))) : path.Lo + t * (path.Hi - path.Lo);
                var init = path.Init(v);
                var e = RegimeClassifier.Classify(init, 1, betaFt);
                lx[i] = e.LOrder;
                py[i] = e.Dependence;
                table.Add(path.Label, path.Parameter, v, e.LOrder, e.Dependence, e.Numeral);
            }
            plot.AddTheory(path.Label, lx, py, p);
        }
        plot.AddTheory("ℓ + PD = 1 (pure reuse edge)", [1, 2], [0, -1], 7, dashed: true);
        foreach (var (regime, init) in RegimeClassifier.PaperRecipes)
        {
            var e = RegimeClassifier.Classify(init, 1, betaFt);
            plot.AddSimulation($"recipe {RegimeClassifier.Numeral(regime)}: {RegimeClassifier.Describe(regime)}", [e.LOrder], [e.Dependence], [0], 4 + (int)regime);
            table.Add("recipe", "regime", (int)regime, e.LOrder, e.Dependence, e.Numeral);
        }
        ctx.Write(Id + "-interpolation", table);
        ctx.Save(Id + "-c", plot.Plot);
    }

    private void GradientDescentCheck(FigureContext ctx, int dim)
    {
        // Moderate scales keep gradient descent affordable while spanning the four regimes (|λ|/c and γ as in the recipes).
        var settings = new (string Label, DiagonalInitialization Init)[]
        {
            ("I (c = 0.02, λ = −c, γ = 0.05)", new DiagonalInitialization(0.02, -0.02, 0.05)),
            ("II (c = 0.02, λ = 0, γ = 0)", new DiagonalInitialization(0.02, 0, 0)),
            ("III (c = 0.02, λ = 0, γ = 3)", new DiagonalInitialization(0.02, 0, 3)),
            ("IV (c = 0.02, λ = −0.9c, γ = 0)", new DiagonalInitialization(0.02, -0.018, 0)),
        };
        var task = new SparseTransferTask(dim, 0.25, 0.1, 0.05, 0.4, AlphaPt: 1.5);
        var flow = new DiagonalFlowOptions(StepFraction: ctx.Quick ? 0.1 : 0.025, Tolerance: 1e-10, Rule: DiagonalFlowStepRule.Euler);
        var results = ctx.Map(settings, 1, ctx.Seed ^ 0xF162, (s, _, rng) =>
        {
            // Same draw for both solvers: reseed per solver from the run's stream.
            ulong seed = rng.NextUInt64();
            var gd = DiagonalTransferPipeline.Run(task, s.Init, new Rng(seed), DiagonalSolver.GradientFlow, flow, keepWeights: true);
            var exact = DiagonalTransferPipeline.Run(task, s.Init, new Rng(seed), DiagonalSolver.Exact, null, keepWeights: true);
            return (gd, exact);
        }, ctx.Progress($"{Id}: gradient descent vs exact", settings.Length));
        var table = new TidyTable("regime", "coordinate", "rank", "beta_exact", "beta_gd", "beta_teacher", "gd_converged", "gd_steps");
        var plot = new CurvePlot("(d) Theorem check: gradient descent (points) vs exact implicit-bias minimizer (lines)",
            "coordinate, sorted by exact β̂_FT", "fine-tuned β̂_FT");
        for (int k = 0; k < settings.Length; k++)
        {
            var (gd, exact) = results[k, 0];
            var order = Enumerable.Range(0, dim).OrderBy(j => exact.Beta![j]).ToArray();
            var xsr = Enumerable.Range(0, dim).Select(i => (double)i).ToArray();
            plot.AddTheory(settings[k].Label, xsr, order.Select(j => exact.Beta![j]).ToArray(), k);
            plot.AddSimulation("", xsr, order.Select(j => gd.Beta![j]).ToArray(), new double[dim], k);
            for (int i = 0; i < dim; i++)
                table.Add(settings[k].Label, order[i], i, exact.Beta![order[i]], gd.Beta![order[i]], exact.Teacher![order[i]], gd.Converged, gd.Work);
            double rel = Vec.Norm(Vec.Subtract(gd.Beta!, exact.Beta!)) / Math.Max(Vec.Norm(exact.Beta!), 1e-300);
            ctx.Headline($"‖β_GD − β_exact‖/‖β_exact‖, regime {settings[k].Label.Split(' ')[0]}", rel);
        }
        ctx.Write(Id + "-gd-check", table);
        ctx.Save(Id + "-d", plot.Plot);
        ctx.Note("gd_check", $"D = {dim}, ρ_PT = 0.25, ρ_FT^shared = 0.1, ρ_FT^new = 0.05, α_PT = 1.5, α_FT = 0.4; step fraction {flow.StepFraction}");
    }
}
