namespace TransferLab.Theory.Anguita2026;

/// <summary>
/// Quadrature for E[f(μ + σt)], t ~ N(0, 1), when f has a sharp bend at z = 0 on a scale h·σ (the proximal map of a
/// near-ℓ1 penalty): composite Gauss–Legendre on t ∈ [−8.5, 8.5] (tail mass beyond is below 10⁻¹⁶) with panel edges at
/// t₀ = −μ/σ ± h·2^k growing geometrically to width ½, then uniform panels of width ½. Weights include the normal
/// density, so Σ_k w_k f(t_k) ≈ E[f].
/// </summary>
internal static class ChannelQuadrature
{
    public const int DefaultPointsPerPanel = 4;
    public const int MaxPointsPerPanel = 12;
    private const double Edge = 8.5, Coarse = 0.5;
    // At most 2 sides × (geometric panels from 1e-9 to ½, ≈ 29, plus 17/½ = 34 uniform) × points per panel.
    public const int MaxNodes = 2 * 64 * MaxPointsPerPanel;

    // Gauss–Legendre nodes and weights on [−1, 1] by point count (index < 2 unused), each rule computed once.
    private static readonly (double[] Nodes, double[] Weights)[] s_rules = Enumerable.Range(0, MaxPointsPerPanel + 1)
        .Select(n =>
        {
            if (n < 2) return (Array.Empty<double>(), Array.Empty<double>());
            var rule = new MathNet.Numerics.Integration.GaussLegendreRule(-1, 1, n);
            return (rule.Abscissas, rule.Weights);
        }).ToArray();

    /// <summary>
    /// Fills nodes and weights; returns how many. With <paramref name="symmetric"/> (μ = 0 and an even integrand) only
    /// t ≥ 0 is covered, with doubled weights.
    /// </summary>
    public static int Build(double standardizedMean, double bendScale, Span<double> nodes, Span<double> weights, int points, bool symmetric)
    {
        double t0 = symmetric ? 0 : Math.Clamp(-standardizedMean, -Edge, Edge);
        double h = Math.Clamp(bendScale / 4, 1e-9, Coarse);
        double scale = symmetric ? 2 : 1;
        int count = 0;
        var (x, w) = s_rules[points];
        foreach (int dir in symmetric ? (ReadOnlySpan<int>)[+1] : [+1, -1])
        {
            double a = t0, to = dir * Edge, width = h;
            while (dir * (to - a) > 1e-15)
            {
                double b = a + dir * width;
                if (dir * (b - to) > 0) b = to;
                double mid = 0.5 * (a + b), half = 0.5 * Math.Abs(b - a);
                for (int k = 0; k < points; k++)
                {
                    double t = mid + half * x[k];
                    nodes[count] = t;
                    weights[count] = scale * half * w[k] * Math.Exp(-0.5 * t * t) * 0.3989422804014327;
                    count++;
                }
                a = b;
                width = Math.Min(2 * width, Coarse);
            }
        }
        return count;
    }
}
