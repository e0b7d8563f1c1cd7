namespace TransferLab.Theory.Anguita2026;

/// <summary>
/// The per-coordinate implicit-bias potential of a two-path diagonal linear network trained by gradient flow from a
/// zero predictor (Anguita et al. 2026, Theorem 4.1 as reconstructed in docs/anguita2026.md §2.1; the mechanism of
/// Woodworth et al. 2020 and Azulay et al. 2021):
/// φ_c(b) = ½ [ b·asinh(b/c) − √(b² + c²) + c ], so φ_c'(b) = ½ asinh(b/c) and φ_c''(b) = 1/(2√(b² + c²)).
/// Gradient flow on β_d = w₊v₊ − w₋v₋ is the mirror flow d/dt φ'_{c_d}(β_d) = −∂L/∂β_d, where c_d = w₊w₋ + v₊v₋ is
/// conserved; its limit minimizes Σ_d φ_{c_d}(β_d) among interpolants. (Woodworth's form is (c/4)·q(2b/c) with
/// q(z) = 2 − √(4 + z²) + z·asinh(z/2); the authors' code writes k = 4c².)
/// </summary>
public static class ImplicitBiasPotential
{
    /// <summary>
    /// φ_c(b) ≥ 0. Written as ½[b·asinh(r) − c·r²/(1 + √(1 + r²))], r = b/c, so that for |b| ≪ c the two terms
    /// (≈ c·r² and ≈ c·r²/2) do not cancel as b·asinh(r) − √(b² + c²) + c would.
    /// </summary>
    public static double Value(double b, double c)
    {
        if (!(c > 0)) throw new ArgumentOutOfRangeException(nameof(c), c, "the scale c must be > 0");
        double r = b / c;
        return 0.5 * (b * Math.Asinh(r) - c * r * r / (1 + Math.Sqrt(1 + r * r)));
    }

    /// <summary>φ_c'(b) = ½ asinh(b/c).</summary>
    public static double Derivative(double b, double c) => 0.5 * Math.Asinh(b / c);

    /// <summary>φ_c''(b) = 1/(2√(b² + c²)).</summary>
    public static double SecondDerivative(double b, double c) => 0.5 / Math.Sqrt(b * b + c * c);

    /// <summary>Q(β) = Σ_d φ_{c_d}(β_d).</summary>
    public static double Total(ReadOnlySpan<double> beta, ReadOnlySpan<double> c)
    {
        if (beta.Length != c.Length) throw new ArgumentException($"β has {beta.Length} coordinates, c has {c.Length}");
        double s = 0;
        for (int d = 0; d < beta.Length; d++) s += Value(beta[d], c[d]);
        return s;
    }

    /// <summary>Rich-limit approximation (|b| ≫ c): φ ≈ ½|b|(log(2|b|/c) − 1), an ℓ1 norm with a log weight.</summary>
    public static double RichLimit(double b, double c) => b == 0 ? 0 : 0.5 * Math.Abs(b) * (Math.Log(2 * Math.Abs(b) / c) - 1);

    /// <summary>Lazy-limit approximation (|b| ≪ c): φ ≈ b²/(4c), a weighted ℓ2 norm.</summary>
    public static double LazyLimit(double b, double c) => b * b / (4 * c);

    /// <summary>
    /// ℓ-order ∂ log φ_c(b)/∂ log|b| (docs/anguita2026.md §2.3) = z·asinh(z/2)/q(z) with z = 2|b|/c: 2 for |b| ≪ c (ℓ2-like, lazy),
    /// → 1 as |b|/c → ∞ (ℓ1-like, rich), slowly (ℓ ≈ 1 + 1/(ln z − 1)).
    /// </summary>
    public static double LOrder(double b, double c)
    {
        double ab = Math.Abs(b);
        if (ab / c < 1e-3) return 2 - (ab / c) * (ab / c) / 6; // series of b·φ'/φ about 0
        return ab * Derivative(ab, c) / Value(ab, c);
    }

    /// <summary>
    /// Proximal map of g·φ_c: the unique root u of u − z + (g/2)·asinh(u/c) = 0 (docs/anguita2026.md §3.2), and its derivative
    /// η'(z) = 1/(1 + g·φ_c''(u)). Newton in t = asinh(u/c), where the equation c·sinh t − z + (g/2)t = 0 is convex and
    /// increasing for t ≥ 0: started at u = z (to the right of the root) the iterates decrease monotonically and
    /// converge quadratically, also for c ≪ |z| where the root sits in the logarithmic region.
    /// </summary>
    public static (double U, double Slope) Prox(double z, double g, double c)
    {
        var (u, slope, _) = Prox(z, g, c, double.NaN);
        return (u, slope);
    }

    /// <summary>
    /// <see cref="Prox(double, double, double)"/> started from <paramref name="tStart"/> = asinh(|u₀|/c) (NaN: from u = z),
    /// also returning the root's t. Newton on a convex increasing function reaches the right of the root after at most one
    /// step from any start and then decreases monotonically, so a nearby start (the previous quadrature node) only saves
    /// iterations.
    /// </summary>
    internal static (double U, double Slope, double T) Prox(double z, double g, double c, double tStart)
    {
        if (z == 0) return (0, 1 / (1 + g / (2 * c)), 0);
        double az = Math.Abs(z), h = 0.5 * g;
        double tMax = Math.Asinh(az / c);
        double t = double.IsNaN(tStart) ? tMax : Math.Clamp(tStart, 0, tMax);
        for (int it = 0; it < 100; it++)
        {
            var (sh, ch) = SinhCosh(t);
            double f = c * sh - az + h * t;
            double step = f / (c * ch + h);
            t -= step;
            if (t < 0) t = 0; // the root has t ≥ 0 (F(0) = −|z| < 0)
            if (Math.Abs(step) <= 1e-15 * (1 + Math.Abs(t))) break;
        }
        double u = c * Math.Sinh(t);
        double slope = 1 / (1 + h / (c * Math.Cosh(t)));
        return (z < 0 ? -u : u, slope, t);
    }

    /// <summary>Below this t, <see cref="SinhCosh"/> (and its vector twin in <see cref="AtomQuadrature"/>) takes sinh from its Taylor series.</summary>
    internal const double SeriesBelow = 0.1;

    /// <summary>
    /// (sinh t, cosh t) for t ≥ 0 from one exponential, except below t = 0.1, where ½(eᵗ − e⁻ᵗ) would lose digits to
    /// cancellation (the lazy side, |u| ≪ c, where t ≈ u/c: relative error 10⁻¹⁶/t) and sinh is its Taylor series to
    /// t⁹ (remainder below t¹¹/4·10⁷ ≤ 10⁻¹⁸ of sinh; above 0.1 the cancellation costs at most 10⁻¹⁵ of sinh).
    /// </summary>
    internal static (double Sinh, double Cosh) SinhCosh(double t)
    {
        if (t < SeriesBelow)
        {
            double t2 = t * t;
            double sh = t * (1 + t2 / 6 * (1 + t2 / 20 * (1 + t2 / 42 * (1 + t2 / 72))));
            return (sh, Math.Sqrt(1 + sh * sh));
        }
        double e = Math.Exp(t), ie = 1 / e;
        return (0.5 * (e - ie), 0.5 * (e + ie));
    }
}
