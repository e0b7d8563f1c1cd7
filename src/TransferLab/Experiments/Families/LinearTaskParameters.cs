using TransferLab.Data;
using TransferLab.Numerics;
using TransferLab.Schema;
using TransferLab.Validation;

namespace TransferLab.Experiments.Families;

/// <summary>
/// The parameters that describe a linear-teacher task (dimension, target covariance, source/target teacher relation,
/// label noise), shared by the linear family's theory and simulation, and the task they build (Shachaf et al. 2021 §2;
/// docs/shachaf2021.md, "Task").
/// </summary>
public static class LinearTaskParameters
{
    /// <summary>The task's parameters, in help order.</summary>
    public static IReadOnlyList<ParameterSpec> Specs { get; } =
    [
        new() { Name = "d", Kind = ParameterKind.Integer, Doc = "Input dimension d.", Default = "100", Min = 1 },
        new() { Name = "n", Kind = ParameterKind.Integer, Doc = "Number of target samples n.", Required = true, Min = 1 },
        new() { Name = "sigma", Kind = ParameterKind.Real, Doc = "Label-noise standard deviation σ; risks are excess risks ‖θ − θ_T‖²_Σ (add σ² for noisy-label risk).", Default = "0", Min = 0, Max = 1e100 },
        new() { Name = "spectrum", Kind = ParameterKind.Choice, Doc = "Target covariance Σ: isotropic (s·I), power-law (λ_i = s·i^(−a)), spiked (k eigenvalues at spike-value, the rest at s), explicit (eigenvalues).", Default = "isotropic", Choices = ["isotropic", "power-law", "spiked", "explicit"] },
        new() { Name = "cov-scale", Kind = ParameterKind.Real, Doc = "Scale s of the covariance: isotropic level, power-law prefactor, spiked bulk.", Default = "1", Min = 1e-100, Max = 1e100 },
        new() { Name = "power", Kind = ParameterKind.Real, Doc = "Power-law exponent a (spectrum power-law).", Default = "1", Min = 0, Max = 100, AppliesWhen = new("spectrum", "power-law") },
        new() { Name = "spikes", Kind = ParameterKind.Integer, Doc = "Number of spikes k, at most d (spectrum spiked).", Default = "5", Min = 0, AppliesWhen = new("spectrum", "spiked") },
        new() { Name = "spike-value", Kind = ParameterKind.Real, Doc = "Eigenvalue of each spike (spectrum spiked).", Default = "10", Min = 1e-100, Max = 1e100, AppliesWhen = new("spectrum", "spiked") },
        new() { Name = "eigenvalues", Kind = ParameterKind.RealList, Doc = "The d eigenvalues of Σ (spectrum explicit).", Min = 0, Max = 1e100, AppliesWhen = new("spectrum", "explicit") },
        new() { Name = "rotate", Kind = ParameterKind.Flag, Doc = "Use a Haar-random eigenbasis instead of the coordinate axes." },
        new() { Name = "teacher", Kind = ParameterKind.Choice, Doc = "Relation of source θ_S and target θ_T: scaled-copy (θ_S random unit, θ_T = c·θ_S + ε·ξ), angle (set angle and norms; needs d ≥ 2), eigen-difference (θ_T ~ N(0, τ²) in Σ's eigenbasis, θ_S − θ_T placed in eigen-directions [first, last]).", Default = "scaled-copy", Choices = ["scaled-copy", "angle", "eigen-difference"] },
        new() { Name = "copy-scale", Kind = ParameterKind.Real, Doc = "scaled-copy: the scale c in θ_T = c·θ_S + ε·ξ (the paper's α).", Default = "1", Min = -1e100, Max = 1e100, AppliesWhen = new("teacher", "scaled-copy") },
        new() { Name = "copy-noise", Kind = ParameterKind.Real, Doc = "scaled-copy: the noise ε in θ_T = c·θ_S + ε·ξ (ξ a random unit vector; the paper's ε).", Default = "0.5", Min = 0, Max = 1e100, AppliesWhen = new("teacher", "scaled-copy") },
        new() { Name = "angle", Kind = ParameterKind.Real, Doc = "angle: angle between θ_S and θ_T.", Default = "45", Min = 0, Max = 180, Unit = "degrees", AppliesWhen = new("teacher", "angle") },
        new() { Name = "source-norm", Kind = ParameterKind.Real, Doc = "angle: ‖θ_S‖.", Default = "1", Min = 1e-100, Max = 1e100, AppliesWhen = new("teacher", "angle") },
        new() { Name = "target-norm", Kind = ParameterKind.Real, Doc = "angle: ‖θ_T‖.", Default = "1", Min = 1e-100, Max = 1e100, AppliesWhen = new("teacher", "angle") },
        new() { Name = "diff-first", Kind = ParameterKind.Integer, Doc = "eigen-difference: first eigen-direction (1-based, descending eigenvalues) carrying θ_S − θ_T, at most d.", Default = "1", Min = 1, AppliesWhen = new("teacher", "eigen-difference") },
        new() { Name = "diff-last", Kind = ParameterKind.Integer, Doc = "eigen-difference: last eigen-direction (1-based, inclusive, from diff-first to d; default d).", Min = 1, AppliesWhen = new("teacher", "eigen-difference") },
        new() { Name = "diff-norm", Kind = ParameterKind.Real, Doc = "eigen-difference: ‖θ_S − θ_T‖.", Default = "1", Min = 0, Max = 1e100, AppliesWhen = new("teacher", "eigen-difference") },
        new() { Name = "target-sd", Kind = ParameterKind.Real, Doc = "eigen-difference: standard deviation τ of θ_T's eigen-coordinates.", Default = "1", Min = 0, Max = 1e100, AppliesWhen = new("teacher", "eigen-difference") },
        new() { Name = "task-seed", Kind = ParameterKind.Seed, Doc = "Seed for the random teachers and eigenbasis (the task itself), separate from the simulation seed.", Default = "0" },
    ];

    /// <summary>Builds the validated task (cross-parameter rules name the parameter).</summary>
    public static LinearTask Build(ParameterValues p)
    {
        int d = p.Integer("d");
        var rng = SeedSequence.For(p.Seed("task-seed"), 0x7A5C);
        CovarianceModel cov = p.Text("spectrum") switch
        {
            "isotropic" => CovarianceModel.Isotropic(d, p.Real("cov-scale")),
            "power-law" => CovarianceModel.PowerLaw(d, p.Real("power"), p.Real("cov-scale")),
            "spiked" => CovarianceModel.Spiked(d, p.Integer("spikes"), p.Real("spike-value"), p.Real("cov-scale")),
            _ => CovarianceModel.FromSpectrum(p.OptionalReals("eigenvalues")
                ?? throw new ParameterException("eigenvalues", "required for spectrum explicit (comma-separated numbers)"), d),
        };
        if (p.Flag("rotate")) cov = cov.Rotated(rng);
        LinearTeacherPair pair = p.Text("teacher") switch
        {
            "scaled-copy" => LinearTeacherPair.ScaledNoisyCopy(d, p.Real("copy-scale"), p.Real("copy-noise"), rng),
            "angle" => LinearTeacherPair.AtAngle(d, p.Real("angle") * Math.PI / 180, p.Real("source-norm"), p.Real("target-norm"), rng),
            _ => LinearTeacherPair.DifferenceInEigendirections(cov,
                Require.InRange("diff-first", p.Integer("diff-first"), 1, d) - 1,
                Require.InRange("diff-last", p.OptionalInteger("diff-last") ?? d, p.Integer("diff-first"), d),
                p.Real("diff-norm"), rng, p.Real("target-sd")),
        };
        return LinearTask.Create(cov, pair, p.Real("sigma"));
    }
}
