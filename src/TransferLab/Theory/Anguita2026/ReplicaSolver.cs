using System.Runtime.CompilerServices;
using MathNet.Numerics.RootFinding;
using TransferLab.Validation;

namespace TransferLab.Theory.Anguita2026;

/// <summary>
/// Replica-symmetric generalization error of the interpolating minimizer of Σ_d φ_{c_d}(β_d) (the implicit bias of
/// fine-tuning a diagonal network, <see cref="ImplicitBiasPotential"/>) for Gaussian designs X_{μi} ~ N(0, 1/D),
/// y = Xβ* + σε, N = αD, D → ∞ (Anguita et al. 2026; docs/anguita2026.md §3; the RS-PMAP equations of Rangan, Fletcher
/// &amp; Goyal 2012 with a separable, heterogeneous penalty, in the interpolation limit γ_ext → 0):
/// <code>
///   s² = (σ² + E)/α,   E = E[(η(β* + sξ; g, c) − β*)²],   E[η'(β* + sξ; g, c)] = α,
/// </code>
/// η the proximal map of g·φ_c. Deterministic solver (docs/anguita2026.md §3.6, our implementation): every expectation by a composite
/// Gauss–Legendre rule over the channel output z (<see cref="ChannelQuadrature"/>: panels refined geometrically towards
/// z = 0 down to the scale g where the near-ℓ1 proximal map bends; Gauss–Hermite converges only like 1/n there), with
/// Gaussian β* integrated analytically: E[(η(z) − x)²] = E_z[(η(z) − E[x|z])²] + Var(x|z). Atoms sharing a channel
/// (the same β* mean and variance) share one quadrature table per evaluation.
/// <para>
/// The fixed point is the root of F = (log((σ² + E)/α) − log s², E[η'] − α) in (x, y) = (log s², log g), solved by
/// Newton's method with the analytic Jacobian (<see cref="ReplicaMoments"/>); a curve is solved in increasing α, each
/// point started from its neighbour's solution (continuation; the first from s² = (σ² + E[β*²])/α). The potential is
/// convex, so the interpolant and with it the stable fixed point are unique; Newton's root is accepted when it is
/// stable (H(s²) = log((σ² + E)/α) − log s² with g solved decreases through it). With σ = 0 a Newton path heading below
/// s² = 10⁻¹⁴ is exact recovery (E = 0) when H is negative there. Anything else (no convergence, an unstable root)
/// falls back to the global scan: for each s², g solves E[η'] = α by safeguarded Newton in log g (E[η'] is decreasing
/// in g); stable fixed points are the sign changes from + to − of H on a log grid, refined by Brent's method; the
/// lowest-E stable branch is reported (the authors' forward/backward continuation keeps the same branch), and when H
/// is negative down to s² = 10⁻¹⁴ with σ = 0 the fixed point is exact recovery.
/// </para>
/// For α ≥ 1 the interpolant is the least-squares solution: E = 0 (σ = 0) or σ²/(α − 1).
/// </summary>
public sealed class ReplicaSolver
{
    private const double LogLow = -14 * 2.302585092994046; // s² = 10⁻¹⁴, the floor of the search
    private const double ResidualTolerance = 1e-13, NoiseTolerance = 1e-11;
    private const int MaxNewtonSteps = 60;
    private const int ChainLength = 25; // continuation chains of at least this many points (a cold start costs ~3 points)

    private readonly int _order;
    // Atoms grouped by channel (β* mean, β* variance); a channel's atoms are _probability/_scale[Start..End).
    private readonly (double Mean, double Variance, int Start, int End)[] _channels;
    private readonly double[] _probability, _scale;
    private readonly double _priorError; // E[β*²]: the error of β̂ = 0, which sets the cold start

    /// <summary>Gauss–Legendre points per panel of the scalar-channel quadrature (<see cref="ChannelQuadrature"/>).</summary>
    public int QuadratureOrder => _order;

    /// <summary>Creates a solver for the law given by <paramref name="atoms"/> (probabilities summing to 1).</summary>
    public ReplicaSolver(IReadOnlyList<ReplicaAtom> atoms, int quadratureOrder = ChannelQuadrature.DefaultPointsPerPanel)
    {
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
        if (quadratureOrder < 2 || quadratureOrder > ChannelQuadrature.MaxPointsPerPanel)
            throw new ArgumentOutOfRangeException(nameof(quadratureOrder), quadratureOrder, $"must be in [2, {ChannelQuadrature.MaxPointsPerPanel}]");
        _order = quadratureOrder;
        // Atoms equal but for their probability are one atom (imperfect PT yields pairs ±t of PT noise nodes with the same
        // |β̂_PT|, hence the same c_FT, off the PT support).
        var groups = atoms.Where(a => a.Probability > 0)
            .GroupBy(a => (a.Mean, a.Variance))
            .Select(g => (g.Key, Atoms: g.GroupBy(a => a.Scale).Select(s => (Probability: s.Sum(a => a.Probability), Scale: s.Key)).ToArray()))
            .ToArray();
        _channels = new (double, double, int, int)[groups.Length];
        _probability = new double[groups.Sum(g => g.Atoms.Length)];
        _scale = new double[_probability.Length];
        int n = 0;
        for (int k = 0; k < groups.Length; k++)
        {
            int start = n;
            foreach (var (probability, scale) in groups[k].Atoms)
            {
                _probability[n] = probability;
                _scale[n] = scale;
                _priorError += probability * (groups[k].Key.Mean * groups[k].Key.Mean + groups[k].Key.Variance);
                n++;
            }
            _channels[k] = (groups[k].Key.Mean, groups[k].Key.Variance, start, n);
        }
    }

    /// <summary>
    /// E, E[η'] and their derivatives in (log s², log g) at (s², g); allocation-free. A channel's atoms go four at a time
    /// through <see cref="AtomQuadrature.FourSums"/> and the rest one by one; the sums are added atom by atom in order.
    /// </summary>
    [SkipLocalsInit]
    internal ReplicaMoments Moments(double s2, double g)
    {
        double err = 0, slope = 0, errS = 0, errG = 0, slopeS = 0, slopeG = 0;
        Span<double> tNodes = stackalloc double[ChannelQuadrature.MaxNodes];
        Span<double> tWeights = stackalloc double[ChannelQuadrature.MaxNodes];
        Span<AtomSums> four = stackalloc AtomSums[4];
        foreach (var (mu, v, start, end) in _channels)
        {
            var channel = new ChannelAtPoint(mu, v, s2, g, _order, tNodes, tWeights);
            double tot = channel.Total;
            for (int j = start; j < end;)
            {
                int lanes = UseFourAtoms && end - j >= 4 ? 4 : 1;
                if (lanes == 4) AtomQuadrature.FourSums(channel, _scale.AsSpan(j, 4), four);
                else four[0] = AtomQuadrature.Sums(channel, _scale[j]);
                for (int l = 0; l < lanes; l++, j++)
                {
                    var a = four[l];
                    double p = _probability[j];
                    err += p * (a.Error + v * s2 / tot);
                    errS += p * (a.ErrorByS2 + v * v / (tot * tot));
                    errG += p * a.ErrorByG;
                    slope += p * a.Slope;
                    slopeS += p * a.SlopeByS2;
                    slopeG += p * a.SlopeByG;
                }
            }
        }
        return new ReplicaMoments(err, slope, s2 * errS, g * errG, s2 * slopeS, g * slopeG);
    }

    /// <summary>
    /// Whether channels with four or more atoms use the vector path (true unless the hardware has no 256-bit vectors);
    /// internal so that tests can compare both paths on one solver.
    /// </summary>
    internal bool UseFourAtoms { get; set; } = System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated;

    /// <summary>log g solving E[η'](s², g) = α, by Newton in log g safeguarded by a bracket, warm-started at <paramref name="logG0"/>.</summary>
    internal (double LogG, double Error) SolveProxStrength(double s2, double alpha, double logG0)
    {
        double lo = double.NegativeInfinity, hi = double.PositiveInfinity, x = logG0;
        for (int it = 0; it < 200; it++)
        {
            var mo = Moments(s2, Math.Exp(x));
            double e = mo.Error, dm = mo.SlopeByLogG;
            double f = mo.MeanSlope - alpha; // decreasing in x
            if (f > 0) lo = Math.Max(lo, x); else hi = Math.Min(hi, x);
            if (Math.Abs(f) < ResidualTolerance) return (x, e);
            double next = dm < 0 ? x - f / dm : double.NaN;
            bool bracketed = double.IsFinite(lo) && double.IsFinite(hi);
            if (!double.IsFinite(next) || next <= lo || next >= hi)
                next = bracketed ? 0.5 * (lo + hi) : (f > 0 ? x + 2 : x - 2);
            else if (!bracketed) next = Math.Clamp(next, x - 4, x + 4); // trust region until the root is bracketed
            if (Math.Abs(next - x) < 1e-12 * (1 + Math.Abs(x))) return (next, e);
            if (bracketed && hi - lo < 1e-12) return (0.5 * (lo + hi), e);
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
    public ReplicaSolution Solve(double alpha, double sigma = 0) => Curve([alpha], sigma)[0];

    /// <summary>
    /// Solves at every sample ratio: in increasing α, each point continued from its neighbour (the result of a point
    /// depends on its neighbours only below the solver's tolerance), curves of 50 points and more as parallel chains of
    /// at least 25. Every α is checked before any is solved.
    /// </summary>
    public ReplicaSolution[] Curve(IReadOnlyList<double> alphas, double sigma = 0)
    {
        ArgumentNullException.ThrowIfNull(alphas);
        foreach (double alpha in alphas)
            if (!(alpha > 0) || !double.IsFinite(alpha)) throw new ParameterException("alpha-ft", alpha, "must be > 0 and finite");
        if (!(sigma >= 0) || !double.IsFinite(sigma)) throw new ParameterException("sigma", sigma, "must be ≥ 0 and finite");
        var order = Enumerable.Range(0, alphas.Count).OrderBy(i => alphas[i]).ToArray();
        var result = new ReplicaSolution[alphas.Count];
        // Runs of ChainLength consecutive α, each its own continuation, in parallel: the split depends on the number of
        // points only, so the result is the same at any thread count.
        int chains = Math.Max(1, order.Length / ChainLength);
        Parallel.For(0, chains, c =>
        {
            var warm = Warm.None;
            for (int k = c * order.Length / chains; k < (c + 1) * order.Length / chains; k++)
                result[order[k]] = SolvePoint(alphas[order[k]], sigma, ref warm);
        });
        return result;
    }

    /// <summary>
    /// The previous points of a continuation: the last one's (α, log s², log g) or its exact recovery (with log g at
    /// the floor), and the one before when both were fixed points, for a secant predictor.
    /// </summary>
    private readonly record struct Warm(bool Has, double Alpha, double LogS2, double LogG, bool ExactRecovery, bool HasSecant, double PreviousAlpha, double PreviousLogS2, double PreviousLogG)
    {
        public static Warm None => default;

        public static Warm Exact(double alpha, double lowLogG) => new(true, alpha, LogLow, lowLogG, true, false, 0, 0, 0);

        public Warm FixedPoint(double alpha, double x, double y) =>
            Has && !ExactRecovery && alpha > Alpha ? new(true, alpha, x, y, false, true, Alpha, LogS2, LogG) : new(true, alpha, x, y, false, false, 0, 0, 0);

        /// <summary>The start at <paramref name="alpha"/>: the line through the last two points, or the last point.</summary>
        public (double X, double Y) Predict(double alpha)
        {
            if (!HasSecant) return (LogS2, LogG);
            double f = (alpha - Alpha) / (Alpha - PreviousAlpha);
            return (LogS2 + f * (LogS2 - PreviousLogS2), LogG + f * (LogG - PreviousLogG));
        }
    }

    private ReplicaSolution SolvePoint(double alpha, double sigma, ref Warm warm)
    {
        double s2noise = sigma * sigma;
        if (alpha >= 1)
        {
            // N ≥ D: the interpolant (or the least-squares solution) is unique and independent of the potential.
            if (s2noise == 0) return new ReplicaSolution(alpha, 0, 0, 0, 1, "least-squares");
            return new ReplicaSolution(alpha, alpha > 1 ? s2noise / (alpha - 1) : double.PositiveInfinity, double.NaN, 0, 1, "least-squares");
        }
        if (s2noise == 0 && warm.Has && warm.ExactRecovery)
        {
            // Exact recovery persists as α grows; confirm it (H < 0 at the floor) before anything else.
            var (lg, e) = SolveProxStrength(Math.Exp(LogLow), alpha, warm.LogG);
            if (Math.Log(e / alpha) - LogLow < 0)
            {
                warm = Warm.Exact(alpha, lg);
                return new ReplicaSolution(alpha, 0, 0, Math.Exp(lg), 1, "exact-recovery");
            }
        }
        double x, y;
        if (warm.Has && !warm.ExactRecovery)
        {
            (x, y) = warm.Predict(alpha);
            x = Math.Max(x, LogLow);
        }
        else
        {
            x = Math.Log((s2noise + _priorError) / alpha);
            y = SolveProxStrength(Math.Exp(x), alpha, warm.Has ? warm.LogG : 0).LogG;
        }
        var outcome = Newton(alpha, s2noise, ref x, ref y, out var mo);
        if (outcome == NewtonOutcome.Converged)
        {
            warm = warm.FixedPoint(alpha, x, y);
            return new ReplicaSolution(alpha, mo.Error, Math.Exp(x), Math.Exp(y), 1, "fixed-point");
        }
        if (outcome == NewtonOutcome.BelowFloor && s2noise == 0)
        {
            var (lg, e) = SolveProxStrength(Math.Exp(LogLow), alpha, y);
            if (Math.Log(e / alpha) - LogLow < 0)
            {
                warm = Warm.Exact(alpha, lg);
                return new ReplicaSolution(alpha, 0, 0, Math.Exp(lg), 1, "exact-recovery");
            }
        }
        var scanned = SolveByScan(alpha, sigma);
        warm = scanned.Branch == "exact-recovery"
            ? Warm.Exact(alpha, Math.Log(scanned.ProxStrength))
            : warm.FixedPoint(alpha, Math.Log(scanned.ChannelVariance), Math.Log(scanned.ProxStrength));
        return scanned;
    }

    private enum NewtonOutcome { Converged, BelowFloor, Failed }

    /// <summary>
    /// Newton on F(x, y) = (log((σ² + E)/α) − x, E[η'] − α) from (x, y), halving a step that does not reduce |F|. On
    /// convergence (x, y) is the root and <paramref name="moments"/> holds E there; the root must be stable. Converged:
    /// |F| below <see cref="ResidualTolerance"/>; where rounding in E keeps |F₁| above it (E ≈ 10⁻¹⁰ near exact recovery
    /// sums terms that cancel to ~10⁻¹² of E), the best of three iterates with |F₁| &lt; <see cref="NoiseTolerance"/>.
    /// </summary>
    private NewtonOutcome Newton(double alpha, double s2noise, ref double x, ref double y, out ReplicaMoments moments)
    {
        double previousMerit = double.PositiveInfinity, dx = 0, dy = 0, lambda = 1, x0 = x, y0 = y;
        double bestF1 = double.PositiveInfinity, bestX = 0, bestY = 0;
        ReplicaMoments best = default;
        bool bestStable = false;
        int near = 0;
        moments = default;
        for (int it = 0; it < MaxNewtonSteps; it++)
        {
            var mo = Moments(Math.Exp(x), Math.Exp(y));
            double total = s2noise + mo.Error;
            double f1 = Math.Log(total / alpha) - x, f2 = mo.MeanSlope - alpha;
            double merit = Math.Max(Math.Abs(f1), Math.Abs(f2));
            if (!double.IsFinite(merit) || merit >= previousMerit && previousMerit > NoiseTolerance)
            {
                // The full step made things worse: go back and take half of it.
                if (!double.IsFinite(previousMerit) || lambda < 1e-3) return NewtonOutcome.Failed;
                lambda *= 0.5;
                x = x0 + lambda * dx;
                y = y0 + lambda * dy;
                continue;
            }
            double j11 = mo.ErrorByLogS2 / total - 1, j12 = mo.ErrorByLogG / total, j21 = mo.SlopeByLogS2, j22 = mo.SlopeByLogG;
            bool stable = j11 - j12 * j21 / j22 < 0; // dH/dx < 0 with g solved
            if (Math.Abs(f1) < ResidualTolerance && Math.Abs(f2) < ResidualTolerance)
            {
                moments = mo;
                return stable ? NewtonOutcome.Converged : NewtonOutcome.Failed;
            }
            if (Math.Abs(f1) < NoiseTolerance && Math.Abs(f2) < ResidualTolerance)
            {
                if (Math.Abs(f1) < bestF1) (bestF1, bestX, bestY, best, bestStable) = (Math.Abs(f1), x, y, mo, stable);
                if (++near == 3)
                {
                    (x, y, moments) = (bestX, bestY, best);
                    return bestStable ? NewtonOutcome.Converged : NewtonOutcome.Failed;
                }
            }
            double det = j11 * j22 - j12 * j21;
            double sx = -(f1 * j22 - j12 * f2) / det, sy = -(j11 * f2 - j21 * f1) / det;
            if (!double.IsFinite(sx) || !double.IsFinite(sy)) return NewtonOutcome.Failed;
            double big = Math.Max(Math.Abs(sx), Math.Abs(sy));
            if (big > 2) { sx *= 2 / big; sy *= 2 / big; } // trust region: at most a factor e² per step
            if (x + sx < LogLow) return NewtonOutcome.BelowFloor;
            previousMerit = merit;
            (dx, dy, lambda, x0, y0) = (sx, sy, 1, x, y);
            x += sx;
            y += sy;
        }
        return NewtonOutcome.Failed;
    }

    /// <summary>
    /// The global scan (the robust fallback): H(log s²) = log((σ² + E)/α) − log s² with g solved, on a grid of one point
    /// per decade upward from s² = 10⁻¹⁴; every + → − sign change refined by Brent; the lowest-E stable root reported.
    /// </summary>
    internal ReplicaSolution SolveByScan(double alpha, double sigma)
    {
        double s2noise = sigma * sigma;
        double step = 2.302585092994046; // one point per decade; crossings are then refined by Brent
        var grid = new List<(double LogS2, double H, double LogG, double E)>();
        double logG = 0;
        double x = LogLow;
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
            double root = Brent.FindRoot(H, grid[k].LogS2, grid[k + 1].LogS2, 1e-11, 200);
            var (lgr, er) = SolveProxStrength(Math.Exp(root), alpha, warm);
            candidates.Add((er, Math.Exp(root), lgr, "fixed-point"));
        }
        if (candidates.Count == 0) throw new ReplicaConvergenceException($"no stable replica fixed point found at α = {alpha}");
        var best = candidates.MinBy(c => c.E);
        return new ReplicaSolution(alpha, best.E, best.S2, Math.Exp(best.LogG), candidates.Count, best.Branch);
    }
}

/// <summary>The replica fixed-point equations could not be solved (no root, or an inner solve failed to converge).</summary>
public sealed class ReplicaConvergenceException(string message) : ArithmeticException(message);
