using TransferLab.Validation;

namespace TransferLab.Theory.Shachaf2021;

/// <summary>
/// Proportional-limit ("deterministic-equivalent") risk of the min-distance interpolant for a general
/// covariance spectrum (docs/shachaf2021.md §2.1c; Hastie–Montanari–Rosset–Tibshirani / Bartlett et al. style, beyond
/// the paper). With κ &gt; 0 the root of Σ_i λ_i/(λ_i + κ) = n (needs n &lt; rank Σ) and
/// df₂ = Σ_i λ_i²/(λ_i + κ)²:
/// bias ≈ κ² Σ_i λ_i w_i²/(λ_i + κ)² / (1 − df₂/n), variance ≈ σ²(df₂/n)/(1 − df₂/n),
/// with w_i the eigen-coordinates of w = θ₀ − θ_T. For n ≥ d (full-rank Σ) the solution is least
/// squares: bias 0 and the exact Gaussian variance σ² d/(n − d − 1).
/// </summary>
public sealed class DeterministicEquivalent
{
    /// <summary>Eigenvalues λ_i (descending).</summary>
    public double[] Eigenvalues { get; }

    /// <summary>Sample size n.</summary>
    public int N { get; }

    /// <summary>κ (0 when n ≥ rank).</summary>
    public double Kappa { get; }

    /// <summary>df₂ = Σ λ_i²/(λ_i + κ)².</summary>
    public double Df2 { get; }

    /// <summary>True when n ≥ rank Σ (no interpolation regime).</summary>
    public bool Underparameterized { get; }

    /// <summary>Solves for κ.</summary>
    public DeterministicEquivalent(IReadOnlyList<double> eigenvalues, int n)
    {
        Require.AtLeast("n", n, 0);
        Eigenvalues = eigenvalues.ToArray();
        N = n;
        int rank = Eigenvalues.Count(l => l > 0);
        if (n >= rank)
        {
            Underparameterized = true;
            Kappa = 0;
            Df2 = rank;
            return;
        }
        Kappa = n == 0 ? double.PositiveInfinity : SolveKappa(Eigenvalues, n);
        Df2 = n == 0 ? 0 : Eigenvalues.Sum(l => l * l / ((l + Kappa) * (l + Kappa)));
    }

    /// <summary>Root κ &gt; 0 of Σ λ_i/(λ_i + κ) = n by bisection in log κ (the left side decreases in κ).</summary>
    public static double SolveKappa(IReadOnlyList<double> lambda, int n)
    {
        double F(double k)
        {
            double s = 0;
            foreach (var l in lambda) s += l / (l + k);
            return s - n;
        }
        double lmax = lambda.Max();
        double lo = lmax * 1e-300 > 0 ? lmax * 1e-300 : double.Epsilon, hi = lmax;
        while (F(hi) > 0) hi *= 2;
        lo = Math.Max(lo, hi * 1e-30);
        while (F(lo) < 0) lo /= 1e10;
        double a = Math.Log(lo), b = Math.Log(hi);
        for (int it = 0; it < 200 && b - a > 1e-15 * Math.Max(1, Math.Abs(a)); it++)
        {
            double m = 0.5 * (a + b);
            if (F(Math.Exp(m)) > 0) a = m; else b = m;
        }
        return Math.Exp(0.5 * (a + b));
    }

    /// <summary>Bias for a difference vector given by its eigen-coordinates w_i.</summary>
    public double Bias(ReadOnlySpan<double> wEigen)
    {
        // n ≥ rank: every direction with λ_i > 0 is determined by the data; the unseen ones (λ_i = 0)
        // carry no risk.
        if (Underparameterized) return 0;
        if (N == 0)
        {
            double z = 0;
            for (int i = 0; i < Eigenvalues.Length; i++) z += Eigenvalues[i] * wEigen[i] * wEigen[i];
            return z;
        }
        double s = 0, k = Kappa;
        for (int i = 0; i < Eigenvalues.Length; i++)
        {
            double l = Eigenvalues[i];
            s += l * wEigen[i] * wEigen[i] / ((l + k) * (l + k));
        }
        return k * k * s / (1 - Df2 / N);
    }

    /// <summary>Variance σ² (df₂/n)/(1 − df₂/n), or σ² d/(n − d − 1) when underparameterized.</summary>
    public double Variance(double noiseSd)
    {
        double s2 = noiseSd * noiseSd;
        if (s2 == 0 || N == 0) return 0;
        if (Underparameterized)
        {
            int d = Eigenvalues.Count(l => l > 0);
            return N >= d + 2 ? s2 * d / (N - d - 1.0) : double.PositiveInfinity;
        }
        return s2 * (Df2 / N) / (1 - Df2 / N);
    }

    /// <summary>E‖Q v‖² ≈ κ Σ v_i²/(λ_i + κ) (the part of v the data do not see; used by the deep-linear theory).</summary>
    public double ExpectedUnseenNorm2(ReadOnlySpan<double> vEigen)
    {
        if (Underparameterized) return 0;
        if (N == 0) return Sum(vEigen, _ => 1);
        double k = Kappa;
        return Sum(vEigen, l => k / (l + k));
    }

    /// <summary>E‖P v‖² ≈ Σ λ_i v_i²/(λ_i + κ).</summary>
    public double ExpectedSeenNorm2(ReadOnlySpan<double> vEigen)
    {
        if (Underparameterized) return Sum(vEigen, _ => 1);
        if (N == 0) return 0;
        double k = Kappa;
        return Sum(vEigen, l => l / (l + k));
    }

    private double Sum(ReadOnlySpan<double> v, Func<double, double> weight)
    {
        double s = 0;
        for (int i = 0; i < Eigenvalues.Length; i++) s += weight(Eigenvalues[i]) * v[i] * v[i];
        return s;
    }

    /// <summary>The prediction record.</summary>
    public RiskPrediction Predict(ReadOnlySpan<double> wEigen, double noiseSd) =>
        new(N, Underparameterized ? "least-squares-exact" : "deterministic-equivalent", Bias(wEigen), Variance(noiseSd));
}
