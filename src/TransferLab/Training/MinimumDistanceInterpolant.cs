using TransferLab.Numerics;

namespace TransferLab.Training;

/// <summary>
/// The exact limit of gradient descent/flow on the squared loss (1/2n)‖Xθ − y‖² started at θ₀:
/// θ∞ = θ₀ + X⁺(y − Xθ₀). For n &lt; d (X of full row rank) this is the interpolant closest to θ₀ in
/// ℓ2, because GD never leaves θ₀ + rowspace(X); for n ≥ d (full column rank) it is the least-squares
/// solution, whatever θ₀ (Shachaf et al. 2021, linear regression section; docs/shachaf2021.md §2.1a).
/// </summary>
public static class MinimumDistanceInterpolant
{
    /// <summary>θ₀ + X⁺(y − Xθ₀).</summary>
    public static double[] Solve(Matrix x, ReadOnlySpan<double> y, ReadOnlySpan<double> theta0)
    {
        var residual = y.ToArray();
        if (Vec.NormSquared(theta0) > 0)
        {
            var pred = LinearAlgebra.Multiply(x, theta0);
            for (int i = 0; i < residual.Length; i++) residual[i] -= pred[i];
        }
        var step = LinearAlgebra.LeastSquares(x, residual);
        Vec.Axpy(1.0, theta0, step);
        return step;
    }
}
