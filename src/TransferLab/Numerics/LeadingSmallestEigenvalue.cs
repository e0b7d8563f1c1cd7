using System.Runtime.CompilerServices;

namespace TransferLab.Numerics;

/// <summary>
/// λ_min of the leading n×n block A_n = L_n L_nᵀ of a matrix given by its <see cref="NestedCholesky"/> factor, by Lanczos
/// on A_n⁻¹ (docs/shachaf2021.md §2.4, nested samples). Each step applies A_n⁻¹ by one forward and one backward
/// substitution with the leading block of L (<see cref="LeadingBlockSolve"/>, O(n²), no new factorisation per n),
/// subtracts the three-term recurrence, and re-orthogonalises against every earlier Lanczos vector by classical
/// Gram–Schmidt: one pass, and a second one only when the first cancelled more than half of the vector's norm (the
/// Daniel–Gragg–Kaufman–Stewart test), which keeps the basis orthogonal to working precision (no spurious copies of
/// converged Ritz values). The largest eigenvalue θ_k of the tridiagonal T_k is found by <see cref="LargestEigenvalue"/>,
/// its eigenvector's last component s_k by the bottom-up recurrence of θI − T_k (positive pivots, since θ lies above
/// every eigenvalue of the trailing blocks of T_k), and the iteration stops when the Ritz residual
/// ‖A_n⁻¹u − θu‖ = β_k|s_k| is at most <see cref="Tolerance"/>·θ, or when the Krylov space is invariant or all of ℝⁿ.
/// Then θ is within that residual of an eigenvalue of A_n⁻¹, so 1/θ is λ_min(A_n) to a relative 1e-12 (plus the
/// rounding of the substitutions, ~ε·cond(A_n), as for any dense eigensolver).
/// The start vector is fixed (a Gaussian vector from a constant seed), all sums run in a fixed order, and the code is
/// managed only: the same (L, n) gives the same bits on every machine and provider.
/// </summary>
public static class LeadingSmallestEigenvalue
{
    /// <summary>Relative bound on the Ritz residual at which the iteration stops.</summary>
    public const double Tolerance = 1e-12;

    private const ulong StartSeed = 0x5EED_1A2C;

    /// <summary>The eigenvalue search of a step ends when its bracket is narrower than this fraction of θ (2⁻⁵⁰, four units in the last place).</summary>
    private const double NegligibleStep = 8.881784197001252e-16;

    /// <summary>λ_min(L_n L_nᵀ) for the leading <paramref name="n"/>×<paramref name="n"/> block of the lower-triangular <paramref name="factor"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Of(Matrix factor, int n)
    {
        ArgumentNullException.ThrowIfNull(factor);
        if (n < 1 || n > factor.Rows) throw new ArgumentOutOfRangeException(nameof(n), n, $"must be in 1 … {factor.Rows}");
        if (n == 1) return factor[0, 0] * factor[0, 0];
        // One array per Lanczos vector: small objects, where one growing block would soon be a large-object-heap array
        // (> 85 kB) whose every allocation counts towards a full collection.
        var basis = new double[n][];
        var alpha = new double[n];
        var beta = new double[n];
        var coefficients = new double[n];
        var w = new double[n];
        basis[0] = new Rng(StartSeed).Gaussian(n);
        basis[0].AsSpan().Scale(1.0 / Vec.Norm(basis[0]));
        double theta = 0, residual = 0;
        for (int k = 0; ; )
        {
            var v = basis[k];
            LeadingBlockSolve.Solve(factor, n, v, w);
            alpha[k] = Vec.Dot(v, w);
            Vec.Axpy(-alpha[k], v, w);
            if (k > 0) Vec.Axpy(-beta[k - 1], basis[k - 1], w);
            double b = Reorthogonalise(basis, k + 1, w, coefficients);
            k++;
            theta = k == 1 ? alpha[0] : LargestEigenvalue(alpha, beta, k, theta, residual);
            residual = b * Math.Abs(LastEigenvectorComponent(alpha, beta, k, theta));
            if (residual <= Tolerance * theta || !(b > 0) || k == n) break;
            beta[k - 1] = b;
            w.AsSpan().Scale(1.0 / b);
            basis[k] = w;
            w = new double[n];
        }
        return 1.0 / theta;
    }

    /// <summary>
    /// Removes from <paramref name="w"/> its components along the first <paramref name="count"/> basis vectors (classical
    /// Gram–Schmidt, repeated once when a pass leaves less than half of the norm) and returns its norm.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double Reorthogonalise(double[][] basis, int count, double[] w, double[] coefficients)
    {
        double norm = Vec.Norm(w);
        for (int pass = 0; pass < 2; pass++)
        {
            for (int j = 0; j < count; j++) coefficients[j] = Vec.Dot(basis[j], w);
            for (int j = 0; j < count; j++) Vec.Axpy(-coefficients[j], basis[j], w);
            double after = Vec.Norm(w);
            bool enough = after >= 0.5 * norm;
            norm = after;
            if (enough) break;
        }
        return norm;
    }

    /// <summary>
    /// λ_max of the k×k tridiagonal T (diagonal α, off-diagonal β), given p = λ_max of its leading (k−1)×(k−1) block
    /// (<paramref name="previous"/>) and the residual r of that block's top Ritz pair (<paramref name="previousResidual"/>).
    /// Above p the last pivot of σI − T, f(σ) = σ − α_k − β_{k−1}²·e_{k−1}ᵀ(σI − T_{k−1})⁻¹e_{k−1} (the secular function of
    /// the bordered matrix), is increasing and concave with a pole at p and a single root, the answer; h(σ) = (σ − p)·f(σ)
    /// is convex there (h″ ≥ 2). So from any σ above the root a Newton step on f lands at or below the root and a Newton step
    /// on h at or above it: each evaluation moves both ends of the bracket, h's steps converge quadratically from above,
    /// and a cluster of top eigenvalues (the near-double roots that slow Newton on det(σI − T) to halving) no longer
    /// slows it, because the pole at p separates them. The search starts at p + 2r when f is positive there ([y; 0] is a
    /// Ritz pair of T with residual exactly r, so an eigenvalue lies within it), else at the Weyl bound
    /// max(p, α_k) + β_{k−1}, and stops when the bracket is within <see cref="NegligibleStep"/> of its upper end or stops
    /// shrinking; it returns the upper end.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double LargestEigenvalue(double[] alpha, double[] beta, int k, double previous, double previousResidual)
    {
        double p = previous, hi = p + 2 * previousResidual;
        double f = LastPivot(alpha, beta, k, hi, out double slope);
        if (!(f > 0))
        {
            double weyl = Math.Max(p, alpha[k - 1]) + beta[k - 2];
            for (double margin = 1e-15; !(f > 0); margin *= 16)
            {
                hi = weyl + margin * Math.Abs(weyl);
                f = LastPivot(alpha, beta, k, hi, out slope);
            }
        }
        double lo = p;
        bool bisect = false;
        while (true)
        {
            lo = Math.Max(lo, hi - f / slope);
            if (hi - lo <= NegligibleStep * hi) return hi;
            double x = hi - p;
            // hi − h/h′ written as p + x·(x f′)/(f + x f′): no cancellation when the root is much closer to p than hi is.
            double next = bisect ? lo + 0.5 * (hi - lo) : p + x * (x * slope / (f + x * slope));
            if (!(next > lo)) next = Math.BitIncrement(lo);
            if (!(next < hi)) return hi;
            double fNext = LastPivot(alpha, beta, k, next, out double slopeNext);
            bisect = !(fNext > 0);
            if (bisect) lo = next;
            else (hi, f, slope) = (next, fNext, slopeNext);
        }
    }

    /// <summary>
    /// The last pivot d_k of σI − T (d_1 = σ − α_1, d_j = σ − α_j − β_{j−1}²/d_{j−1}) and its derivative in σ; NaN when an
    /// earlier pivot is not positive (σ not above λ_max of the leading block, Sylvester's law of inertia).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double LastPivot(double[] alpha, double[] beta, int k, double sigma, out double derivative)
    {
        double d = sigma - alpha[0], dPrime = 1;
        for (int j = 1; j < k; j++)
        {
            if (!(d > 0)) { derivative = double.NaN; return double.NaN; }
            double ratio = beta[j - 1] * beta[j - 1] / d;
            dPrime = 1 + ratio * dPrime / d;
            d = sigma - alpha[j] - ratio;
        }
        derivative = dPrime;
        return d;
    }

    /// <summary>
    /// |s_k| of the unit eigenvector s of the tridiagonal for its largest eigenvalue θ, by the recurrence from the bottom
    /// (s_k = 1, s_{j−1} = s_j·u_j/β_{j−1} with u_k = θ − α_k, u_j = θ − α_j − β_j²/u_{j+1}: the pivots of the bottom-up
    /// factorisation of θI − T, positive above the first). Converged eigenvectors decay towards the bottom, so this
    /// direction follows the growing solution, which is stable; the forward recurrence is not. Rescaled as it grows.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double LastEigenvectorComponent(double[] alpha, double[] beta, int k, double theta)
    {
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
