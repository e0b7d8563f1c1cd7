using TransferLab.Data;
using TransferLab.Experiments.Families;
using TransferLab.Numerics;
using TransferLab.Schema;
using TransferLab.Theory.Tahir2024;
using TransferLab.Theory.Shachaf2021;
using TransferLab.Validation;

namespace TransferLab.Tests.Tahir2024;

/// <summary>The deep-linear transfer risks under a general input covariance (parameter <c>spectrum</c>) against Monte Carlo and the isotropic formulas.</summary>
public class AnisotropicTransferTheoryTests
{
    [Fact]
    public void IsotropicCovarianceReproducesTheIsotropicFormulas()
    {
        // Σ = I: κ = d/n − 1 turns the deterministic equivalents into Theorems 3.6, 3.7 and 3.9 (with c_L) at γ = n/d.
        const int d = 400, n = 120;
        const double overlap = 0.6, sigma = 0.5;
        var task = LinearTask.Create(CovarianceModel.Isotropic(d), OverlapTeacherPair.Draw(d, overlap, new Rng(3)), sigma);
        double gamma = (double)n / d;
        foreach (double depth in new[] { 1.0, 3.0, double.PositiveInfinity })
        {
            var r = AnisotropicTransferTheory.Predict(task, n, depth, 0.25);
            Assert.Equal(ScratchRisk.Asymptotic(gamma, sigma), r.Scratch, 9);
            Assert.Equal(LinearTransferRisk.Ridge(overlap, 0.25), r.LinearTransfer, 9);
            Assert.Equal(LinearTransferRisk.Exact(n, overlap, sigma), r.LinearTransferFiniteN, 9);
            Assert.Equal(FineTuneRisk.Asymptotic(gamma, overlap, sigma), r.FineTunePaper, 9);
            Assert.Equal(FineTuneRisk.Asymptotic(gamma, overlap, sigma, depth), r.FineTuneDepth, 9);
            Assert.Equal(FineTuneRisk.ScaleFactor(gamma, sigma, depth), r.FineTuneScaleFactor, 9);
            Assert.Equal(FeaturesAreFateParameters.SinSquared(overlap), r.FrozenFirstLayerFloor, 9);
            Assert.Equal((1 - overlap) / (sigma * sigma), r.KL, 9);
        }
        // n ≥ d: fine-tuning forgets its start, everything but linear transfer is OLS
        var over = AnisotropicTransferTheory.Predict(task, 2 * d, 2);
        Assert.Equal(sigma * sigma * d / (d - 1.0), over.Scratch, 12);
        Assert.Equal(over.Scratch, over.FineTuneDepth);
        Assert.Equal(0.0, over.TransferabilityFineTunePaper);
    }

    public static TheoryData<string> Spectra => ["power-law", "spiked"];

    [Theory]
    [MemberData(nameof(Spectra))]
    public void MatchesMonteCarloOfTheExactLimits(string spectrum)
    {
        // Designs x ~ N(0, Σ): scratch X⁺y, linear transfer bβ_s, fine-tuning X⁺y + c·Qβ_s (c = 1 and c_L per design).
        const int d = 300, n = 60, draws = 120, depth = 3;
        const double overlap = 0.5;
        var cov = DeepLinearParameters.InputCovariance(spectrum, d, 0.5, 10, 10);
        var task = LinearTask.Create(cov, OverlapTeacherPair.Draw(d, overlap, new Rng(41)), spectrum == "spiked" ? 0.3 : 0.1);
        var theory = AnisotropicTransferTheory.Predict(task, n, depth);
        var sc = new double[draws]; var lt = new double[draws]; var ft1 = new double[draws]; var ftL = new double[draws];
        for (int k = 0; k < draws; k++)
        {
            var (x, y) = task.SampleTarget(n, SeedSequence.For(42, k));
            var z = LinearAlgebra.Multiply(x, task.Teachers.Source);
            sc[k] = task.ExcessRisk(LinearAlgebra.LeastSquares(x, y));
            lt[k] = task.ExcessRisk(Vec.Scaled(task.Teachers.Source, Vec.Dot(z, y) / Vec.NormSquared(z)));
            ft1[k] = task.ExcessRisk(DeepFineTuningSolution.Compute(x, y, task.Teachers.Source, 1).Theta);
            ftL[k] = task.ExcessRisk(DeepFineTuningSolution.Compute(x, y, task.Teachers.Source, depth).Theta);
        }
        // linear transfer: exact at finite n; the others are proportional-limit equivalents (8 % slack, as for the deep DE tests)
        MonteCarlo.Agrees(theory.LinearTransferFiniteN, MonteCarlo.Of(draws, k => lt[k]), 0, $"{spectrum} LT");
        MonteCarlo.Agrees(theory.Scratch, MonteCarlo.Of(draws, k => sc[k]), 0.08, $"{spectrum} scratch");
        MonteCarlo.Agrees(theory.FineTunePaper, MonteCarlo.Of(draws, k => ft1[k]), 0.08, $"{spectrum} FT c = 1");
        MonteCarlo.Agrees(theory.FineTuneDepth, MonteCarlo.Of(draws, k => ftL[k]), 0.08, $"{spectrum} FT c_{depth}");
    }

    [Fact]
    public void UnknownSpectrumIsRefused()
    {
        // The schema refuses them, naming the parameter as it spells it (the command line adds the dashes).
        var schema = new DeepLinearFamily().Schema;
        ParameterException Bind(params (string Name, string Value)[] given) => Assert.Throws<ParameterException>(() =>
            schema.Bind(given.ToDictionary(g => g.Name, g => g.Value), Compute.Theory));
        Assert.Equal("spectrum", Bind(("spectrum", "cubic")).Parameter);
        Assert.Equal("power", Bind(("spectrum", "power-law"), ("power", "-1")).Parameter);
        Assert.Equal("spectrum", Assert.Throws<ParameterException>(() => DeepLinearParameters.InputCovariance("cubic", 10, 1, 1, 1)).Parameter);
    }
}
