namespace TransferLab.Experiments;

/// <summary>
/// What a <see cref="Comparison"/>'s tolerance rests on, and so whether its z-score means anything
/// (docs/architecture.md, "Comparison rule").
/// </summary>
public enum ComparisonBasis
{
    /// <summary>The SE is a sampling error of meaningful size: z = (mean − theory)/SE is reported.</summary>
    Sampling,

    /// <summary>
    /// The SE is negligible against the stated absolute slack (below <see cref="Comparison.NegligibleFractionOfSlack"/> of
    /// it): the comparison is |mean − theory| ≤ slack, an allowance for a known finite-size or limit bias, and a z-score
    /// would divide that bias by a near-zero SE (e.g. −3250 for exact recovery against a replica value of 0.016). Only the
    /// absolute difference is reported.
    /// </summary>
    Absolute,

    /// <summary>
    /// The SE is at round-off level of the values (both sides exact, e.g. a closed-form limit against an exact solve):
    /// z would divide round-off by round-off. Only the absolute difference is reported.
    /// </summary>
    RoundOff,
}

/// <summary>Names of <see cref="ComparisonBasis"/> values as the CSV and JSON outputs spell them.</summary>
public static class ComparisonBasisNames
{
    /// <summary>sampling, absolute or round-off.</summary>
    public static string Name(this ComparisonBasis basis) => basis switch
    {
        ComparisonBasis.Sampling => "sampling",
        ComparisonBasis.Absolute => "absolute",
        _ => "round-off",
    };
}
