using TransferLab.Models;
using TransferLab.Numerics;

namespace TransferLab.Training;

/// <summary>Settings of <see cref="DiagonalGradientFlow"/>.</summary>
/// <param name="StepFraction">h in the step η_t = h/(λ_max(XᵀX)·max_d S_d + max_d |∂L/∂β_d|), S_d = w₊² + v₊² + w₋² + v₋²
/// (the β-space preconditioner of coordinate d): a fixed fraction of the local stability limit, so the small step of a
/// faithful gradient-flow simulation adapts as the weights grow. Halving h moves the result by O(h).</param>
/// <param name="Tolerance">Stop when ‖Xβ − y‖ ≤ tol·‖y‖ (interpolation) or ‖Xᵀ(Xβ − y)‖ ≤ tol·‖Xᵀy‖ (least squares, N ≥ D).</param>
/// <param name="MaxSteps">Step budget; the result reports non-convergence when it is spent.</param>
public sealed record DiagonalFlowOptions(double StepFraction = 0.25, double Tolerance = 1e-9, int MaxSteps = 2_000_000);

/// <summary>Outcome of a gradient-flow run.</summary>
/// <param name="Steps">Steps taken.</param>
/// <param name="Time">Gradient-flow time Σ η_t.</param>
/// <param name="RelativeResidual">‖Xβ − y‖/‖y‖ at the end.</param>
/// <param name="Converged">True when the stopping rule was met within the budget.</param>
/// <param name="Diverged">The squared residual became non-finite or grew past <see cref="DivergenceRule"/>'s bound.</param>
public sealed record DiagonalFlowResult(int Steps, double Time, double RelativeResidual, bool Converged, bool Diverged = false);

/// <summary>
/// Gradient descent with small, locally adapted steps on L = ½‖Xβ − y‖² over the four weight vectors of a
/// <see cref="DiagonalNetwork"/> — a simulation of the gradient flow that Anguita et al. 2026 analyse. With g = Xᵀ(Xβ − y):
/// ẇ₊ = −g⊙v₊, v̇₊ = −g⊙w₊, ẇ₋ = g⊙v₋, v̇₋ = g⊙w₋. (The authors minimise the mean squared error; the sum only rescales
/// time and leaves the limit unchanged.)
/// </summary>
public static class DiagonalGradientFlow
{
    /// <summary>Trains <paramref name="net"/> in place on (X, y).</summary>
    public static DiagonalFlowResult Train(DiagonalNetwork net, Matrix x, double[] y, DiagonalFlowOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        options ??= new DiagonalFlowOptions();
        int n = x.Rows, d = x.Cols;
        if (net.Dimension != d) throw new ArgumentException($"network has {net.Dimension} inputs, X has {d} columns");
        if (y.Length != n) throw new ArgumentException($"y has {y.Length} entries, X has {n} rows");
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
            if (DivergenceRule.HasDiverged(rel * rel, rel0 * rel0) || !double.IsFinite(relGrad)) return new DiagonalFlowResult(step, time, rel, false, true);
            if (rel <= options.Tolerance || relGrad <= options.Tolerance) return new DiagonalFlowResult(step, time, rel, true);
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
        return new DiagonalFlowResult(options.MaxSteps, time, rel, false);
    }
}
