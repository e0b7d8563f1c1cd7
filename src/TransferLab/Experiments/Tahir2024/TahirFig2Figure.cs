using TransferLab.Models;
using TransferLab.Theory.Tahir2024;

namespace TransferLab.Experiments.Tahir2024;

/// <summary>
/// Tahir et al. Fig. 2: fine-tuning phase diagram T_ft(θ, γ) = (1 − γ)(2cos θ − 1) for γ &lt; 1, 0 above (Theorem 3.9),
/// boundary θ = 60°, at σ = 0 (as in the authors' notebook) with the simulated diagram and slices.
/// </summary>
public sealed class TahirFig2Figure : Figure
{
    public override string Id => "tahir-fig2";
    /// <inheritdoc/>
    public override bool InDefaultGallery => true;
    public override string Paper => "Tahir, Ganguli & Rotskoff 2024";
    public override string Description => "Fine-tuning phase diagram T(θ, α) at σ = 0: theory heatmap + boundary θ = 60°, simulated grid, slices ±2 SE";

    public override void Run(FigureContext ctx)
    {
        const double sigma = 0.0;
        int d = ctx.Quick ? 100 : 500, cells = ctx.Quick ? 10 : 20, draws = ctx.Quick ? 6 : 20;
        // With σ = 0 the balanced-flow factor c equals 1 exactly (a + b = 1), so depth does not enter.
        var s = new TransferabilitySettings(DeepLinearProtocol.FineTune, sigma, Depth: 2);
        ctx.Note("sigma", sigma); ctx.Note("d", d); ctx.Note("depth", 2); ctx.Note("simulated_cells_per_axis", cells); ctx.Note("draws_per_cell", draws);
        TahirPhaseDiagramRenderer.Render(ctx, Id, "Fine-tuning, σ = 0", new TahirPhaseDiagramSpec(s, 200, 200, 2.0,
            SimulationD: d, SimulationThetaPoints: cells, SimulationGammaPoints: cells, SimulationDraws: draws));
        var gammas = Enumerable.Range(1, ctx.Quick ? 10 : 20).Select(k => 2.0 * k / (ctx.Quick ? 10 : 20)).ToArray();
        double frac = TahirTransferabilitySlices.Render(ctx, Id + "-slices", "Fine-tuning slices, σ = 0", s, [22.5, 45, 67.5], gammas, d, ctx.Quick ? 20 : 40);
        ctx.Headline("slice points within 2 SE (+0.02) of theory, γ ≠ 1", frac);
    }
}
