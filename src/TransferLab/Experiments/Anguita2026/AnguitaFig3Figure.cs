using TransferLab.Data;
using TransferLab.Models;

namespace TransferLab.Experiments.Anguita2026;

/// <summary>
/// Anguita et al. 2026, Fig. 3: fine-tuning generalization error E vs α_FT, replica lines against simulation ±2 SE, one
/// initialization parameter varied per panel around the base point ρ_PT = 0.1, c_PT = 10⁻³, λ_PT = γ_FT = 0 (note
/// docs/anguita2026.md §4.2): (a) c_PT, (b) γ_FT, (c) λ_PT with overlapping (ρ_FT^shared = 0.1) vs new (ρ_FT^new = 0.1)
/// FT dimensions; (d, e) c_PT and γ_FT for new FT dimensions with ρ_FT ∈ {0.1, 0.9}; (f) λ_PT for a FT task inside the PT
/// support with ρ_FT ∈ {0.01, 0.04, 0.1}.
/// </summary>
public sealed class AnguitaFig3Figure : Figure
{
    public override string Id => "anguita-fig3";
    public override string Paper => "Anguita et al. 2026";
    public override string Description => "Diagonal net FT error vs α_FT: replica lines vs simulation ±2 SE, c_PT / γ_FT / λ_PT varied (6 panels)";

    private static SparseTransferTask Task(double shared, double fresh) => new(1000, 0.1, shared, fresh, 0.1);

    /// <summary>The six panels (shared with tests).</summary>
    public static IReadOnlyList<AnguitaPanel> Panels()
    {
        const double c0 = 1e-3;
        var overlap = Task(0.1, 0);
        var fresh = Task(0, 0.1);
        var cs = new[] { 1e-6, 1e-3, 1 };
        var gs = new[] { 0.0, 1, 10 };
        var ls = new[] { -0.99, 0, 0.99 };
        // A panel that varies one initialization parameter over three values, each drawn solid on one task and dashed on
        // another (same colour per value).
        AnguitaPanel Pair(string name, string title, double[] values, Func<double, string> label, Func<double, DiagonalInitialization> init,
            (SparseTransferTask Task, string Suffix) solid, (SparseTransferTask Task, string Suffix) dashed, double yMax) =>
            new(name, title, values.SelectMany((v, i) => new[]
            {
                new AnguitaCurve($"{label(v)}, {solid.Suffix}", solid.Task, init(v), i),
                new AnguitaCurve($"{label(v)}, {dashed.Suffix}", dashed.Task, init(v), i, Dashed: true),
            }).ToList(), yMax);

        var panels = new List<AnguitaPanel>
        {
            Pair("a", "(a) c_PT varied, λ = γ = 0 — solid: shared, dashed: new FT dims", cs, c => $"c_PT = {c:G3}",
                c => new DiagonalInitialization(c, 0, 0), (overlap, "shared"), (fresh, "new"), 3),
            Pair("b", "(b) γ_FT varied, c_PT = 10⁻³ — solid: shared, dashed: new", gs, g => $"γ_FT = {g:G3}",
                g => new DiagonalInitialization(c0, 0, g), (overlap, "shared"), (fresh, "new"), 2),
            Pair("c", "(c) λ_PT varied, c_PT = 10⁻³ — solid: shared, dashed: new", ls, l => $"λ_PT = {l:G3}·c_PT",
                l => new DiagonalInitialization(c0, l * c0, 0), (overlap, "shared"), (fresh, "new"), 2),
            Pair("d", "(d) new FT dims, c_PT varied — solid: ρ_FT = 0.9, dashed: 0.1", cs, c => $"c_PT = {c:G3}",
                c => new DiagonalInitialization(c, 0, 0), (Task(0, 0.9), "ρ_FT = 0.9"), (fresh, "ρ_FT = 0.1"), 3),
            Pair("e", "(e) new FT dims, γ_FT varied — solid: ρ_FT = 0.9, dashed: 0.1", gs, g => $"γ_FT = {g:G3}",
                g => new DiagonalInitialization(c0, 0, g), (Task(0, 0.9), "ρ_FT = 0.9"), (fresh, "ρ_FT = 0.1"), 2),
            new("f", "(f) FT ⊂ PT support, λ_PT varied — solid: ρ_FT = 0.1, dashed: 0.04, dotted: 0.01",
                ls.SelectMany((l, i) => new[] { 0.1, 0.04, 0.01 }.Select((r, j) =>
                    new AnguitaCurve($"λ_PT = {l:G3}·c_PT, ρ_FT = {r:G2}", Task(r, 0), new DiagonalInitialization(c0, l * c0, 0), i, Dashed: j == 1, Dotted: j == 2))).ToList(), 1.25),
        };
        return panels;
    }

    public override void Run(FigureContext ctx)
    {
        int d = ctx.Quick ? 300 : 2000, reps = ctx.Quick ? 3 : 14;
        double[] alphas = ctx.Quick ? [0.1, 0.25, 0.4] : [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5];
        AnguitaCurves.Run(ctx, Id, Panels(), alphas, reps, d);
    }
}
