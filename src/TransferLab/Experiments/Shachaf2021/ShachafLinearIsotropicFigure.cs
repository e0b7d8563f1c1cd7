using TransferLab.Data;
using TransferLab.Numerics;
using TransferLab.Training;

namespace TransferLab.Experiments.Shachaf2021;

/// <summary>
/// Linear regression, isotropic inputs: expected risk vs n of fine-tuning from θ_S and of training from
/// scratch (Shachaf et al. 2021, linear section; exact closed form of docs/shachaf2021.md §2.1b against simulation).
/// Shows the linear (not dramatic) isotropic gain governed by ‖θ_S − θ_T‖, and that for n ≥ d the
/// source is forgotten. Parameters are TransferLab's choice (the paper's are unknown).
/// </summary>
public sealed class ShachafLinearIsotropicFigure : Figure
{
    public override string Id => "shachaf-linear-isotropic";
    public override string Paper => "Shachaf, Brutzkus & Globerson 2021";
    public override string Description => "Linear FT vs scratch, Σ = I: exact finite-n risk vs simulation ±2 SE, n below and above d";
    public override bool InDefaultGallery => true;

    public override void Run(FigureContext ctx)
    {
        int d = ctx.Quick ? 40 : 100, reps = ctx.Quick ? 40 : 200;
        const double sigma = 0.1, copyScale = 1.0, copyNoise = 0.5;
        var pair = LinearTeacherPair.ScaledNoisyCopy(d, copyScale, copyNoise, SeedSequence.For(ctx.Seed, -1));
        var task = LinearTask.Create(CovarianceModel.Isotropic(d), pair, sigma);
        var below = Enumerable.Range(1, 9).Select(k => Math.Max(2, k * d / 10)).Distinct().ToArray();
        var above = new[] { d * 6 / 5, d * 3 / 2, 2 * d };
        var ns = below.Concat(above).ToArray();
        ctx.Note("d", d);
        ctx.Note("sigma", sigma);
        ctx.Note("teacher", pair.Description);
        ctx.Note("norm2_theta_S_minus_theta_T", Vec.NormSquared(pair.Difference));
        ctx.Note("norm2_theta_T", Vec.NormSquared(pair.Target));
        ctx.Note("repetitions", reps);
        var (plot, summary) = LinearRiskCurves.Run(ctx, Id, $"Linear fine-tuning, Σ = I (d = {d}, σ = {sigma})",
            [new("fine-tune from θ_S", task, TransferProtocol.FineTune), new("scratch", task, TransferProtocol.Scratch)],
            ns, reps, logX: false, logY: true);
        ctx.Save(Id, plot.Plot);
        ctx.Headline("fraction of points within 2 SE", LinearRiskCurves.FractionWithinTwoSe(summary));
    }
}
