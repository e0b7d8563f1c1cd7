using TransferLab.Numerics;
using TransferLab.Validation;

namespace TransferLab.Theory.FineTuningLinearTeachers;

/// <summary>A source/target pair of linear teachers.</summary>
/// <param name="Source">θ_S.</param>
/// <param name="Target">θ_T.</param>
public sealed record LinearTeacherPair(double[] Source, double[] Target);

/// <summary>
/// The teacher family of Shachaf et al. Fig. 2: θ_T is an α-scaled, ε-noised copy of θ_S,
/// θ_T = α·θ_S + ε·ξ with θ_S and ξ independent uniformly random unit vectors (TransferLab's choice;
/// the paper's noise model is unknown, note §3). Optional extra scaling of either teacher (Fig. 2b).
/// </summary>
public static class DeepScaledTeacherPair
{
    /// <summary>Draws the pair. <paramref name="sourceScale"/> multiplies θ_S, <paramref name="targetScale"/> multiplies θ_T afterwards.</summary>
    public static LinearTeacherPair Draw(int d, double scale, double noise, Rng rng, double sourceScale = 1, double targetScale = 1)
    {
        Require.Positive("--d", d);
        Require.NonNegative("--epsilon", noise);
        Require.Positive("--source-scale", sourceScale);
        Require.Positive("--target-scale", targetScale);
        var s = rng.UnitVector(d);
        var xi = rng.UnitVector(d);
        var t = Vec.Scaled(s, scale);
        Vec.Axpy(noise, xi, t);
        s.AsSpan().Scale(sourceScale);
        t.AsSpan().Scale(targetScale);
        return new LinearTeacherPair(s, t);
    }
}
