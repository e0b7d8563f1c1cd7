namespace TransferLab.Experiments;

/// <summary>
/// One simulation point next to its theory value: mean ± SE over seeds, the z-score and agreement at the one
/// documented rule |mean − theory| ≤ 2 SE + slack (docs/architecture.md, "Theory next to simulation"). The absolute
/// slack covers points where both sides are ~0 with SE ~ 0 (exact recovery) or where the theory is a limit with a
/// known finite-size bias; whoever builds the comparison states it.
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

    /// <summary>
    /// (mean − theory)/SE; with SE = 0 it is 0 when the two agree to 10⁻⁹ and ±∞ otherwise.
    /// </summary>
    public double ZScore => ZScoreOf(Mean, StandardError, Theory);

    /// <summary>Whether |mean − theory| ≤ 2 SE + slack.</summary>
    public bool Agrees => Math.Abs(Mean - Theory) <= ToleranceInStandardErrors * StandardError + Slack;

    /// <summary>The z-score rule of <see cref="ZScore"/> for loose numbers.</summary>
    public static double ZScoreOf(double mean, double standardError, double theory)
    {
        double diff = mean - theory;
        if (standardError > 0) return diff / standardError;
        return Math.Abs(diff) < 1e-9 ? 0 : diff > 0 ? double.PositiveInfinity : double.NegativeInfinity;
    }
}
