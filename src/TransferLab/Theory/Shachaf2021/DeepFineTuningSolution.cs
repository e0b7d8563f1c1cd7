using TransferLab.Numerics;
using TransferLab.Validation;

namespace TransferLab.Theory.Shachaf2021;

/// <summary>The converged end-to-end vector of deep fine-tuning on one design, with its ingredients.</summary>
/// <param name="Theta">θ_FT(L) = X⁺y + c_L·Qθ_S.</param>
/// <param name="ScaleFactor">c_L.</param>
/// <param name="Interpolant">X⁺y (minimum-norm interpolant, or OLS for n ≥ d).</param>
/// <param name="NullSpaceSource">Qθ_S = (I − X⁺X)θ_S.</param>
public sealed record DeepFineTuningResult(double[] Theta, double ScaleFactor, double[] Interpolant, double[] NullSpaceSource);

/// <summary>
/// Exact limit of gradient flow on all layers of a balanced deep linear network pretrained to θ_S
/// (Shachaf et al. 2021 §4; docs/shachaf2021.md §2.2 item 3): θ_FT(L) = X⁺y + c_L Qθ_S with c_L from
/// <see cref="DeepDepthScaleFactor"/>. Depth acts as an automatic rescaling of the source: the deep
/// network fine-tunes as the linear model would from c_L·θ_S. L = 1 is the min-distance interpolant
/// θ_S + X⁺(y − Xθ_S).
/// </summary>
public static class DeepFineTuningSolution
{
    /// <summary>Computes θ_FT(L) for design X (n×d), labels y and source θ_S.</summary>
    public static DeepFineTuningResult Compute(Matrix x, double[] y, double[] sourceTheta, double depth)
    {
        if (x.Rows != y.Length) throw new ArgumentException("X rows must equal the number of labels");
        if (x.Cols != sourceTheta.Length) throw new ArgumentException("θ_S length must equal the number of columns of X");
        var interpolant = LinearAlgebra.LeastSquares(x, y);
        var nullSource = NullSpaceComponent(x, sourceTheta);
        double c = DeepDepthScaleFactor.Solve(Vec.NormSquared(sourceTheta), Vec.NormSquared(nullSource), Vec.NormSquared(interpolant), depth);
        var theta = (double[])interpolant.Clone();
        Vec.Axpy(c, nullSource, theta);
        return new DeepFineTuningResult(theta, c, interpolant, nullSource);
    }

    /// <summary>Qv = v − X⁺Xv: the part of v invisible to the design.</summary>
    public static double[] NullSpaceComponent(Matrix x, double[] v)
    {
        var xv = LinearAlgebra.Multiply(x, v);
        var pv = LinearAlgebra.LeastSquares(x, xv);
        return Vec.Subtract(v, pv);
    }

    /// <summary>Excess population risk ‖θ − θ_T‖²_Σ for a diagonal Σ (the spectrum; null = identity).</summary>
    public static double PopulationRisk(ReadOnlySpan<double> theta, ReadOnlySpan<double> targetTheta, double[]? spectrum = null)
    {
        double s = 0;
        for (int i = 0; i < theta.Length; i++)
        {
            double t = theta[i] - targetTheta[i];
            s += (spectrum?[i] ?? 1.0) * t * t;
        }
        return s;
    }

    /// <summary>
    /// Proportional-limit expected risk for isotropic Gaussian inputs (docs/shachaf2021.md §2.2 items 4–5 with
    /// E‖Pv‖² = (n/d)‖v‖² and E tr((XXᵀ)⁻¹) = n/(d − n − 1)): c_L from a = ‖θ_S‖², b = (1 − n/d)‖θ_S‖²,
    /// q = (n/d)‖θ_T‖² + σ²n/(d − n − 1); risk (1 − n/d)‖c_Lθ_S − θ_T‖² + σ²n/(d − n − 1). Needs n ≤ d − 2.
    /// At L = ∞ and σ = 0 it reduces to 2(1 − n/d)‖θ_T‖²(1 − cos∠(θ_S, θ_T)) for unit-norm-ratio teachers.
    /// </summary>
    public static (double Risk, double ScaleFactor) IsotropicAsymptoticRisk(int n, int d, double sourceNormSquared, double targetNormSquared,
        double sourceTargetInner, double sigma, double depth)
    {
        Require.Positive("n", n);
        if (n > d - 2) throw new ParameterException("n", n, $"must be ≤ d − 2 = {d - 2} (fine-tuning only matters when the design leaves a null space)");
        Require.NonNegative("sigma", sigma);
        double rho = (double)n / d;
        double variance = sigma * sigma * n / (d - n - 1.0);
        double c = DeepDepthScaleFactor.Solve(sourceNormSquared, (1 - rho) * sourceNormSquared, rho * targetNormSquared + variance, depth);
        double diff = c * c * sourceNormSquared - 2 * c * sourceTargetInner + targetNormSquared;
        return ((1 - rho) * diff + variance, c);
    }
}
