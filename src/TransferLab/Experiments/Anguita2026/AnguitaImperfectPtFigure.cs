using TransferLab.Data;
using TransferLab.Models;

namespace TransferLab.Experiments.Anguita2026;

/// <summary>
/// Anguita et al. 2026, appendix (imperfect pretraining; docs/anguita2026.md §3.4, §4.5): the PT solution is learned from
/// N_PT = α_PT·D samples (with label noise σ_PT) instead of being the PT teacher, so c_FT,d = c_FT(β̂_PT,d) is random.
/// Two-stage replica theory (the PT fixed point gives the law of β̂_PT, which sets the law of c_FT) against simulation in
/// which both stages are trained to their exact gradient-flow limits; FT reuses the PT dimensions (ρ_FT^shared = 0.1).
/// </summary>
public sealed class AnguitaImperfectPtFigure : Figure
{
    public override string Id => "anguita-imperfect-pt";
    public override string Paper => "Anguita et al. 2026";
    public override string Description => "Imperfect pretraining (finite α_PT, PT noise): two-stage replica vs simulation ±2 SE, regimes II and IV";

    /// <summary>The panels: regime II (λ = 0) and regime IV (λ = −0.99 c_PT), each for several PT sample ratios.</summary>
    public static IReadOnlyList<AnguitaPanel> Panels()
    {
        var pts = new (string Label, double AlphaPt, double SigmaPt)[]
        {
            ("α_PT = ∞ (oracle)", double.PositiveInfinity, 0),
            ("α_PT = 0.5", 0.5, 0),
            ("α_PT = 0.3", 0.3, 0),
            ("α_PT = 2, σ_PT = 0.5", 2, 0.5),
        };
        AnguitaPanel Panel(string name, string title, double lambdaOverC) => new(name, title,
            pts.Select((p, i) => new AnguitaCurve(p.Label, new SparseTransferTask(1000, 0.1, 0.1, 0, 0.1, p.AlphaPt, SigmaPt: p.SigmaPt),
                new DiagonalInitialization(1e-3, lambdaOverC * 1e-3, 0), i)).ToList(), 1.2);
        return [Panel("lazy", "Imperfect PT, regime II (c_PT = 10⁻³, λ = γ = 0), FT reuses PT dims", 0),
                Panel("rich", "Imperfect PT, regime IV (c_PT = 10⁻³, λ = −0.99 c_PT), FT reuses PT dims", -0.99)];
    }

    public override void Run(FigureContext ctx)
    {
        int d = ctx.Quick ? 250 : 1000, reps = ctx.Quick ? 3 : 14;
        double[] alphas = ctx.Quick ? [0.1, 0.3] : [0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5];
        // The two-stage replica integrates over the PT channel too (≈ 20 atoms): a 30-point line keeps it to seconds.
        AnguitaCurves.Run(ctx, Id, Panels(), alphas, reps, d, theoryPoints: 30);
    }
}
