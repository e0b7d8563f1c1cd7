using TransferLab.Data;
using TransferLab.Models;
using TransferLab.Numerics;
using TransferLab.Theory.Shachaf2021;
using TransferLab.Theory.Tahir2024;
using TransferLab.Validation;

namespace TransferLab.Experiments.Tahir2024;

/// <summary>
/// Monte Carlo over target data sets of the exact gradient-flow limits (no gradient descent): for a
/// deep linear network pretrained from vanishing init on the population source loss, Theorems 3.4–3.5
/// give the converged objects in closed form, so each draw costs one n×n (or d×d) Cholesky solve.
/// This is how simulated phase diagrams are computed; <see cref="Training.DeepLinearGradientFlow"/>
/// checks the limits themselves at small d.
/// </summary>
public static class ExactLimitSimulator
{
    /// <summary>One draw: teachers at the given overlap, X ~ N(0, I), y = Xβ_t + σε, all protocols.</summary>
    /// <param name="d">Input dimension.</param>
    /// <param name="n">Target samples.</param>
    /// <param name="overlap">cos θ.</param>
    /// <param name="sigma">Label noise σ.</param>
    /// <param name="rng">Randomness for this draw.</param>
    /// <param name="depth">Depth for the fine-tuning factor c (null: the paper's c = 1).</param>
    /// <param name="lambda">Readout ridge λ for linear transfer.</param>
    /// <param name="source">
    /// Finite source data (Tahir et al. App. C): pretraining sees n_s = round(γ_s·d) samples and ends at the min-norm
    /// fit β̂_s = X_s⁺y_s (gradient flow from vanishing init, Theorem 3.5 applied to the source), whose balanced rank-one
    /// features (Theorem 3.4) are then transferred. Null = infinite source data (β̂_s = β_s).
    /// </param>
    /// <param name="withOptimalRidge">Also the oracle-ridge scratch risk (see the pair overload); it draws no random numbers.</param>
    public static ExactLimitRisks Draw(int d, int n, double overlap, double sigma, Rng rng, double? depth = null, double lambda = 0, FiniteSource? source = null,
        bool withOptimalRidge = false)
    {
        var pair = OverlapTeacherPair.Draw(d, overlap, rng);
        if (source is null) return Draw(pair, n, sigma, rng, depth, lambda, withOptimalRidge);
        var fitted = FitSource(pair.Source, source.SampleCount(d), source.Sigma, rng);
        return Draw(LinearTeacherPair.FromVectors(fitted, pair.Target), n, sigma, rng, depth, lambda, withOptimalRidge);
    }

    /// <summary>
    /// One draw under a transferability setting (its depth only for fine-tuning, its λ and its source); the oracle ridge
    /// is computed when <paramref name="withOptimalRidge"/> says so, by default when the setting's baseline is that ridge.
    /// </summary>
    public static ExactLimitRisks Draw(TransferabilitySettings s, int d, int n, double overlap, Rng rng, bool? withOptimalRidge = null)
        => Draw(d, n, overlap, s.Sigma, rng, s.Method == DeepLinearProtocol.FineTune ? s.Depth : null, s.Lambda, s.Source,
            withOptimalRidge ?? s.Baseline == ScratchBaseline.OptimalRidge);

    /// <summary>
    /// The end point of pretraining on n_s source samples: X_s ~ N(0, I), y_s = X_sβ_s + σ_sε, β̂_s = X_s⁺y_s
    /// (min-norm interpolant for n_s &lt; d via X_sᵀ(X_sX_sᵀ)⁻¹y_s, least squares for n_s ≥ d via (X_sᵀX_s)⁻¹X_sᵀy_s).
    /// </summary>
    public static double[] FitSource(double[] source, int sourceSamples, double sigmaSource, Rng rng)
    {
        Validation.Require.AtLeast("n-source", sourceSamples, 1);
        Validation.Require.NonNegative("sigma-source", sigmaSource);
        int d = source.Length, ns = sourceSamples;
        var xs = rng.GaussianMatrix(ns, d);
        var ys = LinearAlgebra.Multiply(xs, source);
        for (int i = 0; i < ns; i++) ys[i] += sigmaSource * rng.NextGaussian();
        if (ns < d)
        {
            var coef = LinearAlgebra.CholeskySolve(LinearAlgebra.RowGram(xs), new Matrix(ns, 1, ys)).Data;
            return LinearAlgebra.Multiply(xs, coef, Op.Transpose);
        }
        var xty = LinearAlgebra.Multiply(xs, ys, Op.Transpose);
        return LinearAlgebra.CholeskySolve(LinearAlgebra.Gram(xs), new Matrix(d, 1, xty)).Data;
    }

    /// <summary>
    /// One draw for an arbitrary teacher pair (the pretrained features are rank one along β_s with
    /// ‖β_s‖ as end-to-end norm). The oracle ridge uses λ* = σ²d/(n‖β_t‖²).
    /// </summary>
    /// <param name="pair">Source and target teachers.</param>
    /// <param name="n">Target samples.</param>
    /// <param name="sigma">Label noise σ.</param>
    /// <param name="rng">Randomness for this draw.</param>
    /// <param name="depth">Depth for the fine-tuning factor c (null: the paper's c = 1).</param>
    /// <param name="lambda">Readout ridge λ for linear transfer.</param>
    /// <param name="withOptimalRidge">
    /// Also the oracle-ridge scratch risk. It needs a second factorization (of XXᵀ + nλ*I or XᵀX + nλ*I), about a tenth
    /// of a figure's time at d = 500 (docs/benchmarks.md, "Exact-limit draws"), and only the optimal-ridge comparator reads it; without it
    /// <see cref="ExactLimitRisks.OptimalRidge"/> is null. It draws no random numbers, so every other risk is the same
    /// either way, bit for bit.
    /// </param>
    public static ExactLimitRisks Draw(LinearTeacherPair pair, int n, double sigma, Rng rng, double? depth = null, double lambda = 0,
        bool withOptimalRidge = false)
    {
        Validation.Require.AtLeast("n", n, 1);
        FeaturesAreFateParameters.Noise(sigma);
        Validation.Require.NonNegative("lambda", lambda);
        int d = pair.Source.Length;
        var x = rng.GaussianMatrix(n, d);
        var y = LinearAlgebra.Multiply(x, pair.Target);
        for (int i = 0; i < n; i++) y[i] += sigma * rng.NextGaussian();
        var z = LinearAlgebra.Multiply(x, pair.Source);

        double[] scratch, projectedSource;
        double[]? ridge = null;
        double lambdaStar = sigma * sigma * d / (n * Math.Max(Vec.NormSquared(pair.Target), 1e-300)); // oracle ridge (penalty nλ‖β‖² on the sum of squares)
        if (n <= d)
        {
            var k = LinearAlgebra.RowGram(x);
            var rhs = new Matrix(n, 2);
            for (int i = 0; i < n; i++) { rhs[i, 0] = y[i]; rhs[i, 1] = z[i]; }
            var sol = LinearAlgebra.CholeskySolve(k, rhs);
            scratch = LinearAlgebra.Multiply(x, sol.Column(0), Op.Transpose);
            projectedSource = LinearAlgebra.Multiply(x, sol.Column(1), Op.Transpose);
            if (withOptimalRidge)
            {
                var kr = k.Clone();
                for (int i = 0; i < n; i++) kr[i, i] += n * lambdaStar;
                ridge = lambdaStar > 0
                    ? LinearAlgebra.Multiply(x, LinearAlgebra.CholeskySolve(kr, new Matrix(n, 1, (double[])y.Clone())).Data, Op.Transpose)
                    : scratch;
            }
        }
        else
        {
            var g = LinearAlgebra.Gram(x);
            var xty = LinearAlgebra.Multiply(x, y, Op.Transpose);
            scratch = LinearAlgebra.CholeskySolve(g, new Matrix(d, 1, (double[])xty.Clone())).Data;
            projectedSource = (double[])pair.Source.Clone();
            if (withOptimalRidge)
            {
                var gr = g.Clone();
                for (int i = 0; i < d; i++) gr[i, i] += n * lambdaStar;
                ridge = LinearAlgebra.CholeskySolve(gr, new Matrix(d, 1, xty)).Data;
            }
        }
        var nullSource = Vec.Subtract(pair.Source, projectedSource);
        double c = depth is { } L
            ? DeepDepthScaleFactor.Solve(Vec.NormSquared(pair.Source), Vec.NormSquared(nullSource), Vec.NormSquared(scratch), L)
            : 1.0;
        var fineTuned = (double[])scratch.Clone();
        Vec.Axpy(c, nullSource, fineTuned);
        double readout = Vec.Dot(z, y) / (Vec.NormSquared(z) + n * lambda);
        var transferred = Vec.Scaled(pair.Source, readout);
        return new ExactLimitRisks(
            DeepFineTuningSolution.PopulationRisk(scratch, pair.Target),
            DeepFineTuningSolution.PopulationRisk(transferred, pair.Target),
            DeepFineTuningSolution.PopulationRisk(fineTuned, pair.Target),
            ridge is null ? null : DeepFineTuningSolution.PopulationRisk(ridge, pair.Target),
            c);
    }
}
