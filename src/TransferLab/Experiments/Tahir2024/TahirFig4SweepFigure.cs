using System.Globalization;
using TransferLab.Plotting;
using TransferLab.Theory.Tahir2024;

namespace TransferLab.Experiments.Tahir2024;

/// <summary>
/// Tahir et al. v2 App. A, Fig. 4 (v1 App. E, Fig. 5): sweep the angle θ ∈ [0°, 180°] between the unit source and target
/// teachers at γ = n/d = 0.5, σ = 0.2, and plot the transferability against (a) KL(p_s‖p_t), (b) an empirical W₁ between
/// n samples of the two joint laws (the paper's panel b) and (c) the Dudley lower bound. Theory lines are the
/// proportional-limit T_lt = R_sc − sin²θ and T_ft (depth-2 balanced flow); points are the exact-limit Monte Carlo ±2 SE.
/// T_lt is symmetric about θ = 90° while every distance grows with θ, so T_lt is U-shaped in each distance; the
/// empirical W₁ is dominated by its θ-independent sampling term (identical laws at θ = 0 are already far apart).
/// </summary>
public sealed class TahirFig4SweepFigure : Figure
{
    /// <inheritdoc/>
    public override string Id => "tahir-fig4-sweep";
    /// <inheritdoc/>
    public override string Paper => "Tahir, Ganguli & Rotskoff 2024";
    /// <inheritdoc/>
    public override string Description => "Fig. 4 θ-sweep over [0°, 180°] (α = 0.5, σ = 0.2): transferability vs KL, empirical W₁ and Dudley bound; theory lines, simulation ±2 SE";

    /// <inheritdoc/>
    public override void Run(FigureContext ctx)
    {
        const double sigma = 0.2, gamma = 0.5, depth = 2;
        int d = ctx.Quick ? 100 : 500, draws = ctx.Quick ? 16 : 40, step = ctx.Quick ? 15 : 5;
        int n = (int)Math.Round(gamma * d), samples = n;
        var thetas = Enumerable.Range(0, 180 / step + 1).Select(k => (double)(k * step)).ToArray();
        ctx.Note("d", d); ctx.Note("n", n); ctx.Note("sigma", sigma); ctx.Note("draws", draws); ctx.Note("theta_step_deg", step);
        ctx.Note("fine_tune_depth", depth); ctx.Note("empirical_w1_samples_per_law", samples);
        ctx.Note("empirical_w1", "exact W₁ (Euclidean cost in ℝ^{d+1}) between the empirical laws of n samples of p_s and n independent samples of p_t, by optimal assignment");

        var theory = DistanceTransferDemonstration.ThetaSweep(d, sigma, gamma, thetas, depth);
        var runs = ctx.Map(thetas, draws, ctx.Seed, (deg, _, rng) =>
            DistanceTransferDemonstration.SimulateThetaSweep(d, n, Math.Cos(deg * Math.PI / 180), sigma, samples, rng, depth),
            ctx.Progress(Id, (long)thetas.Length * draws));

        var tidy = new TidyTable("theta_deg", "overlap", "draw", "T_lt", "T_ft", "w1_empirical");
        for (int i = 0; i < thetas.Length; i++)
            for (int r = 0; r < draws; r++)
                tidy.Add(thetas[i], theory[i].Overlap, r, runs[i, r].LinearTransfer, runs[i, r].FineTune, runs[i, r].EmpiricalWasserstein);
        ctx.Write(Id, tidy);

        var summary = new TidyTable("theta_deg", "overlap", "kl", "dudley_lower", "w1_lower", "w1_upper", "T_lt_theory", "T_lt_theory_exact", "T_ft_theory",
            "T_lt_mean", "T_lt_se", "T_ft_mean", "T_ft_se", "w1_empirical_mean", "w1_empirical_se", "draws");
        var lt = new (double Mean, double Se)[thetas.Length];
        var ft = new (double Mean, double Se)[thetas.Length];
        var w1 = new (double Mean, double Se)[thetas.Length];
        var agreement = new TheoryAgreement(0.02);
        for (int i = 0; i < thetas.Length; i++)
        {
            var row = Enumerable.Range(0, draws).Select(r => runs[i, r]).ToArray();
            lt[i] = Statistics.MeanAndStandardError(row.Select(x => x.LinearTransfer).ToArray());
            ft[i] = Statistics.MeanAndStandardError(row.Select(x => x.FineTune).ToArray());
            w1[i] = Statistics.MeanAndStandardError(row.Select(x => x.EmpiricalWasserstein).ToArray());
            var t = theory[i];
            summary.Add(t.ThetaDegrees, t.Overlap, t.KL, t.DudleyLower, t.WassersteinLower, t.WassersteinUpper, t.LinearTransfer, t.LinearTransferExact, t.FineTune,
                lt[i].Mean, lt[i].Se, ft[i].Mean, ft[i].Se, w1[i].Mean, w1[i].Se, draws);
            agreement.Add(lt[i].Mean, lt[i].Se, t.LinearTransfer);
            agreement.Add(ft[i].Mean, ft[i].Se, t.FineTune);
        }
        ctx.Write(Id + "-summary", summary);

        // dense theory lines (the distances are closed forms too)
        var dense = DistanceTransferDemonstration.ThetaSweep(d, sigma, gamma, Enumerable.Range(0, 361).Select(k => 0.5 * k).ToArray(), depth);
        double[] Col(IEnumerable<ThetaSweepTheory> rows, Func<ThetaSweepTheory, double> f) => rows.Select(f).ToArray();

        // Transferability against a closed-form distance: theory lines over the dense sweep, simulation at the sampled θ.
        void DistancePanel(string suffix, string title, string xLabel, string ltTheoryLabel, Func<ThetaSweepTheory, double> distance)
        {
            var p = new CurvePlot(title, xLabel, "transferability T");
            p.AddTheory(ltTheoryLabel, Col(dense, distance), Col(dense, r => r.LinearTransfer), 0);
            p.AddSimulation("T_lt simulation", Col(theory, distance), lt.Select(x => x.Mean).ToArray(), lt.Select(x => x.Se).ToArray(), 0);
            p.AddTheory("T_ft theory (L = 2)", Col(dense, distance), Col(dense, r => r.FineTune), 1);
            p.AddSimulation("T_ft simulation", Col(theory, distance), ft.Select(x => x.Mean).ToArray(), ft.Select(x => x.Se).ToArray(), 1);
            p.AddZeroLine();
            ctx.Save(Id + suffix, p.Plot);
        }

        DistancePanel("-kl", $"Transferability vs KL while θ sweeps 0° → 180° (α = {gamma}, σ = {sigma}, d = {d})", "KL(p_s ‖ p_t) = (1 − cos θ)/σ²",
            "T_lt theory (R_sc − sin²θ)", r => r.KL);

        var b = new CurvePlot($"Transferability vs empirical W₁ of n = {samples} samples per law in ℝ^{d + 1} (population W₁ ≤ {theory[^1].WassersteinUpper.ToString("0.##", CultureInfo.InvariantCulture)})",
            "empirical W₁(p̂_s, p̂_t)", "transferability T");
        b.AddSimulation("T_lt simulation", w1.Select(x => x.Mean).ToArray(), lt.Select(x => x.Mean).ToArray(), lt.Select(x => x.Se).ToArray(), 0);
        b.AddSimulation("T_ft simulation", w1.Select(x => x.Mean).ToArray(), ft.Select(x => x.Mean).ToArray(), ft.Select(x => x.Se).ToArray(), 1);
        b.AddVerticalLine(w1[0].Mean, "θ = 0° (identical laws)");
        b.AddZeroLine();
        ctx.Save(Id + "-w1", b.Plot);

        DistancePanel("-dudley", $"Transferability vs the Dudley lower bound (θ = 0° → 180°, α = {gamma}, σ = {sigma})", "Dudley metric lower bound (≤ 2)",
            "T_lt theory", r => r.DudleyLower);

        var half = theory.Where(r => r.ThetaDegrees <= 90).ToArray();
        ctx.Headline("Spearman(KL, T_lt), θ ∈ [0°, 90°]", Statistics.Spearman(Col(half, r => r.KL), Col(half, r => r.LinearTransfer)));
        ctx.Headline("Spearman(KL, T_lt), θ ∈ [0°, 180°]", Statistics.Spearman(Col(theory, r => r.KL), Col(theory, r => r.LinearTransfer)));
        ctx.Headline("Spearman(KL, T_ft), θ ∈ [0°, 180°]", Statistics.Spearman(Col(theory, r => r.KL), Col(theory, r => r.FineTune)));
        ctx.Headline("empirical W₁ at θ = 0° (identical laws)", w1[0].Mean);
        ctx.Headline("empirical W₁ at θ = 180°", w1[^1].Mean);
        ctx.Headline("population W₁ upper bound at θ = 180°", theory[^1].WassersteinUpper);
        ctx.Headline("simulated points within 2 SE (+0.02) of theory", agreement.Fraction);
    }
}
