using TransferLab.Numerics;
using TransferLab.Plotting;
using TransferLab.Theory.Tahir2024;

namespace TransferLab.Experiments.Tahir2024;

/// <summary>
/// Tahir et al. Theorem 3.8 (appendix figure): ridge λ on the transferred readout cannot rescue transfer —
/// R_lt^λ = sin²θ + cos²θ(λ/(1 + λ))² grows with λ. γ = 0.5, θ = π/8, σ = 0.2; simulation from the exact limits.
/// </summary>
public sealed class TahirRidgeFigure : Figure
{
    public override string Id => "tahir-ridge";
    public override string Paper => "Tahir, Ganguli & Rotskoff 2024";
    public override string Description => "Ridge on the transferred readout: R_lt(λ) theory vs simulation ±2 SE (α = 0.5, θ = π/8, σ = 0.2)";

    public override void Run(FigureContext ctx)
    {
        int d = ctx.Quick ? 200 : 500, draws = ctx.Quick ? 30 : 100;
        const double gamma = 0.5, sigma = 0.2;
        double overlap = Math.Cos(Math.PI / 8);
        int n = (int)(gamma * d);
        double[] lambdas = [0, 0.1, 0.2, 0.3, 0.4, 0.5];
        ctx.Note("d", d); ctx.Note("n", n); ctx.Note("sigma", sigma); ctx.Note("theta", "pi/8"); ctx.Note("draws", draws);
        var runs = ctx.Map(lambdas, draws, ctx.Seed, (lam, _, rng) => ExactLimitSimulator.Draw(d, n, overlap, sigma, rng, null, lam).LinearTransfer,
            ctx.Progress("draws", lambdas.Length * draws));
        var table = new TidyTable("kind", "lambda", "draw", "risk");
        var fine = Enumerable.Range(0, 61).Select(k => 0.6 * k / 60).ToArray();
        foreach (double l in fine) table.Add("theory", l, 0, LinearTransferRisk.Ridge(overlap, l));
        for (int i = 0; i < lambdas.Length; i++)
            for (int r = 0; r < draws; r++) table.Add("simulation", lambdas[i], r, runs[i, r]);
        var summary = table.Where("kind", "simulation").Summarize(["lambda"], "risk");
        ctx.Write(Id, table);
        ctx.Write(Id + "-summary", summary);
        var plot = new CurvePlot($"Ridge on the transferred readout (α = {gamma}, θ = π/8, σ = {sigma}, d = {d})", "ridge λ", "R_lt (σ² excluded)");
        plot.AddTheory("theory (n → ∞)", fine, fine.Select(l => LinearTransferRisk.Ridge(overlap, l)).ToArray(), 0);
        plot.AddSimulation("simulation", lambdas, summary.Doubles("mean"), summary.Doubles("se"), 0);
        ctx.Save(Id, plot.Plot);
        ctx.Headline("simulated risk at λ = 0", summary.Doubles("mean")[0]);
        ctx.Headline("theory at λ = 0 (finite n)", LinearTransferRisk.Exact(n, overlap, sigma));
    }
}
