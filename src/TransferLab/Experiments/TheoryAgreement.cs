namespace TransferLab.Experiments;

/// <summary>
/// Tallies <see cref="Comparison"/>s of a figure: how many simulation points agree with their theory values at the
/// one rule |mean − theory| ≤ 2 SE + slack. The figure states its slack.
/// </summary>
public sealed class TheoryAgreement(double slack = 0)
{
    /// <summary>Points that agree so far.</summary>
    public int Within { get; private set; }

    /// <summary>Points added so far.</summary>
    public int Total { get; private set; }

    /// <summary>Fraction of points that agree (NaN before any point).</summary>
    public double Fraction => Total == 0 ? double.NaN : Within / (double)Total;

    /// <summary>The slack every point of <see cref="Add(double, double, double)"/> gets.</summary>
    public double Slack => slack;

    /// <summary>Adds one point and returns its comparison (z-score, basis, absolute difference).</summary>
    public Comparison Add(double mean, double standardError, double theory) => Add(new Comparison("", theory, mean, standardError, 0, slack));

    /// <summary>Adds one comparison (its own slack applies) and returns it.</summary>
    public Comparison Add(Comparison c)
    {
        Total++;
        if (c.Agrees) Within++;
        return c;
    }
}
