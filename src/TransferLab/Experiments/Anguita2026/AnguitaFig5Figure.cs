using TransferLab.Data;
using TransferLab.Theory.Anguita2026;

namespace TransferLab.Experiments.Anguita2026;

/// <summary>
/// Anguita et al. 2026, Fig. 5: the four fine-tuning regimes (the authors' recipes at c_PT = 10⁻³,
/// <see cref="RegimeClassifier.PaperRecipes"/>) on three task settings — FT needs new dimensions (ρ_FT^new = 0.1), FT
/// reuses the PT dimensions (ρ_FT^shared = ρ_PT = 0.1), FT uses a sparse subset of them (ρ_FT^shared = 0.01) — replica
/// lines with simulation points ±2 SE. The best regime depends on the task: I for new sparse features, II for full
/// reuse, IV for a subset ("reuse and refine"), III is the PT-independent ridge baseline E = 1 − α.
/// </summary>
public sealed class AnguitaFig5Figure : Figure
{
    public override string Id => "anguita-fig5";
    public override string Paper => "Anguita et al. 2026";
    public override string Description => "Four FT regimes (I–IV) on three task settings: replica lines vs simulation ±2 SE; which regime wins where";
    public override bool InDefaultGallery => true;

    /// <summary>The three task panels.</summary>
    public static IReadOnlyList<AnguitaPanel> Panels()
    {
        var settings = new (string Name, string Title, SparseTransferTask Task)[]
        {
            ("new", "FT needs new dimensions (ρ_FT^new = 0.1, no overlap)", new SparseTransferTask(1000, 0.1, 0, 0.1, 0.1)),
            ("same", "FT reuses the PT dimensions (ρ_FT^shared = ρ_PT = 0.1)", new SparseTransferTask(1000, 0.1, 0.1, 0, 0.1)),
            ("subset", "FT uses a subset of PT dimensions (ρ_FT^shared = 0.01)", new SparseTransferTask(1000, 0.1, 0.01, 0, 0.1)),
        };
        return settings.Select(s => new AnguitaPanel(s.Name, s.Title,
            RegimeClassifier.PaperRecipes.Select((r, i) => new AnguitaCurve(
                $"{RegimeClassifier.Numeral(r.Regime)} {RegimeClassifier.Describe(r.Regime)} (λ/c = {r.Init.LambdaPt / r.Init.CPt:G6}, γ = {r.Init.GammaFt:G2})",
                s.Task, r.Init, i)).ToList(), 1.7)).ToList();
    }

    public override void Run(FigureContext ctx)
    {
        int d = ctx.Quick ? 250 : 2000, reps = ctx.Quick ? 3 : 14;
        double[] alphas = ctx.Quick ? [0.05, 0.15, 0.3] : [0.02, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5];
        var panels = Panels();
        var (_, grid, theory) = AnguitaCurves.Run(ctx, Id, panels, alphas, reps, d);
        // Headline: per task, the regime with the smallest replica error averaged over the α grid (0, 0.5].
        int k = 0;
        foreach (var p in panels)
        {
            var mean = p.Curves.Select((_, i) => theory[k + i].Average()).ToArray();
            int best = Array.IndexOf(mean, mean.Min());
            k += p.Curves.Count;
            ctx.Headline($"task '{p.Name}': best regime by mean replica E over α ≤ {grid[^1]:G2} (1=I … 4=IV)", (int)RegimeClassifier.PaperRecipes[best].Regime);
            ctx.Note($"mean_replica_error_{p.Name}", string.Join("; ", p.Curves.Select((c, i) => $"{RegimeClassifier.Numeral(RegimeClassifier.PaperRecipes[i].Regime)}: {mean[i]:G4}")));
        }
    }
}
