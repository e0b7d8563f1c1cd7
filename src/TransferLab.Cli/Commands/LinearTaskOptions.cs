using System.CommandLine;
using System.Globalization;
using TransferLab.Data;
using TransferLab.Numerics;
using TransferLab.Validation;

namespace TransferLab.Cli.Commands;

/// <summary>
/// The options that describe a linear-teacher task (dimension, covariance, teacher relation, noise),
/// shared by <c>theory linear</c> and <c>simulate linear</c>, and the task they build.
/// </summary>
public sealed class LinearTaskOptions
{
    public readonly Option<int> D = new("--d") { Description = "Input dimension d (≥ 1).", DefaultValueFactory = _ => 100 };
    public readonly Option<int> N = new("--n") { Description = "Number of target samples n (≥ 1).", Required = true };
    public readonly Option<double> Sigma = new("--sigma") { Description = "Label-noise standard deviation σ (≥ 0); risks are excess risks ‖θ − θ_T‖²_Σ (add σ² for noisy-label risk).", DefaultValueFactory = _ => 0.0 };
    public readonly Option<string> Spectrum = new("--spectrum") { Description = "Target covariance Σ: isotropic (s·I), power-law (λ_i = s·i^(−a)), spiked (k eigenvalues at --spike-value, the rest at s), explicit (--eigenvalues).", DefaultValueFactory = _ => "isotropic" };
    public readonly Option<double> CovScale = new("--cov-scale") { Description = "Scale s of the covariance (> 0): isotropic level, power-law prefactor, spiked bulk.", DefaultValueFactory = _ => 1.0 };
    public readonly Option<double> Power = new("--power") { Description = "Power-law exponent a ≥ 0 for --spectrum power-law.", DefaultValueFactory = _ => 1.0 };
    public readonly Option<int> Spikes = new("--spikes") { Description = "Number of spikes k (0..d) for --spectrum spiked.", DefaultValueFactory = _ => 5 };
    public readonly Option<double> SpikeValue = new("--spike-value") { Description = "Eigenvalue of each spike (> 0) for --spectrum spiked.", DefaultValueFactory = _ => 10.0 };
    public readonly Option<string?> Eigenvalues = new("--eigenvalues") { Description = "Comma-separated eigenvalues (exactly d values, each ≥ 0) for --spectrum explicit." };
    public readonly Option<bool> Rotate = new("--rotate") { Description = "Use a Haar-random eigenbasis instead of the coordinate axes." };
    public readonly Option<string> Teacher = new("--teacher") { Description = "Relation of source θ_S and target θ_T: scaled-copy (θ_S random unit, θ_T = c·θ_S + ε·ξ), angle (set angle and norms), eigen-difference (θ_T ~ N(0, τ²) in Σ's eigenbasis, θ_S − θ_T placed in eigen-directions [first, last]).", DefaultValueFactory = _ => "scaled-copy" };
    public readonly Option<double> CopyScale = new("--copy-scale") { Description = "scaled-copy: the scale c in θ_T = c·θ_S + ε·ξ (the paper's α).", DefaultValueFactory = _ => 1.0 };
    public readonly Option<double> CopyNoise = new("--copy-noise") { Description = "scaled-copy: the noise ε ≥ 0 in θ_T = c·θ_S + ε·ξ (ξ a random unit vector; the paper's ε).", DefaultValueFactory = _ => 0.5 };
    public readonly Option<double> Angle = new("--angle") { Description = "angle: angle between θ_S and θ_T in degrees, in [0, 180].", DefaultValueFactory = _ => 45.0 };
    public readonly Option<double> SourceNorm = new("--source-norm") { Description = "angle: ‖θ_S‖ (> 0).", DefaultValueFactory = _ => 1.0 };
    public readonly Option<double> TargetNorm = new("--target-norm") { Description = "angle: ‖θ_T‖ (> 0).", DefaultValueFactory = _ => 1.0 };
    public readonly Option<int> DiffFirst = new("--diff-first") { Description = "eigen-difference: first eigen-direction (1-based, descending eigenvalues) carrying θ_S − θ_T.", DefaultValueFactory = _ => 1 };
    public readonly Option<int?> DiffLast = new("--diff-last") { Description = "eigen-difference: last eigen-direction (1-based, inclusive; default d)." };
    public readonly Option<double> DiffNorm = new("--diff-norm") { Description = "eigen-difference: ‖θ_S − θ_T‖ (≥ 0).", DefaultValueFactory = _ => 1.0 };
    public readonly Option<double> TargetSd = new("--target-sd") { Description = "eigen-difference: standard deviation τ ≥ 0 of θ_T's eigen-coordinates.", DefaultValueFactory = _ => 1.0 };
    public readonly Option<ulong> TaskSeed = new("--task-seed") { Description = "Seed for the random teachers and eigenbasis (the task itself), separate from the simulation seed.", DefaultValueFactory = _ => 0UL };

    /// <summary>Adds every option to <paramref name="cmd"/>.</summary>
    public void AddTo(Command cmd)
    {
        foreach (var o in new Option[] { D, N, Sigma, Spectrum, CovScale, Power, Spikes, SpikeValue, Eigenvalues, Rotate, Teacher, CopyScale, CopyNoise, Angle, SourceNorm, TargetNorm, DiffFirst, DiffLast, DiffNorm, TargetSd, TaskSeed })
            cmd.Options.Add(o);
    }

    /// <summary>Builds the validated task.</summary>
    public LinearTask Build(ParseResult p)
    {
        int d = Require.Positive("--d", p.GetValue(D));
        var rng = SeedSequence.For(p.GetValue(TaskSeed), 0x7A5C);
        CovarianceModel cov = p.GetValue(Spectrum) switch
        {
            "isotropic" => CovarianceModel.Isotropic(d, p.GetValue(CovScale)),
            "power-law" => CovarianceModel.PowerLaw(d, p.GetValue(Power), p.GetValue(CovScale)),
            "spiked" => CovarianceModel.Spiked(d, p.GetValue(Spikes), p.GetValue(SpikeValue), p.GetValue(CovScale)),
            "explicit" => CovarianceModel.FromSpectrum(ParseList("--eigenvalues", p.GetValue(Eigenvalues)), d),
            var s => throw new ParameterException("--spectrum", s, "must be one of isotropic, power-law, spiked, explicit"),
        };
        if (p.GetValue(Rotate)) cov = cov.Rotated(rng);
        LinearTeacherPair pair = p.GetValue(Teacher) switch
        {
            "scaled-copy" => LinearTeacherPair.ScaledNoisyCopy(d, p.GetValue(CopyScale), p.GetValue(CopyNoise), rng),
            "angle" => LinearTeacherPair.AtAngle(d, Require.InRange("--angle", p.GetValue(Angle), 0, 180) * Math.PI / 180, p.GetValue(SourceNorm), p.GetValue(TargetNorm), rng),
            "eigen-difference" => LinearTeacherPair.DifferenceInEigendirections(cov,
                Require.InRange("--diff-first", p.GetValue(DiffFirst), 1, d) - 1,
                Require.InRange("--diff-last", p.GetValue(DiffLast) ?? d, p.GetValue(DiffFirst), d),
                p.GetValue(DiffNorm), rng, p.GetValue(TargetSd)),
            var s => throw new ParameterException("--teacher", s, "must be one of scaled-copy, angle, eigen-difference"),
        };
        return LinearTask.Create(cov, pair, p.GetValue(Sigma));
    }

    private static double[] ParseList(string name, string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new ParameterException(name, "is required for --spectrum explicit (comma-separated numbers)");
        return text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(s =>
            double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : throw new ParameterException(name, s, "is not a number")).ToArray();
    }
}
