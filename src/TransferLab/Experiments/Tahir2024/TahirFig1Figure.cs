using TransferLab.Models;
using TransferLab.Theory.Tahir2024;

namespace TransferLab.Experiments.Tahir2024;

/// <summary>
/// Tahir et al. Fig. 1: linear-transfer phase diagram T_lt(θ, γ) = R_sc − sin²θ at σ = 0.2 (Theorems 3.6–3.7) with the
/// analytic T = 0 boundary (negative band (γ₋, γ₊) below γ = 1, γ = 1 + σ²/sin²θ above), the simulated diagram
/// from the exact gradient-flow limits, and slices at θ = π/8, π/4, 3π/8.
/// </summary>
public sealed class TahirFig1Figure : Figure
{
    public override string Id => "tahir-fig1";
    /// <inheritdoc/>
    public override bool InDefaultGallery => true;
    public override string Paper => "Tahir, Ganguli & Rotskoff 2024";
    public override string Description => "Linear-transfer phase diagram T(θ, α) at σ = 0.2: theory heatmap + boundary, simulated grid, slices ±2 SE";

    public override void Run(FigureContext ctx)
    {
        const double sigma = 0.2;
        int d = ctx.Quick ? 100 : 500, cells = ctx.Quick ? 10 : 20, draws = ctx.Quick ? 6 : 20;
        var s = new TransferabilitySettings(DeepLinearProtocol.LinearTransfer, sigma);
        ctx.Note("sigma", sigma); ctx.Note("d", d); ctx.Note("simulated_cells_per_axis", cells); ctx.Note("draws_per_cell", draws);
        ctx.Note("readout_ridge", 0.0);
        TahirPhaseDiagramRenderer.Render(ctx, Id, "Linear transfer, σ = 0.2", new TahirPhaseDiagramSpec(s, 200, 200, 2.0,
            SimulationD: d, SimulationThetaPoints: cells, SimulationGammaPoints: cells, SimulationDraws: draws));
        var gammas = Enumerable.Range(1, ctx.Quick ? 10 : 20).Select(k => 2.0 * k / (ctx.Quick ? 10 : 20)).ToArray();
        double frac = TahirTransferabilitySlices.Render(ctx, Id + "-slices", "Linear transfer slices, σ = 0.2", s, [22.5, 45, 67.5], gammas, d, ctx.Quick ? 20 : 40);
        ctx.Headline("slice points within 2 SE (+0.02) of theory, γ ≠ 1", frac);
        var iv = PhaseBoundary.LinearTransferNegativeInterval(Math.Cos(Math.PI / 4), sigma)!.Value;
        ctx.Headline("negative band at θ = 45°: γ₋", iv.Lower);
        ctx.Headline("negative band at θ = 45°: γ₊", iv.Upper);
    }
}
