using System.Globalization;
using TransferLab.Data;
using TransferLab.Schema;
using TransferLab.Theory.Tahir2024;
using TransferLab.Validation;

namespace TransferLab.Experiments.Families;

/// <summary>
/// Parameters of the deep-linear family that the theory, the simulation and the phase diagram share, and what they build:
/// the input covariance, the finite source set and the depth. Naming (docs/tahir2024.md): Tahir et al. write γ = n/d and α
/// for the initialisation scale; here <c>alpha</c> is n/d, <c>init-scale</c> the initialisation scale and <c>overlap</c>
/// cos θ = β_s·β_t.
/// </summary>
public static class DeepLinearParameters
{
    /// <summary>Label noise σ (theory, simulation and phase diagram).</summary>
    public static ParameterSpec Sigma { get; } = new()
    {
        Name = "sigma", Kind = ParameterKind.Real, Default = "0.2", Min = 0, Max = 1e100,
        Doc = "Label-noise standard deviation σ (risks exclude σ²).",
    };

    /// <summary>Readout ridge λ of linear transfer.</summary>
    public static ParameterSpec Lambda { get; } = new()
    {
        Name = "lambda", Kind = ParameterKind.Real, Default = "0", Min = 0,
        Doc = "Ridge penalty λ on the retrained readout for linear transfer (Tahir et al. Theorem 3.8); 0 = unregularised.",
    };

    /// <summary>γ_s of a finite source set (optional: absent = infinite source data).</summary>
    public static ParameterSpec AlphaSource { get; } = new()
    {
        Name = "alpha-source", Kind = ParameterKind.Real, Min = 0, MinExclusive = true,
        Doc = "Finite source set (Tahir et al. App. C): pretraining sees n_s = round(α_s·d) noisy source samples (the paper's γ_src). Omitted = infinite source data (population pretraining, the main text).",
    };

    /// <summary>σ_s of a finite source set (optional: absent = σ).</summary>
    public static ParameterSpec SigmaSource { get; } = new()
    {
        Name = "sigma-source", Kind = ParameterKind.Real, Min = 0, Max = 1e100,
        Doc = "Label-noise standard deviation σ_s of the finite source set (default: sigma). Needs alpha-source.",
    };

    /// <summary>The input covariance Σ of x ~ N(0, Σ) (theory and simulation), named as the linear family names them.</summary>
    public static IReadOnlyList<ParameterSpec> Covariance { get; } =
    [
        new() { Name = "spectrum", Kind = ParameterKind.Choice, Default = "isotropic", Choices = ["isotropic", "power-law", "spiked"],
            Doc = "Input covariance Σ of x ~ N(0, Σ): isotropic (Σ = I, the papers' setting), power-law (λ_i = i^(−a), see power) or spiked (spikes eigenvalues at spike-value, the rest 1). Risks are then ‖β̂ − β_t‖²_Σ. The phase boundaries, the optimal-ridge baseline, the break-even angle and the finite-source theory exist only for isotropic." },
        new() { Name = "power", Kind = ParameterKind.Real, Default = "1", Min = 0, Doc = "Exponent a of spectrum power-law (λ_i = i^(−a))." },
        new() { Name = "spikes", Kind = ParameterKind.Integer, Default = "5", Min = 0, Doc = "Number of spikes k, at most d (spectrum spiked)." },
        new() { Name = "spike-value", Kind = ParameterKind.Real, Default = "10", Min = 0, MinExclusive = true, Doc = "Eigenvalue of each spike (spectrum spiked)." },
    ];

    /// <summary>n = round(α·d), at least 1.</summary>
    public static int SampleCount(double alpha, int d) => Require.Count("alpha", alpha, Require.Positive("alpha", alpha) * d, "n = round(α·d)");

    /// <summary>
    /// The parameter <c>depth</c> as a number of weight matrices: an integer ≥ 1, or +∞ (the limit of the balanced-flow
    /// factor c_L, Shachaf et al. §4) when <paramref name="allowInfinite"/>.
    /// </summary>
    public static double Depth(ParameterValues p, bool allowInfinite) => CheckDepth(p.Real("depth"), allowInfinite);

    /// <summary>The optional parameter <c>depth</c> (null when absent), checked as by <see cref="Depth"/> with +∞ allowed.</summary>
    public static double? OptionalDepth(ParameterValues p) => p.OptionalReal("depth") is double l ? CheckDepth(l, allowInfinite: true) : null;

    private static double CheckDepth(double depth, bool allowInfinite)
    {
        if (double.IsPositiveInfinity(depth))
            return allowInfinite ? depth : throw new ParameterException("depth", "inf", "must be a finite integer ≥ 1 for gradient-descent simulation");
        if (depth != Math.Floor(depth) || depth > int.MaxValue)
            throw new ParameterException("depth", depth, allowInfinite ? "must be an integer ≥ 1 or 'inf'" : "must be an integer ≥ 1");
        return depth;
    }

    /// <summary>A depth as outputs spell it: the integer, or <c>inf</c>.</summary>
    public static string DepthText(double depth) =>
        double.IsPositiveInfinity(depth) ? "inf" : ((int)depth).ToString(CultureInfo.InvariantCulture);

    /// <summary>The input covariance of the parameters <c>spectrum</c>, <c>d</c>, <c>power</c>, <c>spikes</c> and <c>spike-value</c>.</summary>
    public static CovarianceModel InputCovariance(ParameterValues p) =>
        InputCovariance(p.Text("spectrum"), p.Integer("d"), p.Real("power"), p.Integer("spikes"), p.Real("spike-value"));

    /// <summary>
    /// The input covariance named by <paramref name="spectrum"/>: isotropic (Σ = I), power-law (λ_i = i^(−a)) or spiked
    /// (<paramref name="spikes"/> eigenvalues at <paramref name="spikeValue"/>, the rest 1), in the coordinate basis (the
    /// teachers are uniformly oriented, so a rotated basis would give the same distribution of tasks).
    /// </summary>
    public static CovarianceModel InputCovariance(string spectrum, int d, double power, int spikes, double spikeValue) => spectrum switch
    {
        "isotropic" => CovarianceModel.Isotropic(d),
        "power-law" => CovarianceModel.PowerLaw(d, power),
        "spiked" => CovarianceModel.Spiked(d, spikes, spikeValue),
        _ => throw new ParameterException("spectrum", spectrum, "must be isotropic, power-law or spiked"),
    };

    /// <summary>The finite source set of <c>alpha-source</c> / <c>sigma-source</c> (null = infinite source data; σ_s defaults to σ).</summary>
    public static FiniteSource? Source(ParameterValues p)
    {
        if (p.OptionalReal("alpha-source") is not double alphaSource)
        {
            if (p.OptionalReal("sigma-source") is double ss)
                throw new ParameterException("sigma-source", ss, "applies only together with alpha-source (a finite source set)");
            return null;
        }
        return new FiniteSource(alphaSource, p.OptionalReal("sigma-source") ?? p.Real("sigma"));
    }
}
