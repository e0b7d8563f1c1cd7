using TransferLab.Data;
using TransferLab.Numerics;

namespace TransferLab.Theory.Tahir2024;

/// <summary>
/// Unit-norm source and target teachers at a prescribed overlap (Tahir et al. Assumption 3.2 and their code):
/// β_t = cos θ·β_s + sin θ·β_⊥ with β_s uniform on the sphere and β_⊥ a uniform unit vector orthogonal to β_s.
/// Built with the shared <see cref="LinearTeacherPair.AtAngle"/>.
/// </summary>
public static class OverlapTeacherPair
{
    /// <summary>Draws (β_s, β_t) in ℝ^d with β_s·β_t = <paramref name="overlap"/> (cos θ ∈ [−1, 1]). Needs d ≥ 2.</summary>
    public static LinearTeacherPair Draw(int d, double overlap, Rng rng)
    {
        Validation.Require.AtLeast("d", d, 2);
        FeaturesAreFateParameters.Overlap(overlap);
        return LinearTeacherPair.AtAngle(d, Math.Acos(overlap), 1, 1, rng);
    }
}
