namespace TransferLab.Experiments;

/// <summary>
/// Tallies simulation points against theory values: a point agrees when |mean − theory| ≤ 2 SE + slack.
/// The absolute slack covers points where both sides are ~0 with SE ~ 0 (exact recovery) or where the theory is an
/// asymptotic limit with a known finite-size bias; each figure states its slack.
/// </summary>
public sealed class TheoryAgreement(double slack = 0)
{
    /// <summary>Points that agree so far.</summary>
    public int Within { get; private set; }

    /// <summary>Points added so far.</summary>
    public int Total { get; private set; }

    /// <summary>Fraction of points that agree (NaN before any point).</summary>
    public double Fraction => Total == 0 ? double.NaN : Within / (double)Total;

    /// <summary>
    /// Adds one point and returns its z-score (mean − theory)/SE; with SE = 0 the z-score is 0 when the two agree to
    /// 10⁻⁹ and ±∞ otherwise.
    /// </summary>
    public double Add(double mean, double standardError, double theory)
    {
        Total++;
        if (Math.Abs(mean - theory) <= 2 * standardError + slack) Within++;
        double diff = mean - theory;
        if (standardError > 0) return diff / standardError;
        return Math.Abs(diff) < 1e-9 ? 0 : diff > 0 ? double.PositiveInfinity : double.NegativeInfinity;
    }
}
