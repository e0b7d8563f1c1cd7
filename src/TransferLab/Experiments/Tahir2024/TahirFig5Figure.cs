using TransferLab.Models;
using TransferLab.Theory.Tahir2024;

namespace TransferLab.Experiments.Tahir2024;

/// <summary>
/// Tahir et al. v2 Fig. 5: linear transfer against the optimally regularised scratch model at σ = 0.2. The anomalous
/// positive band at γ ≈ 1 disappears and one boundary γ_c = cos²θ(1 + σ²/sin²θ) remains (closed form of docs/tahir2024.md §2.6;
/// oracle ridge λ* = σ²d/n stands in for the paper's oracle weight decay).
/// </summary>
public sealed class TahirFig5Figure : Figure
{
    public override string Id => "tahir-fig5";
    public override string Paper => "Tahir, Ganguli & Rotskoff 2024";
    public override string Description => "Linear transfer vs optimally tuned ridge scratch, σ = 0.2: single boundary γ_c(θ), theory + simulation";

    public override void Run(FigureContext ctx)
    {
        const double sigma = 0.2;
        int d = ctx.Quick ? 100 : 500, cells = ctx.Quick ? 10 : 20, draws = ctx.Quick ? 6 : 20;
        var s = new TransferabilitySettings(DeepLinearProtocol.LinearTransfer, sigma, ScratchBaseline.OptimalRidge);
        ctx.Note("sigma", sigma); ctx.Note("d", d); ctx.Note("baseline", "ridge at oracle lambda* = sigma^2 d / n");
        TahirPhaseDiagramRenderer.Render(ctx, Id, "Linear transfer vs optimal ridge scratch, σ = 0.2", new TahirPhaseDiagramSpec(s, 200, 200, 2.0,
            SimulationD: d, SimulationThetaPoints: cells, SimulationGammaPoints: cells, SimulationDraws: draws));
        var gammas = Enumerable.Range(1, ctx.Quick ? 10 : 20).Select(k => 2.0 * k / (ctx.Quick ? 10 : 20)).ToArray();
        double frac = TahirTransferabilitySlices.Render(ctx, Id + "-slices", "LT vs optimal ridge slices, σ = 0.2", s, [22.5, 45, 67.5], gammas, d, ctx.Quick ? 20 : 40);
        ctx.Headline("slice points within 2 SE (+0.02) of theory", frac);
        ctx.Headline("γ_c at θ = 45°", PhaseBoundary.OptimalRidgeCriticalGamma(Math.Cos(Math.PI / 4), sigma));
    }
}
