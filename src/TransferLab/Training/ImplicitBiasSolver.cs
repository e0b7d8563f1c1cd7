using TransferLab.Numerics;

namespace TransferLab.Training;

/// <summary>Result of <see cref="ImplicitBiasSolver.Solve(Matrix, double[], double[], double, int)"/>.</summary>
/// <param name="Beta">The minimizer β̂.</param>
/// <param name="Iterations">Newton iterations used.</param>
/// <param name="RelativeResidual">‖Xβ̂ − y‖/‖y‖ (0 for y = 0).</param>
/// <param name="Converged">True when the residual reached the tolerance.</param>
/// <param name="Factorizations">Cholesky factorizations of the N×N Newton matrix (the O(N²D) cost of a solve).</param>
/// <param name="HessianProducts">Matrix-free products with the Newton matrix in the preconditioned conjugate gradients (O(ND) each).</param>
/// <param name="PassesOverX">The other passes over the design: projections Xᵀv and residuals y − Xβ (O(ND) each).</param>
/// <param name="PenaltyEvaluations">Evaluations of the dual's penalty Σ φ*_c(t_d) (O(D) each, three hyperbolic functions per term).</param>
public sealed record ImplicitBiasSolution(double[] Beta, int Iterations, double RelativeResidual, bool Converged, int Factorizations = 0, int HessianProducts = 0,
    int PassesOverX = 0, int PenaltyEvaluations = 0);

/// <summary>
/// The exact limit of gradient flow on a diagonal linear network started at predictor 0 with cross invariants c_d
/// (Anguita et al. 2026, Theorem 4.1 as reconstructed in docs/anguita2026.md §2.1): the interpolant
/// β̂ = argmin Σ_d φ_{c_d}(β_d) subject to Xβ = y, with φ_c' (b) = ½ asinh(b/c).
/// Solved through the concave dual max_ν νᵀy − Σ_d φ*_{c_d}((Xᵀν)_d), φ*_c(t) = (c/2)(cosh 2t − 1), whose maximizer gives
/// β_d = c_d sinh(2(Xᵀν)_d) — the KKT condition φ'(β) ∈ range(Xᵀ) of mirror descent. Newton's method on ν (Hessian
/// H = X diag(2√(c_d² + β_d²)) Xᵀ, an N×N system) with Armijo backtracking on the dual objective, so it also converges
/// from ν = 0 when some c_d are tiny and the dual is nearly exponential. For N ≥ D with X of full column rank the
/// feasible set is one point (or empty with noise), and gradient flow converges to the least-squares solution, which is
/// returned. The Newton systems are solved inexactly, by conjugate gradients preconditioned with the Cholesky factor of an
/// earlier Newton matrix (unpreconditioned before the first one), and refactored only when that has gone stale; the
/// algorithm, its schedule and why it converges to the same point are in docs/anguita2026.md §2.1 ("Exact solver"), the
/// measurements in docs/benchmarks.md.
/// </summary>
public static class ImplicitBiasSolver
{
    // Relative residual at which an intermediate continuation stage stops: the next stage only needs a start inside
    // Newton's fast region, not a converged point (measured: 10⁻² instead of 10⁻⁶ saved a third of the Newton steps at
    // D = 5000, 10⁻¹ instead of 10⁻² a further fifth, the same final point; docs/benchmarks.md).
    private const double StageTolerance = 1e-1;

    // Ratio between consecutive scale shifts τ (each stage moves the active t = Xᵀν by about ½ ln 10).
    private const double StageRatio = 10;

    /// <summary>Solves for the design <paramref name="x"/> (N×D), labels <paramref name="y"/> and scales <paramref name="c"/> (all &gt; 0).</summary>
    public static ImplicitBiasSolution Solve(Matrix x, double[] y, double[] c, double tolerance = 1e-8, int maxIterations = 500) =>
        Solve(x, y, c, tolerance, maxIterations, reuseFactor: true);

    /// <summary>
    /// As <see cref="Solve(Matrix, double[], double[], double, int)"/>; with <paramref name="reuseFactor"/> false every
    /// Newton step factors its own Newton matrix and no secant predictor is used (plain damped Newton, the reference
    /// the tests compare the inexact solver with).
    /// </summary>
    public static ImplicitBiasSolution Solve(Matrix x, double[] y, double[] c, double tolerance, int maxIterations, bool reuseFactor)
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
        // previous dual point (from the third stage on, moved along the secant through the two previous stage points when
        // that raises the new stage's dual). With tiny c_d the dual is nearly exponential and Newton from ν = 0 crawls
        // through backtracking; each stage changes the active t = Xᵀν by about ½ ln 10, which Newton takes in a few steps.
        var newton = new DualNewton(x, y, reuseFactor);
        double cmin = c.Min();
        var shifted = new double[d];
        var previous = new double[n];
        int used = 0, stage = 0;
        for (double tau = 1; tau > 0; tau = tau / StageRatio < 0.1 * cmin ? 0 : tau / StageRatio, stage++)
        {
            for (int j = 0; j < d; j++) shifted[j] = c[j] + tau;
            if (reuseFactor && stage >= 2) newton.Predict(shifted, previous);
            newton.Nu.CopyTo(previous, 0);
            used += newton.Run(shifted, Math.Max(tolerance, StageTolerance), maxIterations - used);
        }
        used += newton.Run(c, tolerance, Math.Max(1, maxIterations - used));
        var (beta, relRes) = newton.Primal(c);
        return new ImplicitBiasSolution(beta, used, relRes, relRes <= tolerance, newton.Factorizations, newton.Products, newton.Passes, newton.Penalties);
    }

    // Damped inexact Newton on the dual, every buffer allocated once per solve.
    private sealed class DualNewton
    {
        // Conjugate-gradient iterations allowed per Newton step before the stale factor is given up and H refactored.
        // A factorization costs N²D + N³/3 flops, a product with H one pass over X (≈ 2ND, memory-bound); 16 was the best
        // of 8, 16 and 32 at D = 5000, α_FT ∈ {0.25, 0.5} (docs/benchmarks.md).
        private const int MaxConjugateGradients = 16;

        // Largest forcing term η: the Newton system is solved to ‖HΔ − r‖ ≤ min(η, √(‖r‖/‖y‖))·‖r‖, so the steps are
        // superlinear near the optimum (Eisenstat–Walker choice η_k ∝ ‖r_k‖^½).
        private const double MaxForcing = 0.1;

        // Relative size of a dual gain that the dual's value no longer resolves (its rounding is ~10⁻¹⁶ per term over
        // D terms; 10⁻¹⁰ leaves a wide margin): below it a step that does not shrink the residual counts as stalled.
        private const double RoundingGain = 1e-10;

        private readonly Matrix _x, _xt;
        private readonly double[] _y;
        private readonly int _n, _d;
        private readonly double _ynorm;
        private readonly bool _reuse;
        public readonly double[] Nu;
        private double[] _t, _beta, _w;
        private double[] _tTrial, _betaTrial, _wTrial;
        private readonly double[] _r, _step, _u, _scratchN, _scratchD;
        private readonly double[] _cgRes, _cgZ, _cgP, _cgHp;
        private Matrix? _factor;
        private Matrix? _scaled;
        private double _dual;
        public int Factorizations, Products, Passes, Penalties;

        public DualNewton(Matrix x, double[] y, bool reuse)
        {
            _x = x;
            _xt = x.Transpose();
            _y = y;
            _n = x.Rows;
            _d = x.Cols;
            _ynorm = Vec.Norm(y);
            _reuse = reuse;
            Nu = new double[_n];
            _t = new double[_d]; _beta = new double[_d]; _w = new double[_d];
            _tTrial = new double[_d]; _betaTrial = new double[_d]; _wTrial = new double[_d];
            _r = new double[_n]; _step = new double[_n]; _u = new double[_d];
            _scratchN = new double[_n]; _scratchD = new double[_d];
            _cgRes = new double[_n]; _cgZ = new double[_n]; _cgP = new double[_n]; _cgHp = new double[_n];
        }

        // Moves ν to the secant point 2ν − previous when that raises the dual at the new scales c (a start only: the
        // stage's Newton iterations decide where it ends).
        public void Predict(double[] c, double[] previous)
        {
            Project(Nu, _t);
            double here = Vec.Dot(Nu, _y) - Penalty(c, _t, _beta, _w);
            for (int i = 0; i < _n; i++) _scratchN[i] = 2 * Nu[i] - previous[i];
            Project(_scratchN, _tTrial);
            double there = Vec.Dot(_scratchN, _y) - Penalty(c, _tTrial, _betaTrial, _wTrial);
            if (double.IsFinite(there) && there > here) _scratchN.CopyTo(Nu, 0);
        }

        public (double[] Beta, double RelativeResidual) Primal(double[] c)
        {
            Project(Nu, _t);
            var beta = new double[_d];
            Penalty(c, _t, beta, _w);
            Residual(beta, _scratchN);
            return (beta, Vec.Norm(_scratchN) / _ynorm);
        }

        // Newton iterations at scales c from the current ν until ‖y − Xβ‖ ≤ tolerance·‖y‖; returns the iterations used.
        public int Run(double[] c, double tolerance, int maxIterations)
        {
            Project(Nu, _t);
            _dual = Vec.Dot(Nu, _y) - Penalty(c, _t, _beta, _w);
            Residual(_beta, _r);
            double best = double.PositiveInfinity;
            int stalled = 0;
            for (int it = 0; it < maxIterations; it++)
            {
                double rnorm = Vec.Norm(_r);
                double rel = rnorm / _ynorm;
                if (rel <= tolerance) return it;
                // Newton direction H Δ = r, H = X W Xᵀ: by conjugate gradients on the last factor when that converges to
                // the forcing tolerance (they also leave u = XᵀΔ), otherwise by a fresh factorization. Before the first
                // factorization the conjugate gradients run unpreconditioned: in the first continuation stages c_d + τ
                // makes W nearly uniform, H ≈ const·XXᵀ is as well conditioned as the design (docs/anguita2026.md §2.1),
                // and the O(N²D) factorization is deferred until they fail.
                double forcing = Math.Min(MaxForcing, Math.Sqrt(rel));
                if (!(_reuse && ConjugateGradients(forcing * rnorm)))
                {
                    Factor();
                    _r.CopyTo(_step, 0);
                    LeadingBlockSolve.Solve(_factor!, _n, _step, _step);
                    Project(_step, _u);
                }
                double slope = Vec.Dot(_r, _step); // directional derivative of the dual along the step (> 0)
                // Stagnation at the rounding floor (the N×N Newton system is solved to ~κ·ε): five steps without a 10 %
                // gain in the residual while the step's predicted gain rᵀΔ is below what the dual's value resolves. Away
                // from the floor the Armijo search still raises the dual by a resolvable amount however slowly the residual
                // falls (a damped phase after a poor stage start), and the iteration goes on (docs/anguita2026.md §2.1).
                if (rel < 0.9 * best) { best = rel; stalled = 0; }
                else if (slope > RoundingGain * (1 + Math.Abs(_dual))) stalled = 0;
                else if (++stalled >= 5) return it;
                double stepY = Vec.Dot(_step, _y);
                double nuY = Vec.Dot(Nu, _y);
                double s = 1;
                bool accepted = false;
                for (int ls = 0; ls < 60; ls++)
                {
                    for (int j = 0; j < _d; j++) _tTrial[j] = _t[j] + s * _u[j];
                    double value = nuY + s * stepY - Penalty(c, _tTrial, _betaTrial, _wTrial);
                    bool armijo = double.IsFinite(value) && value >= _dual + 1e-4 * s * slope;
                    bool residualKnown = false;
                    // Near the optimum the dual's gain (≈ ‖r‖² in the Newton metric) drops below the rounding of its value
                    // (~10⁻¹⁶·|dual|), at a relative residual ~ √ε, and Armijo fails for every s although the full Newton
                    // step is excellent. There the merit is the residual itself: take the full step if it shrinks ‖y − Xβ‖.
                    if (!armijo && ls == 0 && double.IsFinite(value) && Math.Abs(value - _dual) <= 1e-11 * (1 + Math.Abs(_dual)))
                    {
                        Residual(_betaTrial, _scratchN);
                        residualKnown = true;
                        armijo = Vec.Norm(_scratchN) < 0.5 * rnorm;
                    }
                    if (armijo)
                    {
                        for (int i = 0; i < _n; i++) Nu[i] += s * _step[i];
                        (_t, _tTrial) = (_tTrial, _t);
                        (_beta, _betaTrial) = (_betaTrial, _beta);
                        (_w, _wTrial) = (_wTrial, _w);
                        _dual = value;
                        if (residualKnown) _scratchN.CopyTo(_r, 0);
                        else Residual(_beta, _r);
                        accepted = true;
                        break;
                    }
                    s *= 0.5;
                }
                if (!accepted) return it + 1; // no ascent possible at double precision: the caller reports the residual
            }
            return maxIterations;
        }

        // t = Xᵀv, by columns on the stored transpose.
        private void Project(double[] v, double[] t)
        {
            ColumnProducts.Project(_xt, v, t);
            Passes++;
        }

        // r = y − Xβ.
        private void Residual(double[] beta, double[] r)
        {
            Passes++;
            _y.CopyTo(r, 0);
            ColumnProducts.AddCombination(_xt, -1.0, beta, r);
        }

        // Preconditioned conjugate gradients for H Δ = r from Δ = 0 with the last factor as preconditioner (none before
        // the first factorization), accumulating u = XᵀΔ from the products' XᵀP; true when ‖HΔ − r‖ ≤ target within
        // MaxConjugateGradients iterations.
        private bool ConjugateGradients(double target)
        {
            Array.Clear(_step);
            Array.Clear(_u);
            _r.CopyTo(_cgRes, 0);
            _cgRes.CopyTo(_cgZ, 0);
            if (_factor != null) LeadingBlockSolve.Solve(_factor, _n, _cgZ, _cgZ);
            _cgZ.CopyTo(_cgP, 0);
            double rz = Vec.Dot(_cgRes, _cgZ);
            for (int k = 0; k < MaxConjugateGradients; k++)
            {
                WeightedGramProduct.Apply(_xt, _w, _cgP, _cgHp, _scratchD);
                Products++;
                double a = rz / Vec.Dot(_cgP, _cgHp);
                Vec.Axpy(a, _cgP, _step);
                Vec.Axpy(a, _scratchD, _u);
                Vec.Axpy(-a, _cgHp, _cgRes);
                if (Vec.Norm(_cgRes) <= target) return true;
                _cgRes.CopyTo(_cgZ, 0);
                if (_factor != null) LeadingBlockSolve.Solve(_factor, _n, _cgZ, _cgZ);
                double rzNew = Vec.Dot(_cgRes, _cgZ);
                double b = rzNew / rz;
                rz = rzNew;
                for (int i = 0; i < _n; i++) _cgP[i] = _cgZ[i] + b * _cgP[i];
            }
            return false;
        }

        // Factors H = X W Xᵀ at the current weights (a rank-D update on the scaled design X W^½, then Cholesky; diagonal
        // jitter if rounding makes it indefinite).
        private void Factor()
        {
            _scaled ??= new Matrix(_n, _d);
            for (int j = 0; j < _d; j++) _scratchD[j] = Math.Sqrt(_w[j]);
            for (int i = 0; i < _n; i++)
            {
                var src = _x.Row(i);
                var dst = _scaled.Row(i);
                for (int j = 0; j < _d; j++) dst[j] = src[j] * _scratchD[j];
            }
            double jitter = 0;
            while (true)
            {
                var h = LinearAlgebra.RowGram(_scaled);
                double tr = 0;
                for (int i = 0; i < _n; i++) tr += h[i, i];
                if (jitter > 0) for (int i = 0; i < _n; i++) h[i, i] += jitter;
                try
                {
                    LinearAlgebra.CholeskyFactorInPlace(h);
                    _factor = h;
                    Factorizations++;
                    return;
                }
                catch (NotPositiveDefiniteException)
                {
                    jitter = jitter == 0 ? 1e-14 * tr / _n : jitter * 100;
                    if (jitter > tr) throw;
                }
            }
        }

        // Σ (c/2)(cosh 2t − 1) at t; fills β = c sinh 2t and W = 2c cosh 2t = 2√(c² + β²); +∞ past overflow.
        private double Penalty(double[] c, double[] t, double[] beta, double[] w)
        {
            Penalties++;
            double value = 0;
            for (int j = 0; j < t.Length; j++)
            {
                double two = 2 * t[j];
                if (Math.Abs(two) > 700) return double.PositiveInfinity;
                double ch = Math.Cosh(two);
                beta[j] = c[j] * Math.Sinh(two);
                w[j] = 2 * c[j] * ch;
                // cosh 2t − 1 = 2 sinh² t, without cancellation for small t.
                double sh = Math.Sinh(t[j]);
                value += c[j] * sh * sh;
            }
            return value;
        }
    }
}
