using TransferLab.Validation;

namespace TransferLab.Theory.Tahir2024;

/// <summary>
/// Boundary checks shared by the Features-are-fate formulas, reporting the deep-linear schema's parameter names.
/// Symbols: the paper's γ = n/d is the parameter <c>alpha</c>; cos θ = β_s·β_t (unit teachers) is <c>overlap</c>;
/// σ (<c>sigma</c>) is the label-noise standard deviation.
/// </summary>
public static class FeaturesAreFateParameters
{
    /// <summary>γ = n/d &gt; 0 (parameter <c>alpha</c>).</summary>
    public static double SampleRatio(double gamma) => Require.Positive("alpha", gamma);

    /// <summary>cos θ ∈ [−1, 1] (parameter <c>overlap</c>).</summary>
    public static double Overlap(double overlap) => Require.InRange("overlap", overlap, -1, 1);

    /// <summary>σ ≥ 0 (parameter <c>sigma</c>).</summary>
    public static double Noise(double sigma) => Require.NonNegative("sigma", sigma);

    /// <summary>sin²θ = 1 − cos²θ.</summary>
    public static double SinSquared(double overlap) => Math.Max(0, 1 - overlap * overlap);
}
