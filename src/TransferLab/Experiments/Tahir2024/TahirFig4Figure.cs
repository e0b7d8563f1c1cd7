using TransferLab.Plotting;
using TransferLab.Theory.Tahir2024;

namespace TransferLab.Experiments.Tahir2024;

/// <summary>
/// Tahir et al. v1 Theorem 2.2 / v2 Theorem A.2 and App. A Fig. 4, as a runnable demonstration: (a) the theorem's
/// construction g = −a·f — KL and W₁ grow without bound (the Dudley bound saturates near its maximum 2) while the
/// linear-transfer gain T grows too; (b) one fixed pair of tasks (fixed distances) whose T changes sign with α.
/// </summary>
public sealed class TahirFig4Figure : Figure
{
    public override string Id => "tahir-fig4";
    public override string Paper => "Tahir, Ganguli & Rotskoff 2024";
    public override string Description => "Distribution distances (KL, Dudley, W₁) vs transfer gain: Theorem 2.2 construction and a fixed pair flipping sign";

    /// <summary>Its Monte Carlo draws run inside <see cref="DistanceTransferDemonstration"/>, not as figure runs: nothing for shards to split.</summary>
    public override bool SplitsIntoRuns => false;

    public override void Run(FigureContext ctx)
    {
        int d = ctx.Quick ? 100 : 500, draws = ctx.Quick ? 20 : 60;
        const double sigma = 0.2;
        double[] scales = [0.25, 0.5, 1, 2, 4, 8, 16];
        // dense near α = 1 so the anomalous positive band around the scratch peak is resolved
        double[] gammas = [0.2, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.05, 1.1, 1.2, 1.4, 1.7, 2.0];
        ctx.Note("d", d); ctx.Note("sigma", sigma); ctx.Note("draws", draws); ctx.Note("alpha_for_scaled_copy", 0.5); ctx.Note("fixed_pair_overlap", Math.Cos(Math.PI / 4));
        var rows = DistanceTransferDemonstration.Run(d, sigma, 0.5, scales, Math.Cos(Math.PI / 4), gammas, draws, ctx.Seed);
        var table = new TidyTable("construction", "parameter", "alpha", "kl", "dudley_lower", "w1_lower", "w1_upper", "T_theory", "T_mean", "T_se");
        foreach (var r in rows)
            table.Add(r.Construction, r.Parameter, r.Gamma, r.KL, r.DudleyLower, r.WassersteinLower, r.WassersteinUpper, r.TransferTheory, r.TransferMean, r.TransferSe);
        ctx.Write(Id, table);

        var scaled = rows.Where(r => r.Construction == "scaled-copy").ToArray();
        var a = new CurvePlot("Theorem 2.2: target g = −a·f in the source's feature span (α = 0.5)", "KL(p_s ‖ p_t)", "linear-transfer gain T", logX: true, logY: true);
        a.AddTheory("T theory (finite n)", scaled.Select(r => r.KL).ToArray(), scaled.Select(r => r.TransferTheory).ToArray(), 0);
        a.AddSimulation("T simulation", scaled.Select(r => r.KL).ToArray(), scaled.Select(r => r.TransferMean).ToArray(), scaled.Select(r => r.TransferSe).ToArray(), 0);
        ctx.Save(Id + "-construction", a.Plot);

        var fixedPair = rows.Where(r => r.Construction == "fixed-pair").ToArray();
        var b = new CurvePlot($"One pair, fixed distances (θ = 45°, KL = {fixedPair[0].KL:0.##}, Dudley ≥ {fixedPair[0].DudleyLower:0.###}, W₁ ≥ {fixedPair[0].WassersteinLower:0.###})",
            "α = n/d", "linear-transfer gain T");
        var left = fixedPair.Where(r => r.Gamma < 1).ToArray();
        var right = fixedPair.Where(r => r.Gamma > 1).ToArray();
        b.AddTheory("T theory (finite n)", left.Select(r => r.Gamma).ToArray(), left.Select(r => r.TransferTheory).ToArray(), 1);
        b.AddTheory("", right.Select(r => r.Gamma).ToArray(), right.Select(r => r.TransferTheory).ToArray(), 1);
        b.AddSimulation("T simulation", fixedPair.Select(r => r.Gamma).ToArray(), fixedPair.Select(r => r.TransferMean).ToArray(), fixedPair.Select(r => r.TransferSe).ToArray(), 1);
        b.SetLimitsY(-0.8, 1.2);
        b.AddZeroLine(dotted: false);
        ctx.Save(Id + "-fixed-pair", b.Plot);
        ctx.Headline("KL at the largest scale", scaled[^1].KL);
        ctx.Headline("Dudley lower bound at the largest scale", scaled[^1].DudleyLower);
        ctx.Headline("sign changes of T for the fixed pair", fixedPair.Zip(fixedPair.Skip(1)).Count(p => Math.Sign(p.First.TransferTheory) != Math.Sign(p.Second.TransferTheory)));
    }
}
