using MathNet.Numerics.RootFinding;
using TransferLab.Theory.Anguita2026;
using TransferLab.Validation;

namespace TransferLab.Tests.Anguita2026;

/// <summary>
/// The reference for <see cref="ReplicaSolver"/>: the solver it replaced, kept verbatim (docs/anguita2026.md §3.6) —
/// every α solved on its own by a global scan of H(log s²) = log((σ² + E)/α) − log s² (g solved by Newton in log g at
/// each s²) with Brent refinement of every stable crossing, one quadrature table per atom, no continuation and no
/// Jacobian. It shares only the quadrature rule (<see cref="ChannelQuadrature"/>) and the scalar proximal map with the
/// solver under test, so agreement checks the continuation, the joint Newton step and its derivatives, the channel
/// grouping and the inlined proximal map. One change: the tolerances are parameters — Brent's on H (the old solver
/// used 1e-11, which leaves log s² uncertain by 1e-11/|dH/d log s²|, large where H is flat near exact recovery or
/// α → 1) and the inner solve's on E[η'] − α and on the log g step (1e-13 and 1e-12·(1 + |log g|), which moves E by
/// up to 1e-10 near α = 1 with noise) — so the reference can be run tighter than the solver under test.
/// </summary>
internal sealed class ScanReplicaSolver
{
    private readonly ReplicaAtom[] _atoms;
    private readonly int _order;

    /// <summary>Gauss–Legendre points per panel of the scalar-channel quadrature (<see cref="ChannelQuadrature"/>).</summary>
    public int QuadratureOrder => _order;

    private readonly double _rootTolerance, _innerTolerance, _stepTolerance;

    /// <summary>Creates a solver for the law given by <paramref name="atoms"/> (probabilities summing to 1).</summary>
    public ScanReplicaSolver(IReadOnlyList<ReplicaAtom> atoms, int quadratureOrder = ChannelQuadrature.DefaultPointsPerPanel,
        double rootTolerance = 1e-11, double innerTolerance = 1e-13, double stepTolerance = 1e-12)
    {
        (_rootTolerance, _innerTolerance, _stepTolerance) = (rootTolerance, innerTolerance, stepTolerance);
        ArgumentNullException.ThrowIfNull(atoms);
        if (atoms.Count == 0) throw new ArgumentException("the coordinate law needs at least one atom", nameof(atoms));
        double total = 0;
        foreach (var a in atoms)
        {
            if (!(a.Probability >= 0) || !(a.Variance >= 0) || !(a.Scale > 0) || !double.IsFinite(a.Mean))
                throw new ArgumentException($"invalid atom {a}: needs probability ≥ 0, variance ≥ 0, scale c > 0");
            total += a.Probability;
        }
        if (Math.Abs(total - 1) > 1e-9) throw new ArgumentException($"atom probabilities sum to {total}, not 1", nameof(atoms));
        _atoms = atoms.Where(a => a.Probability > 0).ToArray();
        if (quadratureOrder < 2 || quadratureOrder > ChannelQuadrature.MaxPointsPerPanel)
            throw new ArgumentOutOfRangeException(nameof(quadratureOrder), quadratureOrder, $"must be in [2, {ChannelQuadrature.MaxPointsPerPanel}]");
        _order = quadratureOrder;
    }

    /// <summary>E, E[η'] and dE[η']/d log g at (s², g).</summary>
    internal (double Error, double MeanSlope, double SlopeDerivative) Statistics(double s2, double g)
    {
        double err = 0, slope = 0, dslope = 0;
        Span<double> tNodes = stackalloc double[ChannelQuadrature.MaxNodes];
        Span<double> tWeights = stackalloc double[ChannelQuadrature.MaxNodes];
        foreach (var a in _atoms)
        {
            double v = a.Variance, tot = v + s2, sd = Math.Sqrt(tot), kappa = v / tot;
            // The proximal map bends where |z| ≈ g (the dead zone of the near-ℓ1 penalty): resolve that scale.
            // Zero-mean atoms: η is odd, so every integrand is even in z and half the line suffices.
            int count = ChannelQuadrature.Build(a.Mean / sd, g / sd, tNodes, tWeights, _order, symmetric: a.Mean == 0);
            double e = 0, m = 0, dm = 0, c = a.Scale, previousZ = 0, previousT = double.NaN;
            for (int k = 0; k < count; k++)
            {
                double w = tWeights[k], z = a.Mean + sd * tNodes[k];
                // Nodes run outward from the bend: warm-start Newton at the previous node's root on the same side.
                double start = z * previousZ > 0 ? previousT : double.NaN;
                var (u, eta, troot) = ImplicitBiasPotential.Prox(z, g, c, start);
                previousZ = z;
                previousT = troot;
                double r = u - (a.Mean + kappa * (z - a.Mean));
                e += w * r * r;
                m += w * eta;
                // d η'/d log g = g·dη'/dg with dη'/dg = −η'²·(h + g·h'(u)·du/dg), h = φ''(u), du/dg = −½asinh(u/c)·η'.
                double q = Math.Sqrt(u * u + c * c), h = 0.5 / q, hp = -0.5 * u / (q * q * q);
                double dudg = -0.5 * Math.Asinh(u / c) * eta;
                dm += w * (-g * eta * eta * (h + g * hp * dudg));
            }
            err += a.Probability * (e + v * s2 / tot);
            slope += a.Probability * m;
            dslope += a.Probability * dm;
        }
        return (err, slope, dslope);
    }

    /// <summary>log g solving E[η'](s², g) = α, by Newton in log g safeguarded by a bracket, warm-started at <paramref name="logG0"/>.</summary>
    internal (double LogG, double Error) SolveProxStrength(double s2, double alpha, double logG0)
    {
        double lo = double.NegativeInfinity, hi = double.PositiveInfinity, x = logG0;
        double error = double.NaN;
        for (int it = 0; it < 200; it++)
        {
            var (e, m, dm) = Statistics(s2, Math.Exp(x));
            error = e;
            double f = m - alpha; // decreasing in x
            if (f > 0) lo = Math.Max(lo, x); else hi = Math.Min(hi, x);
            if (Math.Abs(f) < _innerTolerance) return (x, e);
            double next = dm < 0 ? x - f / dm : double.NaN;
            bool bracketed = double.IsFinite(lo) && double.IsFinite(hi);
            if (!double.IsFinite(next) || next <= lo || next >= hi)
                next = bracketed ? 0.5 * (lo + hi) : (f > 0 ? x + 2 : x - 2);
            else if (!bracketed) next = Math.Clamp(next, x - 4, x + 4); // trust region until the root is bracketed
            if (Math.Abs(next - x) < _stepTolerance * (1 + Math.Abs(x))) return (next, e);
            if (bracketed && hi - lo < _stepTolerance) return (0.5 * (lo + hi), e);
            if (next > 300 || next < -600) throw new ReplicaConvergenceException($"E[η'] = α = {alpha} has no solution in g at s² = {s2} (log g → {next})");
            x = next;
        }
        throw new ReplicaConvergenceException($"prox-strength equation did not converge at s² = {s2}, α = {alpha}");
    }

    /// <summary>
    /// Solves the fixed point at sample ratio <paramref name="alpha"/> with FT label-noise SD <paramref name="sigma"/>.
    /// Both are user input (the diagonal model's <c>alpha-ft</c> and <c>sigma</c>): an out-of-range value is a
    /// <see cref="ParameterException"/> naming that parameter, so front ends report it without checking it first. A
    /// caller solving the pretraining stage validates <c>alpha-pt</c> and <c>sigma-pt</c> before
    /// (<see cref="TransferLab.Data.SparseTransferTask.Validate"/>).
    /// </summary>
    public ReplicaSolution Solve(double alpha, double sigma = 0)
    {
        if (!(alpha > 0) || !double.IsFinite(alpha)) throw new ParameterException("alpha-ft", alpha, "must be > 0 and finite");
        if (!(sigma >= 0) || !double.IsFinite(sigma)) throw new ParameterException("sigma", sigma, "must be ≥ 0 and finite");
        double s2noise = sigma * sigma;
        if (alpha >= 1)
        {
            // N ≥ D: the interpolant (or the least-squares solution) is unique and independent of the potential.
            if (s2noise == 0) return new ReplicaSolution(alpha, 0, 0, 0, 1, "least-squares");
            return new ReplicaSolution(alpha, alpha > 1 ? s2noise / (alpha - 1) : double.PositiveInfinity, double.NaN, 0, 1, "least-squares");
        }

        // Scan log s² upward; H(log s²) = log((σ² + E)/α) − log s².
        const double logLow = -14 * 2.302585092994046;
        double step = 2.302585092994046; // one point per decade; crossings are then refined by Brent
        var grid = new List<(double LogS2, double H, double LogG, double E)>();
        double logG = 0;
        double x = logLow;
        for (int k = 0; k < 200; k++)
        {
            var (lg, e) = SolveProxStrength(Math.Exp(x), alpha, logG);
            logG = lg;
            double h = Math.Log((s2noise + e) / alpha) - x;
            grid.Add((x, h, lg, e));
            if (h < 0 && x > 0 && grid.Count > 1 && grid[^2].H < 0) break; // past every crossing: E is bounded, s² keeps growing
            x += step;
            if (x > 40) throw new ReplicaConvergenceException($"no stable fixed point below s² = e^40 at α = {alpha}");
        }

        var candidates = new List<(double E, double S2, double LogG, string Branch)>();
        if (grid[0].H < 0 && s2noise == 0) candidates.Add((0, 0, grid[0].LogG, "exact-recovery"));
        for (int k = 0; k + 1 < grid.Count; k++)
        {
            if (!(grid[k].H > 0 && grid[k + 1].H <= 0)) continue;
            double warm = grid[k].LogG;
            double H(double ls)
            {
                var (lg, e) = SolveProxStrength(Math.Exp(ls), alpha, warm);
                warm = lg;
                return Math.Log((s2noise + e) / alpha) - ls;
            }
            double root = Brent.FindRoot(H, grid[k].LogS2, grid[k + 1].LogS2, _rootTolerance, 200);
            var (lgr, er) = SolveProxStrength(Math.Exp(root), alpha, warm);
            candidates.Add((er, Math.Exp(root), lgr, "fixed-point"));
        }
        if (candidates.Count == 0) throw new ReplicaConvergenceException($"no stable replica fixed point found at α = {alpha}");
        var best = candidates.MinBy(c => c.E);
        return new ReplicaSolution(alpha, best.E, best.S2, Math.Exp(best.LogG), candidates.Count, best.Branch);
    }

    /// <summary>Solves at every sample ratio (independent solves, in parallel; the result does not depend on the order).</summary>
    public ReplicaSolution[] Curve(IReadOnlyList<double> alphas, double sigma = 0)
    {
        ArgumentNullException.ThrowIfNull(alphas);
        var result = new ReplicaSolution[alphas.Count];
        Parallel.For(0, alphas.Count, i => result[i] = Solve(alphas[i], sigma));
        return result;
    }
}

