using TransferLab.Numerics;
using TransferLab.Validation;

namespace TransferLab.Data;

/// <summary>
/// A source teacher θ_S (the pretrained solution) and a target teacher θ_T, with the relations used in
/// Shachaf et al. (2021): scaled-and-noised copies (their Fig. 2), a set angle, and a difference
/// θ_S − θ_T placed in chosen eigen-directions of the target covariance.
/// </summary>
public sealed record LinearTeacherPair(double[] Source, double[] Target, string Description)
{
    /// <summary>Dimension d.</summary>
    public int Dimension => Target.Length;

    /// <summary>w = θ_S − θ_T, the only thing the fine-tuning bias depends on (docs/shachaf2021.md §2.1a).</summary>
    public double[] Difference => Vec.Subtract(Source, Target);

    /// <summary>cos∠(θ_S, θ_T).</summary>
    public double Cosine => Vec.Dot(Source, Target) / (Vec.Norm(Source) * Vec.Norm(Target));

    /// <summary>Given vectors.</summary>
    public static LinearTeacherPair FromVectors(double[] source, double[] target)
    {
        if (source.Length != target.Length)
            throw new ParameterException("source-weights", $"has {source.Length} entries, the target has {target.Length}");
        return new(source, target, "explicit");
    }

    /// <summary>
    /// θ_S a uniformly random unit vector, ξ an independent one, and θ_T = α θ_S + ε ξ
    /// (the "α-scaled, ε-noised" target of Shachaf et al. Fig. 2a).
    /// </summary>
    public static LinearTeacherPair ScaledNoisyCopy(int d, double scale, double noise, Rng rng)
    {
        Require.Positive("d", d);
        Require.NonNegative("copy-noise", noise);
        if (!double.IsFinite(scale)) throw new ParameterException("copy-scale", scale, "must be finite");
        var s = rng.UnitVector(d);
        var xi = rng.UnitVector(d);
        var t = Vec.Scaled(s, scale);
        Vec.Axpy(noise, xi, t);
        return new(s, t, $"scaled-copy(alpha={scale},eps={noise})");
    }

    /// <summary>‖θ_S‖ = <paramref name="sourceNorm"/>, ‖θ_T‖ = <paramref name="targetNorm"/>, angle φ (radians) between them; random orientation.</summary>
    public static LinearTeacherPair AtAngle(int d, double angle, double sourceNorm, double targetNorm, Rng rng)
    {
        Require.AtLeast("d", d, 2);
        Require.InRange("angle", angle, 0, Math.PI);
        Require.Positive("source-norm", sourceNorm);
        Require.Positive("target-norm", targetNorm);
        var u = rng.UnitVector(d);
        var v = rng.UnitVector(d);
        Vec.Axpy(-Vec.Dot(u, v), u, v); // Gram–Schmidt: v ⊥ u
        v.AsSpan().Scale(1 / Vec.Norm(v));
        var s = Vec.Scaled(u, sourceNorm);
        var t = Vec.Scaled(u, targetNorm * Math.Cos(angle));
        Vec.Axpy(targetNorm * Math.Sin(angle), v, t);
        return new(s, t, $"angle({angle:G4} rad)");
    }

    /// <summary>
    /// θ_T with i.i.d. N(0, <paramref name="targetScale"/>²) coordinates in Σ's eigenbasis, and
    /// θ_S = θ_T + w where w is a Gaussian direction supported on eigen-directions
    /// [<paramref name="first"/>, <paramref name="last"/>) (0-based, descending eigenvalue order) with ‖w‖ = <paramref name="differenceNorm"/>.
    /// </summary>
    public static LinearTeacherPair DifferenceInEigendirections(CovarianceModel cov, int first, int last, double differenceNorm, Rng rng, double targetScale = 1.0)
    {
        int d = cov.Dimension;
        Require.InRange("diff-first", first, 0, d - 1);
        Require.InRange("diff-last", last, first + 1, d);
        Require.NonNegative("diff-norm", differenceNorm);
        Require.NonNegative("target-sd", targetScale);
        var tEig = rng.Gaussian(d, targetScale);
        var wEig = new double[d];
        for (int i = first; i < last; i++) wEig[i] = rng.NextGaussian();
        double norm = Vec.Norm(wEig);
        if (norm > 0) wEig.AsSpan().Scale(differenceNorm / norm);
        var target = cov.FromEigenbasis(tEig);
        var source = cov.FromEigenbasis(Vec.Add(tEig, wEig));
        return new(source, target, $"difference-in-eigendirections[{first},{last}),|w|={differenceNorm}");
    }
}
