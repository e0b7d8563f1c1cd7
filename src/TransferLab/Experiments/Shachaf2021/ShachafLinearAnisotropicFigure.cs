using TransferLab.Data;
using TransferLab.Numerics;
using TransferLab.Theory.Shachaf2021;
using TransferLab.Training;

namespace TransferLab.Experiments.Shachaf2021;

/// <summary>
/// Linear regression with a power-law covariance λ_i = 1/i: where θ_S − θ_T lies in Σ's spectrum decides
/// the benefit of fine-tuning (Shachaf et al. 2021: the similarity measure combines source, target and
/// target covariance; "substantial sample-complexity reduction under realistic settings"). Difference
/// in the top eigen-directions, in the tail, or spread isotropically, each with ‖w‖² = 20, against
/// scratch; deterministic-equivalent lines (docs/shachaf2021.md §2.1c) against simulation. Parameters follow the note's
/// illustration (TransferLab's choice; the paper's are unknown).
/// </summary>
public sealed class ShachafLinearAnisotropicFigure : Figure
{
    public override string Id => "shachaf-linear-anisotropic";
    public override string Paper => "Shachaf, Brutzkus & Globerson 2021";
    public override string Description => "Linear FT, power-law Σ: difference in top / tail / all eigen-directions vs scratch; deterministic equivalent vs simulation";
    public override bool InDefaultGallery => true;

    public override void Run(FigureContext ctx)
    {
        int d = ctx.Quick ? 200 : 1000, reps = ctx.Quick ? 12 : 60, top = ctx.Quick ? 10 : 20;
        const double sigma = 0.0, diffNorm2 = 20;
        var cov = CovarianceModel.PowerLaw(d, 1.0);
        var ns = ctx.Quick ? new[] { 5, 10, 20, 40, 80, 120, 160 } : new[] { 10, 25, 50, 100, 200, 400, 700 };
        var rng = SeedSequence.For(ctx.Seed, -1);
        // One target teacher; three sources differing from it in different parts of the spectrum.
        var baseTask = LinearTeacherPair.DifferenceInEigendirections(cov, 0, top, Math.Sqrt(diffNorm2), rng);
        var targetEig = cov.ToEigenbasis(baseTask.Target);
        LinearTask WithDifference(int first, int last)
        {
            var w = new double[d];
            for (int i = first; i < last; i++) w[i] = rng.NextGaussian();
            w.AsSpan().Scale(Math.Sqrt(diffNorm2) / Vec.Norm(w));
            var pair = new LinearTeacherPair(cov.FromEigenbasis(Vec.Add(targetEig, w)), baseTask.Target, $"difference in eigen-directions [{first + 1}, {last}]");
            return LinearTask.Create(cov, pair, sigma);
        }
        var topTask = WithDifference(0, top);
        var tailTask = WithDifference(d / 5, d);
        var allTask = WithDifference(0, d);
        ctx.Note("d", d);
        ctx.Note("spectrum", cov.Description);
        ctx.Note("sigma", sigma);
        ctx.Note("norm2_difference", diffNorm2);
        ctx.Note("repetitions", reps);
        var curves = new List<LinearCurve>
        {
            new($"FT, θ_S − θ_T in top {top}", topTask, TransferProtocol.FineTune),
            new($"FT, θ_S − θ_T in tail ({d / 5 + 1}..{d})", tailTask, TransferProtocol.FineTune),
            new("FT, θ_S − θ_T isotropic", allTask, TransferProtocol.FineTune),
            new("scratch", topTask, TransferProtocol.Scratch),
        };
        var (plot, summary) = LinearRiskCurves.Run(ctx, Id, $"Linear fine-tuning, λ_i = 1/i (d = {d})", curves, ns, reps, logX: true, logY: true);
        ctx.Save(Id, plot.Plot);
        ctx.Headline("fraction of points within 2 SE", LinearRiskCurves.FractionWithinTwoSe(summary));
        // Sample complexity at ε = 10 % of the zero-shot risk of the top-difference source.
        double eps = 0.1 * topTask.Covariance.Norm2(topTask.Teachers.Difference);
        var sc = SampleComplexity.Compute(topTask, eps, 2 * d);
        ctx.Note("epsilon", eps);
        ctx.Note("sample_complexity_top", new { fine_tune = sc.FineTune, scratch = sc.Scratch });
        if (sc.Reduction is double red) ctx.Headline($"n*(ε) reduction, top-{top} difference", red);
    }
}
