namespace TransferLab.Experiments;

/// <summary>
/// One simulation point next to its theory value: mean ± SE over seeds and agreement at the one documented rule
/// |mean − theory| ≤ 2 SE + slack (+ round-off) (docs/architecture.md, "Comparison rule"). The absolute slack covers points where both
/// sides are ~0 with SE ~ 0 (exact recovery) or where the theory is a limit with a known finite-size bias; whoever
/// builds the comparison states it. A z-score is reported only where the SE is a sampling error of meaningful size
/// (<see cref="Basis"/>); otherwise the absolute difference stands alone.
/// </summary>
/// <param name="Quantity">What is compared (e.g. <c>fine-tune excess risk</c>).</param>
/// <param name="Theory">The theory value.</param>
/// <param name="Mean">Simulation mean.</param>
/// <param name="StandardError">Standard error of the mean.</param>
/// <param name="Samples">Number of seeds behind the mean.</param>
/// <param name="Slack">Absolute slack added to 2 SE.</param>
public sealed record Comparison(string Quantity, double Theory, double Mean, double StandardError, int Samples, double Slack = 0)
{
    /// <summary>The tolerance in standard errors.</summary>
    public const double ToleranceInStandardErrors = 2;

    /// <summary>An SE below this fraction of the slack is negligible: the comparison is an absolute one (<see cref="ComparisonBasis.Absolute"/>).</summary>
    public const double NegligibleFractionOfSlack = 0.1;

    /// <summary>An SE at or below this multiple of the values' magnitude is round-off (<see cref="ComparisonBasis.RoundOff"/>).</summary>
    public const double RoundOffRelative = 1e-10;

    /// <summary>What the tolerance rests on (<see cref="BasisOf"/>).</summary>
    public ComparisonBasis Basis => BasisOf(Mean, StandardError, Theory, Slack);

    /// <summary>|mean − theory|.</summary>
    public double AbsoluteDifference => Math.Abs(Mean - Theory);

    /// <summary>(mean − theory)/SE where <see cref="Basis"/> is sampling; NaN otherwise (JSON null, a blank-like NaN in CSV).</summary>
    public double ZScore => ZScoreOf(Mean, StandardError, Theory, Slack);

    /// <summary>
    /// Whether |mean − theory| ≤ 2 SE + slack + round-off, the round-off being 10⁻¹⁰·max(|mean|, |theory|): two exact
    /// computations of the same number agree whatever their last bits.
    /// </summary>
    public bool Agrees => Math.Abs(Mean - Theory) <= ToleranceInStandardErrors * StandardError + Slack + RoundOffRelative * Math.Max(Math.Abs(Mean), Math.Abs(Theory));

    /// <summary>
    /// The basis of a comparison: round-off when SE ≤ 10⁻¹⁰·max(|mean|, |theory|) (or SE = 0), absolute when
    /// SE &lt; 0.1·slack, sampling otherwise.
    /// </summary>
    public static ComparisonBasis BasisOf(double mean, double standardError, double theory, double slack = 0)
    {
        double scale = Math.Max(Math.Abs(mean), Math.Abs(theory));
        if (!(standardError > RoundOffRelative * scale)) return ComparisonBasis.RoundOff;
        if (standardError < NegligibleFractionOfSlack * slack) return ComparisonBasis.Absolute;
        return ComparisonBasis.Sampling;
    }

    /// <summary>The z-score rule of <see cref="ZScore"/> for loose numbers: (mean − theory)/SE on a sampling basis, NaN otherwise.</summary>
    public static double ZScoreOf(double mean, double standardError, double theory, double slack = 0) =>
        BasisOf(mean, standardError, theory, slack) == ComparisonBasis.Sampling ? (mean - theory) / standardError : double.NaN;
}
