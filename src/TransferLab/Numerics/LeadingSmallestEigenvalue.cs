namespace TransferLab.Numerics;

/// <summary>
/// λ_min of the leading n×n block A_n = L_n L_nᵀ of a matrix given by its <see cref="NestedCholesky"/> factor, by Lanczos
/// on A_n⁻¹ (docs/shachaf2021.md §2.4, nested samples). Each step applies A_n⁻¹ by one forward and one backward
/// substitution with the leading block of L (O(n²), no new factorisation per n), and re-orthogonalises against every
/// earlier Lanczos vector twice (classical Gram–Schmidt, so no spurious copies of converged Ritz values). The largest
/// eigenvalue θ of the tridiagonal T_k is found by bisection on Sturm counts, its eigenvector's last component s_k by the
/// bottom-up recurrence of θI − T_k (positive pivots, since θ lies above every eigenvalue of the trailing blocks of T_k), and
/// the iteration stops when the Ritz residual ‖A_n⁻¹u − θu‖ = β_k|s_k| is at most <see cref="Tolerance"/>·θ, or when the
/// Krylov space is invariant or all of ℝⁿ. Then θ is within that residual of an eigenvalue of A_n⁻¹, so 1/θ is λ_min(A_n)
/// to a relative 1e-12 (plus the rounding of the substitutions, ~ε·cond(A_n), as for any dense eigensolver).
/// The start vector is fixed (a Gaussian vector from a constant seed), all sums run in a fixed order, and the code is
/// managed only: the same (L, n) gives the same bits on every machine and provider.
/// </summary>
public static class LeadingSmallestEigenvalue
{
    /// <summary>Relative bound on the Ritz residual at which the iteration stops.</summary>
    public const double Tolerance = 1e-12;

    private const ulong StartSeed = 0x5EED_1A2C;

    /// <summary>λ_min(L_n L_nᵀ) for the leading <paramref name="n"/>×<paramref name="n"/> block of the lower-triangular <paramref name="factor"/>.</summary>
    public static double Of(Matrix factor, int n)
    {
        ArgumentNullException.ThrowIfNull(factor);
        if (n < 1 || n > factor.Rows) throw new ArgumentOutOfRangeException(nameof(n), n, $"must be in 1 … {factor.Rows}");
        if (n == 1) return factor[0, 0] * factor[0, 0];
        var basis = new List<double[]>();
        var alpha = new List<double>();
        var beta = new List<double>();
        var v = new Rng(StartSeed).Gaussian(n);
        v.AsSpan().Scale(1.0 / Vec.Norm(v));
        double theta = 0;
        for (int k = 0; k < n; k++)
        {
            basis.Add(v);
            var w = Solve(factor, n, v);
            alpha.Add(Vec.Dot(v, w));
            for (int pass = 0; pass < 2; pass++)
                foreach (var q in basis) Vec.Axpy(-Vec.Dot(q, w), q, w);
            double b = Vec.Norm(w);
            theta = LargestTridiagonalEigenvalue(alpha, beta);
            double residual = b * Math.Abs(LastEigenvectorComponent(alpha, beta, theta));
            if (residual <= Tolerance * theta || !(b > 0)) break;
            beta.Add(b);
            w.AsSpan().Scale(1.0 / b);
            v = w;
        }
        return 1.0 / theta;
    }

    /// <summary>x = (L_n L_nᵀ)⁻¹b: forward substitution by rows, then backward substitution by columns (row-wise axpys).</summary>
    private static double[] Solve(Matrix factor, int n, ReadOnlySpan<double> b)
    {
        var x = new double[n];
        for (int i = 0; i < n; i++)
        {
            var li = factor.Row(i);
            x[i] = (b[i] - Vec.Dot(li[..i], x.AsSpan(0, i))) / li[i];
        }
        for (int i = n - 1; i >= 0; i--)
        {
            var li = factor.Row(i);
            x[i] /= li[i];
            Vec.Axpy(-x[i], li[..i], x.AsSpan(0, i));
        }
        return x;
    }

    /// <summary>Number of eigenvalues of the tridiagonal (diagonal α, off-diagonal β) below σ (Sturm count of the LDLᵀ pivots of T − σI).</summary>
    private static int CountBelow(List<double> alpha, List<double> beta, double sigma)
    {
        int count = 0;
        double d = 1;
        for (int j = 0; j < alpha.Count; j++)
        {
            d = alpha[j] - sigma - (j > 0 ? beta[j - 1] * beta[j - 1] / d : 0);
            if (d == 0) d = -double.Epsilon;
            if (d < 0) count++;
        }
        return count;
    }

    /// <summary>λ_max of the tridiagonal, by bisection to adjacent doubles between the largest diagonal entry and the Gershgorin bound.</summary>
    private static double LargestTridiagonalEigenvalue(List<double> alpha, List<double> beta)
    {
        int k = alpha.Count;
        double hi = double.NegativeInfinity, lo = double.NegativeInfinity;
        for (int j = 0; j < k; j++)
        {
            double radius = (j > 0 ? Math.Abs(beta[j - 1]) : 0) + (j < k - 1 ? Math.Abs(beta[j]) : 0);
            hi = Math.Max(hi, alpha[j] + radius);
            lo = Math.Max(lo, alpha[j]);
        }
        while (true)
        {
            double mid = lo + (hi - lo) / 2;
            if (mid <= lo || mid >= hi) return hi;
            if (CountBelow(alpha, beta, mid) == k) hi = mid;
            else lo = mid;
        }
    }

    /// <summary>
    /// |s_k| of the unit eigenvector s of the tridiagonal for its largest eigenvalue θ, by the recurrence from the bottom
    /// (s_k = 1, s_{j−1} = s_j·u_j/β_{j−1} with u_k = θ − α_k, u_j = θ − α_j − β_j²/u_{j+1}: the pivots of the bottom-up
    /// factorisation of θI − T, positive above the first). Converged eigenvectors decay towards the bottom, so this
    /// direction follows the growing solution, which is stable; the forward recurrence is not. Rescaled as it grows.
    /// </summary>
    private static double LastEigenvectorComponent(List<double> alpha, List<double> beta, double theta)
    {
        int k = alpha.Count;
        double last = 1, s = 1, normSquared = 1, u = 0;
        for (int j = k - 1; j > 0; j--)
        {
            u = theta - alpha[j] - (j < k - 1 ? beta[j] * beta[j] / u : 0);
            s *= u / beta[j - 1];
            normSquared += s * s;
            if (normSquared > 1e200) { s *= 1e-100; last *= 1e-100; normSquared *= 1e-200; }
        }
        return last / Math.Sqrt(normSquared);
    }
}
