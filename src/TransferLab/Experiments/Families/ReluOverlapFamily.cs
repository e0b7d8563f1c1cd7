using TransferLab.Data;
using TransferLab.Numerics;
using TransferLab.Schema;
using TransferLab.Theory.Tahir2024;

namespace TransferLab.Experiments.Families;

/// <summary>
/// Feature overlap of two ReLU teachers (Tahir et al. 2024 §4, eq. 18 / App. E): a random target teacher with m* neurons, the
/// source the same teacher with a fraction μ of its neurons removed, and ‖f_t‖², ‖P f_t‖², ‖P_⊥f_t‖² of the target projected
/// on the span of the source's features under x ~ N(0, I_d), exact through the arc-cosine kernel (docs/tahir2024.md). It is the
/// n → ∞ error of linear transfer from a perfect source; <see cref="ReluFamily"/> (experiment features) simulates the transfer.
/// </summary>
public sealed class ReluOverlapFamily : ModelFamily
{
    /// <summary>Output of the theory computation.</summary>
    /// <param name="Mu">Removed fraction μ.</param>
    /// <param name="SourceNeurons">Neurons of the source teacher (round((1 − μ)m*), at least one).</param>
    /// <param name="TargetNeurons">Neurons m* of the target teacher.</param>
    /// <param name="TargetNormSquared">‖f_t‖².</param>
    /// <param name="ProjectedNormSquared">‖P f_t‖², the part in the source's span.</param>
    /// <param name="OutOfSpanNormSquared">‖P_⊥f_t‖².</param>
    /// <param name="OutOfSpanFraction">‖P_⊥f_t‖²/‖f_t‖².</param>
    public sealed record TheoryResult(double Mu, int SourceNeurons, int TargetNeurons, double TargetNormSquared,
        double ProjectedNormSquared, double OutOfSpanNormSquared, double OutOfSpanFraction);

    /// <inheritdoc />
    public override ModelSchema Schema { get; } = new("relu-overlap", Compute.Theory,
    [
        new() { Name = "d", Kind = ParameterKind.Integer, UsedBy = Compute.Theory, Default = "100", Min = 1, Doc = "Input dimension d (x ~ N(0, I_d))." },
        new() { Name = "teacher-width", Kind = ParameterKind.Integer, UsedBy = Compute.Theory, Default = "100", Min = 1, Doc = "Target teacher width m*." },
        new() { Name = "mu", Kind = ParameterKind.Real, UsedBy = Compute.Theory, Default = "0.5", Min = 0, Max = 1,
            Doc = "Fraction μ of target neurons removed to form the source teacher." },
        new() { Name = "seed", Kind = ParameterKind.Seed, UsedBy = Compute.Theory, Default = "1", Doc = "Seed of the random teacher." },
    ]);

    /// <inheritdoc />
    public override string Paper => "Tahir et al. 2024";

    /// <inheritdoc />
    public override string TheoryDescription =>
        "Feature overlap of Tahir et al. §4: ‖f_t‖², ‖P f_t‖² and ‖P_⊥f_t‖² of a random ReLU target teacher projected on the span of its source sub-teacher (arc-cosine kernel, exact).";

    /// <inheritdoc />
    /// <remarks>Measured: the teachers' m*×d weights and their projections (~4 m*·d) and the m*×m* arc-cosine kernels (~3 m*²).</remarks>
    public override MemoryEstimate? EstimateMemory(ParameterValues p, int runsInFlight)
    {
        double d = p.Integer("d"), m = p.Integer("teacher-width");
        return MemoryEstimate.OfDoubles(4 * m * d + 3 * m * m, "teacher-width", "d");
    }

    /// <inheritdoc />
    public override ModelResult Theory(ParameterValues p)
    {
        var target = Target(p);
        double mu = p.Real("mu");
        int keep = ReluTeacherPair.KeptNeurons(target.Neurons.Rows, mu);
        var result = Result(mu, keep, target.Neurons.Rows, ReluFeatureOverlap.ForTargetPrefixes(target, [keep])[0]);
        return new ModelResult(result, new Report().Record(result, "ReLU feature overlap"));
    }

    /// <inheritdoc />
    /// <remarks>
    /// Over μ the target teacher is the same at every point and each source is a prefix of it, so one target kernel, one
    /// nested Cholesky factor and one forward substitution serve the whole curve (<see cref="ReluFeatureOverlap.ForTargetPrefixes"/>);
    /// other sweeps draw a new teacher per point and fall back to the per-point default.
    /// </remarks>
    public override IReadOnlyList<object> TheoryCurve(string sweep, IReadOnlyList<ParameterValues> points)
    {
        if (sweep != "mu" || points.Count == 0) return base.TheoryCurve(sweep, points);
        var target = Target(points[0]);
        int m = target.Neurons.Rows;
        var mus = points.Select(p => p.Real("mu")).ToArray();
        var keeps = mus.Select(mu => ReluTeacherPair.KeptNeurons(m, mu)).ToArray();
        var overlaps = ReluFeatureOverlap.ForTargetPrefixes(target, keeps);
        return Enumerable.Range(0, points.Count).Select(i => (object)Result(mus[i], keeps[i], m, overlaps[i])).ToArray();
    }

    /// <summary>The random target teacher of <see cref="ReluTeacherPair.WithRemovedFraction"/> (the source is its first round((1 − μ)m*) neurons; the target does not depend on μ).</summary>
    private static ReluTeacher Target(ParameterValues p) =>
        ReluTeacherPair.WithRemovedFraction(p.Integer("d"), p.Integer("teacher-width"), p.Real("mu"), SeedSequence.For(p.Seed("seed"), 5, 2)).Target;

    private static TheoryResult Result(double mu, int keep, int m, ReluOverlap o) =>
        new(mu, keep, m, o.TargetNormSquared, o.ProjectedNormSquared, o.OutOfSpanNormSquared, o.OutOfSpanNormSquared / o.TargetNormSquared);
}
