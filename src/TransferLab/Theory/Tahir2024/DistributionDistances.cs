using MathNet.Numerics;

namespace TransferLab.Theory.Tahir2024;

/// <summary>
/// Distances between the joint laws p_β(x, y) = N(x; 0, I_d)·N(y; β·x, σ²) of two linear tasks, in closed form
/// (Tahir et al. v1 Theorem 2.2 / v2 Theorem A.2; formulas re-derived in docs/tahir2024.md §1.2).
/// </summary>
public static class DistributionDistances
{
    /// <summary>KL(p_a‖p_b) = ‖a − b‖²/(2σ²): same input law, Gaussian conditionals with equal variance.</summary>
    public static double KullbackLeibler(ReadOnlySpan<double> a, ReadOnlySpan<double> b, double sigma)
    {
        Validation.Require.Positive("sigma", sigma);
        return DistanceSquared(a, b) / (2 * sigma * sigma);
    }

    /// <summary>W₁ upper bound √(2/π)‖a − b‖ from the coupling with the same x and the same noise.</summary>
    public static double WassersteinUpper(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
        => Math.Sqrt(2 / Math.PI * DistanceSquared(a, b));

    /// <summary>
    /// W₁ lower bound from the 1-Lipschitz test function |y − a·x|/√(1 + ‖a‖²):
    /// √(2/π)(√(‖a − b‖² + σ²) − σ)/√(1 + ‖a‖²).
    /// </summary>
    public static double WassersteinLower(ReadOnlySpan<double> a, ReadOnlySpan<double> b, double sigma)
    {
        double lip = Math.Sqrt(1 + NormSquared(a));
        return Math.Sqrt(2 / Math.PI) * (Math.Sqrt(DistanceSquared(a, b) + sigma * sigma) - sigma) / lip;
    }

    /// <summary>
    /// Dudley (bounded-Lipschitz) lower bound: the best of the test functions h = A(1 − 2 min(|u|/K, 1)) with
    /// ‖h‖_BL = 1, applied to u = y − a·x (variances σ² vs ‖a − b‖² + σ²) and to u = y (variances ‖a‖² + σ² vs
    /// ‖b‖² + σ²), optimised over K. Always ≤ 2 (the Dudley metric is bounded by 2); the paper's "any δ" is
    /// literally true for KL and W₁ only (docs/tahir2024.md §1.2 on the flaw in the printed proof).
    /// </summary>
    public static double DudleyLower(ReadOnlySpan<double> a, ReadOnlySpan<double> b, double sigma)
    {
        double s2 = sigma * sigma;
        double residual = BestBoundedLipschitzGap(s2, DistanceSquared(a, b) + s2, Math.Sqrt(1 + NormSquared(a)));
        double label = BestBoundedLipschitzGap(NormSquared(a) + s2, NormSquared(b) + s2, 1.0);
        return Math.Max(residual, label);
    }

    /// <summary>
    /// Best gap |E h(U₁) − E h(U₂)|, U_i ~ N(0, v_i), over two families of test functions of u with ‖h‖_BL = 1
    /// (ℓ = Lipschitz factor of u in (x, y)): the tent h_K = A(1 − 2 min(|u|/K, 1)), A = 1/(1 + 2ℓ/K), and the
    /// cosine h_ω = A cos(ωu), A = 1/(1 + ωℓ), for which E cos(ωU) = e^{−ω²v/2}. Each is optimised over its scale.
    /// </summary>
    public static double BestBoundedLipschitzGap(double v1, double v2, double lipschitz)
    {
        double scale = Math.Sqrt(Math.Max(Math.Max(v1, v2), 1e-300));
        double Tent(double logK)
        {
            double k = Math.Exp(logK);
            double amp = 1 / (1 + 2 * lipschitz / k);
            return 2 * amp * Math.Abs(MeanClippedAbs(v2, k) - MeanClippedAbs(v1, k)) / k;
        }
        double Cosine(double logOmega)
        {
            double w = Math.Exp(-logOmega);
            return Math.Abs(Math.Exp(-w * w * v1 / 2) - Math.Exp(-w * w * v2 / 2)) / (1 + w * lipschitz);
        }
        return Math.Max(Maximise(Tent, scale), Maximise(Cosine, scale));
    }

    private static double Maximise(Func<double, double> Gap, double scale)
    {
        // coarse log grid, then golden-section refinement around the best cell
        double lo = Math.Log(scale * 1e-3), hi = Math.Log(scale * 1e4), best = lo, bestVal = -1;
        const int grid = 200;
        for (int i = 0; i <= grid; i++)
        {
            double t = lo + (hi - lo) * i / grid, v = Gap(t);
            if (v > bestVal) { bestVal = v; best = t; }
        }
        double step = (hi - lo) / grid, left = best - step, right = best + step;
        double phi = (Math.Sqrt(5) - 1) / 2;
        for (int it = 0; it < 80; it++)
        {
            double m1 = right - phi * (right - left), m2 = left + phi * (right - left);
            if (Gap(m1) > Gap(m2)) right = m2; else left = m1;
        }
        return Math.Max(bestVal, Gap(0.5 * (left + right)));
    }

    /// <summary>E min(|U|, K) for U ~ N(0, v): s√(2/π)(1 − e^{−K²/2v}) + K·erfc(K/(s√2)).</summary>
    public static double MeanClippedAbs(double v, double k)
    {
        if (v <= 0) return 0;
        double s = Math.Sqrt(v);
        return s * Math.Sqrt(2 / Math.PI) * (1 - Math.Exp(-k * k / (2 * v))) + k * SpecialFunctions.Erfc(k / (s * Math.Sqrt(2)));
    }

    private static double DistanceSquared(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) { double t = a[i] - b[i]; s += t * t; }
        return s;
    }

    private static double NormSquared(ReadOnlySpan<double> a)
    {
        double s = 0;
        foreach (double v in a) s += v * v;
        return s;
    }
}
