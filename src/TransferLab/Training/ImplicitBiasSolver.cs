using TransferLab.Numerics;

namespace TransferLab.Training;

/// <summary>Result of <see cref="ImplicitBiasSolver.Solve"/>.</summary>
/// <param name="Beta">The minimizer β̂.</param>
/// <param name="Iterations">Newton iterations used.</param>
/// <param name="RelativeResidual">‖Xβ̂ − y‖/‖y‖ (0 for y = 0).</param>
/// <param name="Converged">True when the residual reached the tolerance.</param>
public sealed record ImplicitBiasSolution(double[] Beta, int Iterations, double RelativeResidual, bool Converged);

/// <summary>
/// The exact limit of gradient flow on a diagonal linear network started at predictor 0 with cross invariants c_d
/// (Anguita et al. 2026, Theorem 4.1 as reconstructed in docs/anguita2026.md §2.1): the interpolant
/// β̂ = argmin Σ_d φ_{c_d}(β_d) subject to Xβ = y, with φ_c' (b) = ½ asinh(b/c).
/// Solved through the concave dual max_ν νᵀy − Σ_d φ*_{c_d}((Xᵀν)_d), φ*_c(t) = (c/2)(cosh 2t − 1), whose maximizer gives
/// β_d = c_d sinh(2(Xᵀν)_d) — the KKT condition φ'(β) ∈ range(Xᵀ) of mirror descent. Newton's method on ν (Hessian
/// X diag(2√(c_d² + β_d²)) Xᵀ, an N×N system) with Armijo backtracking on the dual objective, so it also converges from
/// ν = 0 when some c_d are tiny and the dual is nearly exponential. For N ≥ D with X of full column rank the feasible set
/// is one point (or empty with noise), and gradient flow converges to the least-squares solution, which is returned.
/// </summary>
public static class ImplicitBiasSolver
{
    /// <summary>Solves for the design <paramref name="x"/> (N×D), labels <paramref name="y"/> and scales <paramref name="c"/> (all &gt; 0).</summary>
    public static ImplicitBiasSolution Solve(Matrix x, double[] y, double[] c, double tolerance = 1e-8, int maxIterations = 500)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(c);
        int n = x.Rows, d = x.Cols;
        if (y.Length != n) throw new ArgumentException($"y has {y.Length} entries, X has {n} rows");
        if (c.Length != d) throw new ArgumentException($"c has {c.Length} entries, X has {d} columns");
        foreach (var ci in c) if (!(ci > 0) || !double.IsFinite(ci)) throw new ArgumentOutOfRangeException(nameof(c), ci, "every scale c_d must be > 0 and finite");
        double ynorm = Vec.Norm(y);
        if (n >= d)
        {
            var ls = LinearAlgebra.LeastSquares(x, y);
            var r0 = LinearAlgebra.Multiply(x, ls);
            double res = Vec.Norm(Vec.Subtract(r0, y)) / Math.Max(ynorm, 1e-300);
            return new ImplicitBiasSolution(ls, 0, ynorm > 0 ? res : 0, true);
        }
        if (ynorm == 0) return new ImplicitBiasSolution(new double[d], 0, 0, true);

        // Continuation in the scale: solve with c_d + τ for τ = 1, 10⁻¹, …, then τ = 0, each stage warm-started at the
        // previous dual point. With tiny c_d the dual is nearly exponential and Newton from ν = 0 crawls through
        // backtracking; each stage changes the active t = Xᵀν by about ½ ln 10, which Newton takes in a few steps.
        var nu = new double[n];
        int used = 0;
        double cmin = c.Min();
        var shifted = new double[d];
        for (double tau = 1; tau > 0; tau = tau / 10 < 0.1 * cmin ? 0 : tau / 10)
        {
            for (int j = 0; j < d; j++) shifted[j] = c[j] + tau;
            var stage = Newton(x, y, shifted, nu, Math.Max(tolerance, 1e-6), maxIterations - used, out int its);
            used += its;
            nu = stage;
        }
        var final = Newton(x, y, c, nu, tolerance, Math.Max(1, maxIterations - used), out int last);
        used += last;
        var (beta, relRes) = Primal(x, y, c, final, ynorm);
        return new ImplicitBiasSolution(beta, used, relRes, relRes <= tolerance);
    }

    private static (double[] Beta, double RelativeResidual) Primal(Matrix x, double[] y, double[] c, double[] nu, double ynorm)
    {
        var beta = new double[c.Length];
        Dual(x, y, c, nu, beta, new double[c.Length]);
        var r = Vec.Subtract(y, LinearAlgebra.Multiply(x, beta));
        return (beta, Vec.Norm(r) / ynorm);
    }

    // Damped Newton on the dual from ν₀; returns the final ν.
    private static double[] Newton(Matrix x, double[] y, double[] c, double[] nu0, double tolerance, int maxIterations, out int iterations)
    {
        int n = x.Rows, d = x.Cols;
        double ynorm = Vec.Norm(y);
        var nu = (double[])nu0.Clone();
        var beta = new double[d];
        var weights = new double[d];
        double dual = Dual(x, y, c, nu, beta, weights);
        var xs = new Matrix(n, d);
        var sqrtWeights = new double[d];
        // Line-search scratch; swapped with the accepted state, so no array is allocated per iteration.
        var trial = new double[n];
        var trialBeta = new double[d];
        var trialWeights = new double[d];
        iterations = 0;
        double best = double.PositiveInfinity;
        int stalled = 0;
        for (int it = 0; it < maxIterations; it++, iterations++)
        {
            var xb = LinearAlgebra.Multiply(x, beta);
            var r = Vec.Subtract(y, xb);
            double rel = Vec.Norm(r) / ynorm;
            if (rel <= tolerance) return nu;
            // Stagnation at rounding level (the N×N Newton system is solved to ~κ·ε): stop instead of spinning.
            if (rel < 0.9 * best) { best = rel; stalled = 0; }
            else if (++stalled >= 5) return nu;
            // Newton direction: (X W Xᵀ) Δ = r with W = diag(2√(c² + β²)).
            for (int j = 0; j < d; j++) sqrtWeights[j] = Math.Sqrt(weights[j]);
            for (int i = 0; i < n; i++)
            {
                var src = x.Row(i);
                var dst = xs.Row(i);
                for (int j = 0; j < d; j++) dst[j] = src[j] * sqrtWeights[j];
            }
            var h = LinearAlgebra.RowGram(xs);
            double jitter = 0;
            double[] step;
            while (true)
            {
                try
                {
                    var hj = h;
                    if (jitter > 0)
                    {
                        hj = h.Clone();
                        for (int i = 0; i < n; i++) hj[i, i] += jitter;
                    }
                    step = LinearAlgebra.CholeskySolve(hj, new Matrix(n, 1, (double[])r.Clone())).Data;
                    break;
                }
                catch (NotPositiveDefiniteException)
                {
                    double tr = 0;
                    for (int i = 0; i < n; i++) tr += h[i, i];
                    jitter = jitter == 0 ? 1e-14 * tr / n : jitter * 100;
                    if (jitter > tr) throw;
                }
            }
            double slope = Vec.Dot(r, step); // directional derivative of the dual along the step (> 0)
            double t = 1;
            bool accepted = false;
            for (int ls = 0; ls < 60; ls++)
            {
                for (int i = 0; i < n; i++) trial[i] = nu[i] + t * step[i];
                double value = Dual(x, y, c, trial, trialBeta, trialWeights);
                bool armijo = double.IsFinite(value) && value >= dual + 1e-4 * t * slope;
                // Near the optimum the dual's gain (≈ ‖r‖² in the Newton metric) drops below the rounding of its value
                // (~10⁻¹⁶·|dual|), at a relative residual ~ √ε, and Armijo fails for every t although the full Newton step
                // is excellent. There the merit is the residual itself: take the full step if it shrinks ‖y − Xβ‖.
                if (!armijo && ls == 0 && double.IsFinite(value) && Math.Abs(value - dual) <= 1e-11 * (1 + Math.Abs(dual)))
                    armijo = Vec.Norm(Vec.Subtract(y, LinearAlgebra.Multiply(x, trialBeta))) < 0.5 * Vec.Norm(r);
                if (armijo)
                {
                    (nu, trial) = (trial, nu);
                    (beta, trialBeta) = (trialBeta, beta);
                    (weights, trialWeights) = (trialWeights, weights);
                    dual = value;
                    accepted = true;
                    break;
                }
                t *= 0.5;
            }
            if (!accepted) return nu; // no ascent possible at double precision: the caller reports the residual
        }
        return nu;
    }

    // Dual objective νᵀy − Σ (c/2)(cosh 2t − 1) at t = Xᵀν; fills β = c sinh 2t and W = 2c cosh 2t = 2√(c² + β²).
    private static double Dual(Matrix x, double[] y, double[] c, double[] nu, double[] beta, double[] weights)
    {
        var t = LinearAlgebra.Multiply(x, nu, Op.Transpose);
        double value = Vec.Dot(nu, y);
        for (int j = 0; j < t.Length; j++)
        {
            double two = 2 * t[j];
            if (Math.Abs(two) > 700) return double.NegativeInfinity;
            double ch = Math.Cosh(two);
            beta[j] = c[j] * Math.Sinh(two);
            weights[j] = 2 * c[j] * ch;
            // cosh 2t − 1 = 2 sinh² t, without cancellation for small t.
            double sh = Math.Sinh(t[j]);
            value -= c[j] * sh * sh;
        }
        return value;
    }
}
