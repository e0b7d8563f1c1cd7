using TransferLab.Numerics;
using TransferLab.Validation;

namespace TransferLab.Training;

/// <summary>Outcome of a gradient-descent run.</summary>
/// <param name="Theta">Final weights.</param>
/// <param name="Iterations">Steps taken.</param>
/// <param name="Converged">Whether the stopping rule was met before the step limit.</param>
/// <param name="GradientNorm">‖∇ℓ‖ at the end.</param>
/// <param name="Loss">Training loss (1/2n)‖Xθ − y‖² at the end.</param>
/// <param name="StepSize">The step η used.</param>
/// <param name="Diverged">The loss became non-finite or grew past <see cref="DivergenceRule"/>'s bound (only with non-finite or absurd inputs: the step is below 2/λ_max).</param>
public sealed record GradientDescentResult(double[] Theta, int Iterations, bool Converged, double GradientNorm, double Loss, double StepSize, bool Diverged = false);

/// <summary>
/// Full-batch gradient descent on ℓ(θ) = (1/2n)‖Xθ − y‖² — the discretisation of the gradient flow
/// that the theory describes. The step is η = c/λ_max(XᵀX/n) with c = 1 by default (any c &lt; 2
/// converges; the limit does not depend on η for this quadratic loss). Stops when
/// ‖∇ℓ(θ)‖ ≤ tol·max(‖∇ℓ(θ₀)‖, 1e-300) or after the step limit, and reports which.
/// </summary>
public static class LinearGradientDescent
{
    /// <summary>Runs GD from <paramref name="theta0"/>.</summary>
    public static GradientDescentResult Run(Matrix x, ReadOnlySpan<double> y, ReadOnlySpan<double> theta0,
        double relativeTolerance = 1e-10, int maxIterations = 200_000, double stepFraction = 1.0)
    {
        Require.Positive("tolerance", relativeTolerance);
        Require.InRange("step-fraction", stepFraction, 1e-6, 1.99);
        int n = x.Rows, d = x.Cols;
        if (y.Length != n) throw new ArgumentException($"y has {y.Length} entries, X has {n} rows");
        double lmax = LinearAlgebra.LargestGramEigenvalue(x) / n; // λ_max(XᵀX/n)
        double eta = stepFraction / lmax;
        var theta = theta0.ToArray();
        var r = new double[n];
        var g = new double[d];
        double g0 = double.NaN, gn = double.NaN, loss0 = double.NaN;
        bool diverged = false;
        int it;
        for (it = 0; it <= maxIterations; it++)
        {
            // r = Xθ − y ; g = Xᵀr / n
            LinearAlgebra.Provider.Gemv(Op.None, 1.0, x, theta, 0.0, r);
            for (int i = 0; i < n; i++) r[i] -= y[i];
            LinearAlgebra.Provider.Gemv(Op.Transpose, 1.0 / n, x, r, 0.0, g);
            gn = Vec.Norm(g);
            double loss = Vec.NormSquared(r) / (2 * n);
            if (it == 0) (g0, loss0) = (Math.Max(gn, 1e-300), loss);
            if (DivergenceRule.HasDiverged(loss, loss0) || !double.IsFinite(gn))
            {
                diverged = true;
                break;
            }
            if (gn <= relativeTolerance * g0) break;
            if (it == maxIterations) break;
            Vec.Axpy(-eta, g, theta);
        }
        LinearAlgebra.Provider.Gemv(Op.None, 1.0, x, theta, 0.0, r);
        for (int i = 0; i < n; i++) r[i] -= y[i];
        return new GradientDescentResult(theta, Math.Min(it, maxIterations), !diverged && gn <= relativeTolerance * g0, gn, Vec.NormSquared(r) / (2 * n), eta, diverged);
    }
}
