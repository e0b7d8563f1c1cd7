using TransferLab.Models;

namespace TransferLab.Theory.Anguita2026;

/// <summary>One stretch of |β_FT| over which the regime label of an initialization does not change.</summary>
/// <param name="Numeral">The regime's Roman numeral.</param>
/// <param name="BetaFtFrom">Lower end (exclusive; 0 for the first band).</param>
/// <param name="BetaFtTo">Upper end (inclusive); +∞ (JSON null) for the last band, which is unbounded.</param>
public sealed record RegimeBand(string Numeral, double BetaFtFrom, double BetaFtTo);

/// <summary>
/// How the regime label of <see cref="RegimeClassifier"/> moves with the fine-tuned magnitude |β_FT| at a fixed PT
/// feature (docs/anguita2026.md §2.4). ℓ depends on |β_FT| only through z = 2|β_FT|/c_A and falls monotonically from 2
/// to 1 as z grows (§2.3); PD = (1 − ℓ)·m with m independent of β_FT. So "rich" (ℓ &lt; 1.5) holds for
/// |β_FT| &gt; b_rich = z₁.₅·c_A/2, and "PT-dependent" (PD ≤ −0.1, i.e. ℓ ≥ 1 + 0.1/m) holds for |β_FT| ≤ b_dep =
/// z(1 + 0.1/m)·c_A/2 when m &gt; 0.1 and nowhere otherwise. The label is therefore one of at most three bands, e.g. for
/// c_PT = 10⁻³, λ_PT = 0, γ_FT = 0 at |β̂_PT| = 1: II up to |β_FT| ≈ 6.5, IV up to ≈ 3·10⁴, I beyond. A label near a band edge is a
/// statement about |β_FT| as much as about the initialization.
/// </summary>
public static class RegimeBands
{
    /// <summary>|β_FT| above which the landscape is rich (ℓ &lt; 1.5); +∞ when c_A is infinite.</summary>
    public static double RichAbove(double scaleOnPretrainedFeature) =>
        ZAtLOrder(RegimeClassifier.RichThreshold) * scaleOnPretrainedFeature / 2;

    /// <summary>|β_FT| up to which the landscape is PT-dependent (PD ≤ −0.1); NaN when it is nowhere (m ≤ 0.1).</summary>
    public static double DependentUpTo(double scaleOnPretrainedFeature, double sensitivity)
    {
        double target = 1 - RegimeClassifier.DependenceThreshold / sensitivity; // ℓ at which (1 − ℓ)m = threshold
        if (!(sensitivity > 0) || !(target < 2)) return double.NaN;
        return ZAtLOrder(target) * scaleOnPretrainedFeature / 2;
    }

    /// <summary>The bands of |β_FT| in increasing order, each with its label.</summary>
    public static IReadOnlyList<RegimeBand> Of(DiagonalInitialization init, double pretrainedMagnitude)
    {
        ArgumentNullException.ThrowIfNull(init);
        var (_, _, m, cA) = PretrainingDependence.Evaluate(init, pretrainedMagnitude, 1);
        double rich = RichAbove(cA), dep = DependentUpTo(cA, m);
        var edges = new List<double> { 0 };
        foreach (var e in new[] { rich, dep }.Where(e => e > 0 && double.IsFinite(e)).Order()) edges.Add(e);
        edges.Add(double.PositiveInfinity);
        var bands = new List<RegimeBand>();
        for (int i = 0; i + 1 < edges.Count; i++)
        {
            // Within a band the label is constant: read it at an interior point.
            double lo = edges[i], hi = edges[i + 1];
            double probe = double.IsPositiveInfinity(hi) ? Math.Max(2 * lo, 1) : lo == 0 ? hi / 2 : Math.Sqrt(lo * hi);
            bool isRich = probe > rich, isDep = !double.IsNaN(dep) && probe <= dep;
            string numeral = RegimeClassifier.Numeral(RegimeClassifier.FromFlags(isRich, isDep));
            if (bands.Count > 0 && bands[^1].Numeral == numeral) bands[^1] = bands[^1] with { BetaFtTo = hi };
            else bands.Add(new RegimeBand(numeral, lo, hi));
        }
        return bands;
    }

    /// <summary>z = 2|b|/c at which ℓ-order equals <paramref name="target"/> ∈ (1, 2): bisection in log z (ℓ falls monotonically in z).</summary>
    public static double ZAtLOrder(double target)
    {
        double lo = Math.Log(1e-8), hi = Math.Log(1e300);
        for (int it = 0; it < 200; it++)
        {
            double mid = 0.5 * (lo + hi);
            if (ImplicitBiasPotential.LOrder(0.5 * Math.Exp(mid), 1) > target) lo = mid; else hi = mid;
        }
        return Math.Exp(0.5 * (lo + hi));
    }
}
