using TransferLab.Plotting;
using TransferLab.Theory.Tahir2024;

namespace TransferLab.Experiments.Tahir2024;

/// <summary>
/// Slices of a transferability surface at fixed θ: the proportional-limit T(γ) as lines and the exact-limit
/// Monte Carlo (finite d) as points ±2 SE (Tahir et al. Fig. 1c style). Values are clipped to the plotted
/// range [−1, 1.2] only in the picture; the CSV keeps them.
/// </summary>
public static class TahirTransferabilitySlices
{
    /// <summary>Writes <c>name.csv</c>, <c>name-summary.csv</c> and <c>name.png/svg</c>; returns the fraction of simulated points within 2 SE of the theory.</summary>
    public static double Render(FigureContext ctx, string name, string title, TransferabilitySettings s, double[] thetaDegrees,
        double[] simGammas, int d, int draws)
    {
        var table = new TidyTable("kind", "theta_deg", "alpha", "draw", "T");
        var theoryGammas = Enumerable.Range(1, 400).Select(k => 2.0 * k / 400).Where(g => Math.Abs(g - 1) > 1e-9).ToArray();
        foreach (double deg in thetaDegrees)
        {
            double co = Math.Cos(deg * Math.PI / 180);
            foreach (double g in theoryGammas) table.Add("theory", deg, g, 0, Transferability.Compute(s, g, co));
        }
        // γ = 1 exactly (n = d) has infinite scratch variance for σ > 0: no finite mean to simulate.
        var points = (from deg in thetaDegrees from g in simGammas where Math.Abs(g - 1) > 1e-9 select (deg, g)).ToArray();
        var runs = ctx.Map(points, draws, ctx.Seed ^ 0x51CE, (p, _, rng) =>
        {
            int n = Math.Max(3, (int)Math.Round(p.g * d));
            return Transferability.FromDraw(s, ExactLimitSimulator.Draw(s, d, n, Math.Cos(p.deg * Math.PI / 180), rng));
        }, ctx.Progress(name, (long)points.Length * draws));
        for (int i = 0; i < points.Length; i++)
            for (int r = 0; r < draws; r++) table.Add("simulation", points[i].deg, points[i].g, r, runs[i, r]);
        var summary = table.Where("kind", "simulation").Summarize(["theta_deg", "alpha"], "T");
        ctx.Write(name, table);
        ctx.Write(name + "-summary", summary);

        var plot = new CurvePlot(title, "α = n/d (paper: γ)", "transferability T");
        var agreement = new TheoryAgreement(0.02);
        for (int k = 0; k < thetaDegrees.Length; k++)
        {
            double deg = thetaDegrees[k], co = Math.Cos(deg * Math.PI / 180);
            var th = theoryGammas.Select(g => Math.Clamp(Transferability.Compute(s, g, co), -1.5, 1.5)).ToArray();
            // split at γ = 1 so the divergence is not drawn as a vertical line
            var left = theoryGammas.Select((g, i) => (g, t: th[i])).Where(p => p.g < 1).ToArray();
            var right = theoryGammas.Select((g, i) => (g, t: th[i])).Where(p => p.g > 1).ToArray();
            plot.AddTheory($"θ = {deg:0.#}° theory", left.Select(p => p.g).ToArray(), left.Select(p => p.t).ToArray(), k);
            plot.AddTheory("", right.Select(p => p.g).ToArray(), right.Select(p => p.t).ToArray(), k);
            var rows = Enumerable.Range(0, summary.Count).Where(i => (double)summary.Rows[i][0]! == deg).ToArray();
            var gx = rows.Select(i => (double)summary.Rows[i][1]!).ToArray();
            var mean = rows.Select(i => (double)summary.Rows[i][2]!).ToArray();
            var se = rows.Select(i => (double)summary.Rows[i][3]!).ToArray();
            plot.AddSimulation($"θ = {deg:0.#}° simulation (d = {d})", gx, mean.Select(v => Math.Clamp(v, -1.5, 1.5)).ToArray(), se, k);
            for (int i = 0; i < gx.Length; i++)
            {
                if (Math.Abs(gx[i] - 1) < 0.051) continue; // finite-size peak: not comparable with the limit
                agreement.Add(mean[i], se[i], Transferability.Compute(s, gx[i], co));
            }
        }
        plot.SetLimitsY(-1.0, 1.2);
        plot.AddZeroLine();
        ctx.Save(name, plot.Plot);
        return agreement.Fraction;
    }
}
