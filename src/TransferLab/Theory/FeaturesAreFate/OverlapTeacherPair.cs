using TransferLab.Numerics;
using TransferLab.Theory.FineTuningLinearTeachers;

namespace TransferLab.Theory.FeaturesAreFate;

/// <summary>
/// Unit-norm source and target teachers at a prescribed overlap (Tahir et al. Assumption 3.2 and their code):
/// β_t = cos θ·β_s + sin θ·β_⊥ with β_s uniform on the sphere and β_⊥ a uniform unit vector orthogonal to β_s.
/// </summary>
public static class OverlapTeacherPair
{
    /// <summary>Draws (β_s, β_t) in ℝ^d with β_s·β_t = <paramref name="overlap"/>. Needs d ≥ 2.</summary>
    public static LinearTeacherPair Draw(int d, double overlap, Rng rng)
    {
        Validation.Require.AtLeast("--d", d, 2);
        FeaturesAreFateParameters.Overlap(overlap);
        var s = rng.UnitVector(d);
        double[] perp;
        double norm;
        do
        {
            perp = rng.Gaussian(d);
            Vec.Axpy(-Vec.Dot(perp, s), s, perp);
            norm = Vec.Norm(perp);
        } while (norm < 1e-8);
        perp.AsSpan().Scale(1 / norm);
        var t = Vec.Scaled(s, overlap);
        Vec.Axpy(Math.Sqrt(FeaturesAreFateParameters.SinSquared(overlap)), perp, t);
        return new LinearTeacherPair(s, t);
    }
}
