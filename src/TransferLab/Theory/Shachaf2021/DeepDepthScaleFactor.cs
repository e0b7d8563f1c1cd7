using TransferLab.Validation;

namespace TransferLab.Theory.Shachaf2021;

/// <summary>
/// The depth factor c_L of fine-tuning a balanced deep linear network (Shachaf, Brutzkus &amp; Globerson
/// 2021 §4, inductive bias of GD from pretrained weights; reconstructed in docs/shachaf2021.md §2.2,
/// items 1–3). Gradient flow from balanced weights with end-to-end vector θ_S keeps the part of θ
/// outside the row space of X equal to c(t)·Qθ_S with c(t) = (‖θ(t)‖/‖θ_S‖)^{(L−1)/L}; at the
/// interpolating limit ‖θ‖² = ‖X⁺y‖² + c²‖Qθ_S‖², so c_L is the unique positive root of
/// <code>  a·c^{2L/(L−1)} = q + b·c²,   a = ‖θ_S‖², b = ‖Qθ_S‖², q = ‖X⁺y‖².</code>
/// The same equation, with a = 1, b = 1 − γ, q = γ + γσ²/(1 − γ), is the balancedness correction to
/// Tahir et al.'s fine-tuning Theorem 3.9 (docs/shachaf2021.md §2.4, written there as q^L − a q^{L−1} − b = 0 for q = c^{2/(L−1)}).
/// </summary>
public static class DeepDepthScaleFactor
{
    /// <summary>
    /// Solves for c_L. <paramref name="depth"/> may be any real L ≥ 1 or +∞:
    /// L = 1 gives c = 1 (linear fine-tuning), L = 2 has the closed form c² = (b + √(b² + 4aq))/(2a),
    /// L = ∞ gives c_∞ = √(q/(a − b)) = ‖X⁺y‖/‖Pθ_S‖.
    /// </summary>
    /// <param name="sourceNormSquared">a = ‖θ_S‖² &gt; 0.</param>
    /// <param name="nullSpaceSourceNormSquared">b = ‖Qθ_S‖², 0 ≤ b ≤ a.</param>
    /// <param name="interpolantNormSquared">q = ‖X⁺y‖² ≥ 0.</param>
    /// <param name="depth">L ≥ 1, or <see cref="double.PositiveInfinity"/>.</param>
    public static double Solve(double sourceNormSquared, double nullSpaceSourceNormSquared, double interpolantNormSquared, double depth)
    {
        double a = Require.Positive("‖θ_S‖²", sourceNormSquared);
        double b = Require.NonNegative("‖Qθ_S‖²", nullSpaceSourceNormSquared);
        double q = Require.NonNegative("‖X⁺y‖²", interpolantNormSquared);
        if (double.IsNaN(depth) || depth < 1) throw new ParameterException("depth", depth, "must be ≥ 1 (or infinite)");
        if (b > a * (1 + 1e-12)) throw new ParameterException("‖Qθ_S‖²", b, $"cannot exceed ‖θ_S‖² = {a}");
        b = Math.Min(b, a);
        if (depth == 1) return 1.0;
        if (double.IsPositiveInfinity(depth))
        {
            double pa = a - b;
            if (pa <= 1e-15 * a)
                throw new ParameterException("‖Pθ_S‖²", pa, "must be > 0 for the infinite-depth limit (θ_S orthogonal to every target sample)");
            return Math.Sqrt(q / pa);
        }
        if (depth == 2) return Math.Sqrt((b + Math.Sqrt(b * b + 4 * a * q)) / (2 * a));
        double p = 2 * depth / (depth - 1);
        if (q == 0) return b == 0 ? 0.0 : Math.Pow(b / a, 1.0 / (p - 2));
        // f(c) = a c^p − b c² − q is negative at 0, convex beyond its minimum, one positive root.
        double F(double c) => a * Math.Pow(c, p) - b * c * c - q;
        double lo = 0, hi = 1;
        while (F(hi) <= 0) { lo = hi; hi *= 2; }
        for (int i = 0; i < 200 && hi - lo > 1e-16 * hi; i++)
        {
            double mid = 0.5 * (lo + hi);
            if (F(mid) > 0) hi = mid; else lo = mid;
        }
        return 0.5 * (lo + hi);
    }
}
