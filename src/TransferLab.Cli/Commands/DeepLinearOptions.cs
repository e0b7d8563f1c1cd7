using System.CommandLine;
using System.Globalization;
using TransferLab.Data;
using TransferLab.Validation;

namespace TransferLab.Cli.Commands;

/// <summary>
/// Options of the deep-linear commands, named after the papers' symbols. Naming clash (documented in
/// the README): Tahir et al. write γ = n/d and α for the initialisation scale; here
/// <c>--alpha</c> is n/d, <c>--init-scale</c> the initialisation scale and <c>--overlap</c> cos θ = β_s·β_t.
/// </summary>
public static class DeepLinearOptions
{
    public static Option<int> D(int defaultValue) => new("--d") { Description = "Input dimension d (≥ 2).", DefaultValueFactory = _ => defaultValue };
    public static Option<double> Alpha() => new("--alpha") { Description = "Target sample ratio α = n/d (> 0; Tahir et al.'s γ). n = round(α·d).", DefaultValueFactory = _ => 0.5 };
    public static Option<double> Overlap() => new("--overlap") { Description = "Feature-space overlap cos θ = β_s·β_t of the unit-norm source and target teachers, in [−1, 1].", DefaultValueFactory = _ => 0.8 };
    public static Option<double> Sigma() => new("--sigma") { Description = "Label-noise standard deviation σ ≥ 0 (risks exclude σ²).", DefaultValueFactory = _ => 0.2 };
    public static Option<string> Depth(string defaultValue) => new("--depth") { Description = "Depth L = number of weight matrices: an integer ≥ 1 (1 = linear regression), or 'inf' where the theory allows it.", DefaultValueFactory = _ => defaultValue };
    public static Option<double> Lambda() => new("--lambda") { Description = "Ridge penalty λ ≥ 0 on the retrained readout for linear transfer (Theorem 3.8); 0 = unregularised.", DefaultValueFactory = _ => 0.0 };

    public static Option<string> Spectrum() => new("--spectrum") { Description = "Input covariance Σ of x ~ N(0, Σ): isotropic (Σ = I, the papers' setting), power-law (λ_i = i^(−a), see --power) or spiked (--spikes eigenvalues at --spike-value, the rest 1). Risks are then ‖β̂ − β_t‖²_Σ. The phase boundaries, the optimal-ridge baseline, the break-even angle and the finite-source theory exist only for isotropic.", DefaultValueFactory = _ => "isotropic" };
    public static Option<double> Power() => new("--power") { Description = "Exponent a ≥ 0 of --spectrum power-law (λ_i = i^(−a)).", DefaultValueFactory = _ => 1.0 };
    public static Option<int> Spikes() => new("--spikes") { Description = "Number of spikes k (0..d) of --spectrum spiked.", DefaultValueFactory = _ => 5 };
    public static Option<double> SpikeValue() => new("--spike-value") { Description = "Eigenvalue (> 0) of each spike of --spectrum spiked.", DefaultValueFactory = _ => 10.0 };
    public static Option<double?> AlphaSource() => new("--alpha-source") { Description = "Finite source set (Tahir et al. App. C): pretraining sees n_s = round(α_s·d) noisy source samples (α_s > 0; the paper's γ_src). Omitted = infinite source data (population pretraining, the main text)." };
    public static Option<double?> SigmaSource() => new("--sigma-source") { Description = "Label-noise standard deviation σ_s ≥ 0 of the finite source set (default: --sigma). Needs --alpha-source." };

    /// <summary>
    /// The input covariance named by the deep-linear CLI's <c>--spectrum</c>: isotropic (Σ = I), power-law (λ_i = i^(−a)) or spiked
    /// (<paramref name="spikes"/> eigenvalues at <paramref name="spikeValue"/>, the rest 1), in the coordinate basis (the teachers are
    /// uniformly oriented, so a rotated basis would give the same distribution of tasks).
    /// </summary>
    public static CovarianceModel Covariance(string name, int d, double power, int spikes, double spikeValue) => name switch
    {
        "isotropic" => CovarianceModel.Isotropic(d),
        "power-law" => CovarianceModel.PowerLaw(d, power),
        "spiked" => CovarianceModel.Spiked(d, spikes, spikeValue),
        _ => throw new ParameterException("--spectrum", name, "must be isotropic, power-law or spiked"),
    };

    /// <summary>The finite source set named by --alpha-source / --sigma-source (null = infinite source data).</summary>
    public static Theory.Tahir2024.FiniteSource? ParseSource(double? alphaSource, double? sigmaSource, double sigma)
    {
        if (alphaSource is null)
        {
            if (sigmaSource is double ss) throw new ParameterException("--sigma-source", ss, "applies only together with --alpha-source (a finite source set)");
            return null;
        }
        return new Theory.Tahir2024.FiniteSource(alphaSource.Value, sigmaSource ?? sigma);
    }

    /// <summary>Parses --depth: an integer ≥ 1, or inf/infinity/∞ when <paramref name="allowInfinite"/>.</summary>
    public static double ParseDepth(string text, bool allowInfinite)
    {
        string t = text.Trim().ToLowerInvariant();
        if (t is "inf" or "infinity" or "∞")
        {
            if (!allowInfinite) throw new ParameterException("--depth", text, "must be a finite integer ≥ 1 for gradient-descent simulation");
            return double.PositiveInfinity;
        }
        if (!int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v))
            throw new ParameterException("--depth", text, allowInfinite ? "must be an integer ≥ 1 or 'inf'" : "must be an integer ≥ 1");
        if (v < 1) throw new ParameterException("--depth", v, "must be ≥ 1 (number of weight matrices; 1 = linear regression)");
        return v;
    }

    /// <summary>Parses a comma-separated list of widths (null or empty = every hidden width equals d).</summary>
    public static int[]? ParseWidths(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        return text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(s =>
            int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : throw new ParameterException("--widths", s, "is not an integer")).ToArray();
    }

    /// <summary>n = round(α·d), at least 1.</summary>
    public static int SampleCount(double alpha, int d) => Math.Max(1, (int)Math.Round(Require.Positive("--alpha", alpha) * d));
}
