using TransferLab.Data;
using TransferLab.Numerics;
using TransferLab.Theory.Shachaf2021;
using TransferLab.Validation;

namespace TransferLab.Theory.Tahir2024;

/// <summary>‖f‖², ‖Pf‖² and ‖P_⊥f‖² in L²(N(0, I_d)) for a projection onto a span of ReLU features.</summary>
/// <param name="TargetNormSquared">‖f_t‖² = cᵀK_tt c/N².</param>
/// <param name="ProjectedNormSquared">‖P f_t‖² = bᵀK_bb⁻¹b with b = K_bt c/N.</param>
/// <param name="OutOfSpanNormSquared">‖P_⊥f_t‖² = ‖f_t‖² − ‖P f_t‖² (clipped at 0).</param>
public sealed record ReluOverlap(double TargetNormSquared, double ProjectedNormSquared, double OutOfSpanNormSquared);

/// <summary>
/// Tahir et al. §4 / App. E (eqs. 166–173, [V-sec]): the transfer-relevant overlap between a target ReLU teacher and the
/// feature space of a (pretrained) network, computed exactly with the degree-1 arc-cosine kernel
/// E_x[ReLU(wᵀx)ReLU(vᵀx)] = ‖w‖‖v‖(sin φ + (π − φ)cos φ)/(2π) for x ~ N(0, I_d). The linear-transfer error is predicted
/// to be ≈ C(n) + ‖P_⊥f_t‖² with C(n) → 0 (their eq. 18), the ReLU analogue of sin²θ.
/// </summary>
public static class ReluFeatureOverlap
{
    /// <summary>Kernel matrix E[ReLU(a_iᵀx)ReLU(b_jᵀx)] between the rows of two weight matrices.</summary>
    public static Matrix FeatureCovariance(Matrix a, Matrix b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Cols != b.Cols) throw new ParameterException("basis", b.Cols, $"must have d = {a.Cols} columns");
        var dots = LinearAlgebra.Multiply(a, b, Op.None, Op.Transpose);
        var na = ReluNtk.RowNorms(a);
        var nb = ReluNtk.RowNorms(b);
        for (int i = 0; i < a.Rows; i++)
            for (int j = 0; j < b.Rows; j++)
                dots[i, j] = ReluNtk.ArcCosine(dots[i, j], na[i], nb[j]);
        return dots;
    }

    /// <summary>
    /// Projection of the target teacher onto span{ReLU(b_jᵀx)} for the rows b_j of <paramref name="basis"/>
    /// (e.g. a pretrained student's first layer). Every diagonal entry of K_bb is raised by 1e-10 of itself
    /// (<see cref="DiagonalJitter"/>) so that duplicate basis rows do not break the solve.
    /// </summary>
    public static ReluOverlap Compute(Matrix basis, ReluTeacher target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var kbb = FeatureCovariance(basis, basis);
        var kbt = FeatureCovariance(basis, target.Neurons);
        var c = Vec.Scaled(target.OutputWeights, 1.0 / target.Normalizer);
        double total = NormSquared(target);
        var b = LinearAlgebra.Multiply(kbt, c);
        for (int i = 0; i < kbb.Rows; i++) kbb[i, i] += DiagonalJitter * kbb[i, i];
        var sol = LinearAlgebra.CholeskySolve(kbb, new Matrix(b.Length, 1, (double[])b.Clone()));
        double proj = Vec.Dot(b, sol.Data);
        return new ReluOverlap(total, proj, Math.Max(0, total - proj));
    }

    /// <summary>
    /// Relative ridge on the kernel's diagonal, K_ii ← K_ii(1 + 1e-10): it depends on the entry alone, not on the basis size,
    /// so the kernel of a prefix of the basis stays the leading block of the full basis's kernel (docs/tahir2024.md).
    /// </summary>
    public const double DiagonalJitter = 1e-10;

    /// <summary>
    /// The overlap with the source teacher made of the first k neurons of <paramref name="target"/>, for every k in
    /// <paramref name="kept"/> at the cost of one: K_bb is the leading k×k block of K_tt and b = K_bt c/N the first k entries of
    /// K_tt c/N, so one <see cref="NestedCholesky"/> factor L of the jittered K_tt and one forward substitution z = L⁻¹(K_tt c/N)
    /// give ‖P f_t‖² = ‖z_{&lt;k}‖² for every k (docs/tahir2024.md §3, nested sources). The overlap of one source sub-teacher is
    /// this with one k, so a point of a μ-curve equals the single-point computation bit for bit.
    /// </summary>
    public static ReluOverlap[] ForTargetPrefixes(ReluTeacher target, IReadOnlyList<int> kept)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(kept);
        int m = target.Neurons.Rows;
        foreach (int k in kept) Require.InRange("neurons-kept", k, 1, m);
        var ktt = FeatureCovariance(target.Neurons, target.Neurons);
        var c = Vec.Scaled(target.OutputWeights, 1.0 / target.Normalizer);
        double total = Vec.QuadraticForm(ktt, c);
        var b = new double[m];
        for (int i = 0; i < m; i++) b[i] = Vec.Dot(ktt.Row(i), c);
        for (int i = 0; i < m; i++) ktt[i, i] += DiagonalJitter * ktt[i, i];
        int largest = kept.Count == 0 ? 0 : kept.Max();
        var leading = new Matrix(largest, largest);
        for (int i = 0; i < largest; i++) ktt.Row(i)[..largest].CopyTo(leading.Row(i));
        var projected = NestedCholesky.PrefixSquaredNorms(NestedCholesky.ForwardSubstitute(NestedCholesky.Factor(leading), b.AsSpan(0, largest)));
        return kept.Select(k => new ReluOverlap(total, projected[k], Math.Max(0, total - projected[k]))).ToArray();
    }

    /// <summary>‖f_t‖² = cᵀK_tt c/N² in L²(N(0, I_d)), exact.</summary>
    public static double NormSquared(ReluTeacher target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return Vec.QuadraticForm(FeatureCovariance(target.Neurons, target.Neurons), Vec.Scaled(target.OutputWeights, 1.0 / target.Normalizer));
    }

    /// <summary>‖P_⊥f_t‖² with the source teacher's neurons, the first ones of the target's, as the basis (Fig. 3(d)-type curve vs μ).</summary>
    public static ReluOverlap ForPair(ReluTeacherPair pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        return ForTargetPrefixes(pair.Target, [pair.Source.Neurons.Rows])[0];
    }
}
