using System.Numerics.Tensors;
using TransferLab.Models;
using TransferLab.Numerics;

namespace TransferLab.Training;

/// <summary>Settings of <see cref="DiagonalGradientFlow"/>.</summary>
/// <param name="StepFraction">Euler rule only: h in the step η_t = h/(λ_max(XᵀX)·max_d S_d + max_d |∂L/∂β_d|),
/// S_d = w₊² + v₊² + w₋² + v₋² (the β-space preconditioner of coordinate d): a fixed fraction of the local stability
/// limit, so the small step of a faithful gradient-flow simulation adapts as the weights grow. Halving h moves the
/// result by O(h).</param>
/// <param name="Tolerance">Stop when ‖Xβ − y‖ ≤ tol·‖y‖ (interpolation) or ‖Xᵀ(Xβ − y)‖ ≤ tol·‖Xᵀy‖ (least squares, N ≥ D).</param>
/// <param name="MaxSteps">Step budget; the result reports non-convergence when it is spent.</param>
/// <param name="Rule">How a step is taken (<see cref="DiagonalFlowStepRule"/>).</param>
public sealed record DiagonalFlowOptions(double StepFraction = 0.25, double Tolerance = 1e-9, int MaxSteps = 2_000_000,
    DiagonalFlowStepRule Rule = DiagonalFlowStepRule.ExactFlow);

/// <summary>Outcome of a gradient-flow run.</summary>
/// <param name="Steps">Accepted steps (one gradient Xᵀr each).</param>
/// <param name="Time">Σ η_t: the gradient-flow time under the Euler rule; under the exact-flow rule the time of the
/// piecewise-frozen-gradient path, which ends at the same limit by a different route.</param>
/// <param name="RelativeResidual">‖Xβ − y‖/‖y‖ at the end.</param>
/// <param name="Converged">True when the stopping rule was met within the budget.</param>
/// <param name="Diverged">The squared residual became non-finite or grew past <see cref="DivergenceRule"/>'s bound.</param>
/// <param name="LossEvaluations">Products Xβ computed: the steps plus the rejected trial steps of the line search.</param>
public sealed record DiagonalFlowResult(int Steps, double Time, double RelativeResidual, bool Converged, bool Diverged = false, long LossEvaluations = 0);

/// <summary>
/// Gradient descent on L = ½‖Xβ − y‖² over the four weight vectors of a <see cref="DiagonalNetwork"/> — a simulation of
/// the gradient flow that Anguita et al. 2026 analyse. With g = Xᵀ(Xβ − y): ẇ₊ = −g⊙v₊, v̇₊ = −g⊙w₊, ẇ₋ = g⊙v₋,
/// v̇₋ = g⊙w₋. (The authors minimise the mean squared error; the sum only rescales time and leaves the limit unchanged.)
/// Two step rules (<see cref="DiagonalFlowStepRule"/>); the algorithms are in docs/anguita2026.md §2.1.
/// </summary>
public static class DiagonalGradientFlow
{
    /// <summary>Nonmonotone line search memory: a step may raise the loss above the current one, never above the
    /// largest of the last this many (Grippo, Lampariello &amp; Lucidi 1986, the safeguard of Raydan 1997's global BB).</summary>
    private const int LineSearchMemory = 10;
    /// <summary>Armijo constant: the accepted loss lies this fraction of the first-order decrease below the reference.</summary>
    private const double ArmijoFraction = 1e-4;
    /// <summary>Halvings of one trial step before the run stops as stalled (2⁻⁶⁰: the loss no longer resolves a decrease).</summary>
    private const int MaxHalvings = 60;

    /// <summary>Trains <paramref name="net"/> in place on (X, y).</summary>
    public static DiagonalFlowResult Train(DiagonalNetwork net, Matrix x, double[] y, DiagonalFlowOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        options ??= new DiagonalFlowOptions();
        if (net.Dimension != x.Cols) throw new ArgumentException($"network has {net.Dimension} inputs, X has {x.Cols} columns");
        if (y.Length != x.Rows) throw new ArgumentException($"y has {y.Length} entries, X has {x.Rows} rows");
        return options.Rule == DiagonalFlowStepRule.Euler ? TrainEuler(net, x, y, options) : TrainExactFlow(net, x, y, options);
    }

    private static DiagonalFlowResult TrainEuler(DiagonalNetwork net, Matrix x, double[] y, DiagonalFlowOptions options)
    {
        int n = x.Rows, d = x.Cols;
        double lmax = LinearAlgebra.LargestGramEigenvalue(x);
        double ynorm = Vec.Norm(y), gy = Vec.Norm(LinearAlgebra.Multiply(x, y, Op.Transpose));
        var residual = new double[n];
        var grad = new double[d];
        var beta = new double[d];
        double time = 0, rel = double.NaN, rel0 = double.NaN;
        for (int step = 0; step <= options.MaxSteps; step++)
        {
            net.Predictor(beta);
            LinearAlgebra.Provider.Gemv(Op.None, 1.0, x, beta, 0.0, residual);
            for (int i = 0; i < n; i++) residual[i] -= y[i];
            LinearAlgebra.Provider.Gemv(Op.Transpose, 1.0, x, residual, 0.0, grad);
            rel = ynorm > 0 ? Vec.Norm(residual) / ynorm : 0;
            double relGrad = gy > 0 ? Vec.Norm(grad) / gy : 0;
            if (step == 0) rel0 = rel;
            if (DivergenceRule.HasDiverged(rel * rel, rel0 * rel0) || !double.IsFinite(relGrad)) return new DiagonalFlowResult(step, time, rel, false, true, step + 1);
            if (rel <= options.Tolerance || relGrad <= options.Tolerance) return new DiagonalFlowResult(step, time, rel, true, false, step + 1);
            if (step == options.MaxSteps) break;
            double smax = 0, gmax = 0;
            for (int j = 0; j < d; j++)
            {
                double s = net.WPlus[j] * net.WPlus[j] + net.VPlus[j] * net.VPlus[j] + net.WMinus[j] * net.WMinus[j] + net.VMinus[j] * net.VMinus[j];
                smax = Math.Max(smax, s);
                gmax = Math.Max(gmax, Math.Abs(grad[j]));
            }
            double eta = options.StepFraction / (lmax * smax + gmax);
            for (int j = 0; j < d; j++)
            {
                double g = grad[j];
                double wp = net.WPlus[j], vp = net.VPlus[j], wm = net.WMinus[j], vm = net.VMinus[j];
                net.WPlus[j] = wp - eta * g * vp;
                net.VPlus[j] = vp - eta * g * wp;
                net.WMinus[j] = wm + eta * g * vm;
                net.VMinus[j] = vm + eta * g * wm;
            }
            time += eta;
        }
        return new DiagonalFlowResult(options.MaxSteps, time, rel, false, false, options.MaxSteps + 1L);
    }

    /// <summary>
    /// The exact-flow rule. Per coordinate, a± = w± + v± and b± = w± − v± obey ȧ₊ = −g a₊, ḃ₊ = g b₊, ȧ₋ = g a₋, ḃ₋ = −g b₋,
    /// so with θ = −∫g dt: a₊ = a₊⁰e^θ, b₊ = b₊⁰e^−θ, a₋ = a₋⁰e^−θ, b₋ = b₋⁰e^θ and
    /// β = P e^{2θ} − Q e^{−2θ}, P = (a₊⁰² + b₋⁰²)/4, Q = (b₊⁰² + a₋⁰²)/4, dβ/dθ = 2(P e^{2θ} + Q e^{−2θ}) = S.
    /// A step θ ← θ − η g is the flow run for a time η with g frozen; θ − θ⁰ stays in the row space of X, which with
    /// Xβ = y is the optimality condition of the implicit-bias program, so any convergent sequence of steps ends at the
    /// flow's limit.
    /// </summary>
    private static DiagonalFlowResult TrainExactFlow(DiagonalNetwork net, Matrix x, double[] y, DiagonalFlowOptions options)
    {
        int n = x.Rows, d = x.Cols;
        double ynorm = Vec.Norm(y), gy = Vec.Norm(LinearAlgebra.Multiply(x, y, Op.Transpose));
        double[] ap = new double[d], bp = new double[d], am = new double[d], bm = new double[d], pe = new double[d], qe = new double[d];
        for (int j = 0; j < d; j++)
        {
            ap[j] = net.WPlus[j] + net.VPlus[j]; bp[j] = net.WPlus[j] - net.VPlus[j];
            am[j] = net.WMinus[j] + net.VMinus[j]; bm[j] = net.WMinus[j] - net.VMinus[j];
            pe[j] = 0.25 * (ap[j] * ap[j] + bm[j] * bm[j]);
            qe[j] = 0.25 * (bp[j] * bp[j] + am[j] * am[j]);
        }
        double[] theta = new double[d], beta = new double[d], slope = new double[d], residual = new double[n], grad = new double[d];
        double[] thetaNew = new double[d], betaNew = new double[d], slopeNew = new double[d], residualNew = new double[n], gradNew = new double[d];
        double[] up = new double[d], down = new double[d];
        var recentLosses = new double[LineSearchMemory];

        for (int j = 0; j < d; j++)
        {
            beta[j] = pe[j] - qe[j];
            slope[j] = 2 * (pe[j] + qe[j]);
        }
        double loss = Loss(beta, residual);
        LinearAlgebra.Provider.Gemv(Op.Transpose, 1.0, x, residual, 0.0, grad);
        long evaluations = 1;
        double loss0 = loss, time = 0;
        Array.Fill(recentLosses, loss);
        // First step: the Euler rule's local stability bound at h = 1 with λ_max(XᵀX) replaced by its upper bound ‖X‖²_F
        // (no eigensolve: runs last a few hundred steps; later steps take their length from the secant).
        double eta = 1 / (Vec.NormSquared(x.Data) * Max(slope) + MaxAbs(grad));
        for (int step = 0; ; step++)
        {
            double rel = ynorm > 0 ? Math.Sqrt(2 * loss) / ynorm : 0;
            double relGrad = gy > 0 ? Vec.Norm(grad) / gy : 0;
            if (DivergenceRule.HasDiverged(loss, loss0) || !double.IsFinite(relGrad)) return Finish(step, time, rel, false, true);
            if (rel <= options.Tolerance || relGrad <= options.Tolerance) return Finish(step, time, rel, true, false);
            if (step == options.MaxSteps) return Finish(step, time, rel, false, false);

            double reference = recentLosses.Max(), gradDotBeta = Vec.Dot(grad, beta);
            double lossNew;
            for (int halvings = 0; ; halvings++)
            {
                if (halvings > MaxHalvings) return Finish(step, time, rel, false, false);
                // θ_new = θ − ηg; β_new = P e^{2θ_new} − Q e^{−2θ_new}; S_new = 2(P e^{2θ_new} + Q e^{−2θ_new}) (vector kernels).
                TensorPrimitives.MultiplyAdd(grad, -eta, theta, thetaNew);
                TensorPrimitives.Multiply(thetaNew, 2.0, up);
                TensorPrimitives.Exp(up, up);
                TensorPrimitives.Divide(qe, up, down);
                TensorPrimitives.Multiply(pe, up, up);
                TensorPrimitives.Subtract(up, down, betaNew);
                TensorPrimitives.Add(up, down, slopeNew);
                TensorPrimitives.Multiply(slopeNew, 2.0, slopeNew);
                // ⟨g, β − β_new⟩ ≥ 0 coordinatewise, as β is increasing in θ: the first-order decrease of the step.
                double decrease = gradDotBeta - Vec.Dot(grad, betaNew);
                lossNew = Loss(betaNew, residualNew);
                evaluations++;
                if (lossNew <= reference - ArmijoFraction * decrease) break; // false for NaN: an overflowing trial is halved
                eta *= 0.5;
            }
            LinearAlgebra.Provider.Gemv(Op.Transpose, 1.0, x, residualNew, 0.0, gradNew);
            // Barzilai–Borwein ("short", BB2) step in the metric of dβ = S dθ: for s = Δθ, Δβ ≈ S s and Δg = XᵀX Δβ,
            // ⟨S s, Δg⟩/⟨Δg, S Δg⟩ is the inverse of a Rayleigh quotient of S^½ XᵀX S^½, the Jacobian of the step map.
            double curvature = 0, spread = 0;
            for (int j = 0; j < d; j++)
            {
                double dg = gradNew[j] - grad[j];
                curvature += (betaNew[j] - beta[j]) * dg;
                spread += slopeNew[j] * dg * dg;
            }
            time += eta;
            (theta, thetaNew) = (thetaNew, theta);
            (beta, betaNew) = (betaNew, beta);
            (slope, slopeNew) = (slopeNew, slope);
            (residual, residualNew) = (residualNew, residual);
            (grad, gradNew) = (gradNew, grad);
            loss = lossNew;
            recentLosses[(step + 1) % LineSearchMemory] = loss;
            if (curvature > 0 && spread > 0 && double.IsFinite(curvature / spread)) eta = curvature / spread;
        }

        // ½‖Xβ − y‖², leaving the residual in r.
        double Loss(double[] b, double[] r)
        {
            LinearAlgebra.Provider.Gemv(Op.None, 1.0, x, b, 0.0, r);
            for (int i = 0; i < n; i++) r[i] -= y[i];
            return 0.5 * Vec.NormSquared(r);
        }

        DiagonalFlowResult Finish(int steps, double t, double rel, bool converged, bool diverged)
        {
            for (int j = 0; j < d; j++)
            {
                double e = Math.Exp(theta[j]);
                double apj = ap[j] * e, bpj = bp[j] / e, amj = am[j] / e, bmj = bm[j] * e;
                net.WPlus[j] = 0.5 * (apj + bpj); net.VPlus[j] = 0.5 * (apj - bpj);
                net.WMinus[j] = 0.5 * (amj + bmj); net.VMinus[j] = 0.5 * (amj - bmj);
            }
            return new DiagonalFlowResult(steps, t, rel, converged, diverged, evaluations);
        }
    }

    private static double Max(double[] v)
    {
        double m = 0;
        foreach (double e in v) m = Math.Max(m, e);
        return m;
    }

    private static double MaxAbs(double[] v)
    {
        double m = 0;
        foreach (double e in v) m = Math.Max(m, Math.Abs(e));
        return m;
    }
}
