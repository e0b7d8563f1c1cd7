using TransferLab.Models;
using TransferLab.Theory.Tahir2024;

namespace TransferLab.Experiments.Tahir2024;

/// <summary>
/// Tahir et al. v2 App. G Fig. 7: noiseless (σ = 0) linear-transfer phase diagram: T = cos²θ − γ below γ = 1
/// (boundary γ = cos²θ) and −sin²θ above. Theory with boundary and simulated grid.
/// </summary>
public sealed class TahirFig7Figure : Figure
{
    public override string Id => "tahir-fig7";
    public override string Paper => "Tahir, Ganguli & Rotskoff 2024";
    public override string Description => "Noiseless linear-transfer phase diagram (σ = 0): boundary α = cos²θ, theory + simulation";

    public override void Run(FigureContext ctx)
    {
        int d = ctx.Quick ? 100 : 500, cells = ctx.Quick ? 10 : 20, draws = ctx.Quick ? 6 : 20;
        var s = new TransferabilitySettings(DeepLinearProtocol.LinearTransfer, 0.0);
        ctx.Note("sigma", 0.0); ctx.Note("d", d);
        TahirPhaseDiagramRenderer.Render(ctx, Id, "Linear transfer, σ = 0", new TahirPhaseDiagramSpec(s, 200, 200, 2.0,
            SimulationD: d, SimulationThetaPoints: cells, SimulationGammaPoints: cells, SimulationDraws: draws));
    }
}
