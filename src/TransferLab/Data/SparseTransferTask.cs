using TransferLab.Numerics;
using TransferLab.Validation;

namespace TransferLab.Data;

/// <summary>
/// The sparse teacher pair of Anguita et al. 2026 (docs/anguita2026.md §1.4, §3.4): inputs x ~ N(0, I/D);
/// a pretraining teacher with constant amplitude a_PT on a random support of ρ_PT·D coordinates; a fine-tuning
/// teacher with Gaussian values N(0, 1/ρ_FT) (so E[β*²] = 1 per coordinate) on ρ_FT^shared·D coordinates inside the
/// PT support and ρ_FT^new·D coordinates outside it, ρ_FT = ρ_FT^shared + ρ_FT^new.
/// </summary>
/// <param name="D">Input dimension.</param>
/// <param name="RhoPt">PT support fraction ρ_PT.</param>
/// <param name="RhoFtShared">FT support fraction inside the PT support, ρ_FT^shared ≤ ρ_PT.</param>
/// <param name="RhoFtNew">FT support fraction outside the PT support, ρ_PT + ρ_FT^new ≤ 1.</param>
/// <param name="AlphaFt">FT sample ratio α_FT = N_FT/D.</param>
/// <param name="AlphaPt">PT sample ratio α_PT = N_PT/D; ∞ means the PT solution equals the PT teacher ("oracle PT").</param>
/// <param name="Sigma">FT label-noise standard deviation σ.</param>
/// <param name="SigmaPt">PT label-noise standard deviation.</param>
/// <param name="PretrainAmplitude">a_PT, the value of the PT teacher on its support.</param>
public sealed record SparseTransferTask(
    int D, double RhoPt, double RhoFtShared, double RhoFtNew, double AlphaFt,
    double AlphaPt = double.PositiveInfinity, double Sigma = 0, double SigmaPt = 0, double PretrainAmplitude = 1)
{
    /// <summary>ρ_FT = ρ_FT^shared + ρ_FT^new.</summary>
    public double RhoFt => RhoFtShared + RhoFtNew;

    /// <summary>True when PT is taken as exact (β̂_PT = β*_PT), the setting of the paper's main curves.</summary>
    public bool OraclePretraining => double.IsPositiveInfinity(AlphaPt);

    /// <summary>Number of FT samples round(α_FT·D) (at least 1).</summary>
    public int FineTuneSamples => Require.Count("alpha-ft", AlphaFt, AlphaFt * D, "N_FT = round(α_FT·D)");

    /// <summary>Number of PT samples round(α_PT·D) (at least 1); only meaningful without oracle PT.</summary>
    public int PretrainSamples => OraclePretraining ? 0 : Require.Count("alpha-pt", AlphaPt, AlphaPt * D, "N_PT = round(α_PT·D)");

    /// <summary>Support sizes (PT, FT shared, FT new) rounded to whole coordinates.</summary>
    public (int Pt, int Shared, int New) SupportSizes =>
        ((int)Math.Round(RhoPt * D), (int)Math.Round(RhoFtShared * D), (int)Math.Round(RhoFtNew * D));

    /// <summary>Throws <see cref="ParameterException"/> naming the parameter (as the diagonal schema spells it) when a value is out of range.</summary>
    public SparseTransferTask Validate()
    {
        Require.Positive("d", D);
        Require.Probability("rho-pt", RhoPt);
        Require.Probability("rho-ft-shared", RhoFtShared);
        Require.Probability("rho-ft-new", RhoFtNew);
        if (RhoFtShared > RhoPt)
            throw new ParameterException("rho-ft-shared", RhoFtShared, $"must be ≤ rho-pt = {RhoPt} (shared FT dimensions lie inside the PT support)");
        if (RhoPt + RhoFtNew > 1 + 1e-12)
            throw new ParameterException("rho-ft-new", RhoFtNew, $"must be ≤ 1 − rho-pt = {1 - RhoPt} (new FT dimensions lie outside the PT support)");
        if (RhoFt <= 0)
            throw new ParameterException("rho-ft-new", RhoFtNew, $"with rho-ft-shared = {RhoFtShared}: ρ_FT^shared + ρ_FT^new must be > 0 (the FT teacher needs a support)");
        Require.Positive("alpha-ft", AlphaFt);
        if (!double.IsFinite(AlphaFt)) throw new ParameterException("alpha-ft", AlphaFt, "must be finite");
        if (!(AlphaPt > 0)) throw new ParameterException("alpha-pt", AlphaPt, "must be > 0 (or infinity for oracle pretraining)");
        Require.NonNegative("sigma", Sigma);
        Require.NonNegative("sigma-pt", SigmaPt);
        Require.Positive("a-pt", PretrainAmplitude);
        return this;
    }

    /// <summary>
    /// Draws the teacher pair: a uniformly random permutation splits the coordinates into PT support (its first
    /// ρ_FT^shared·D coordinates shared with FT) and the rest (its first ρ_FT^new·D coordinates new FT dimensions).
    /// </summary>
    public (double[] PretrainTeacher, double[] FineTuneTeacher) SampleTeachers(Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var (nPt, nShared, nNew) = SupportSizes;
        var perm = new int[D];
        for (int i = 0; i < D; i++) perm[i] = i;
        for (int i = D - 1; i > 0; i--) { int j = rng.NextInt(i + 1); (perm[i], perm[j]) = (perm[j], perm[i]); }
        var pt = new double[D];
        var ft = new double[D];
        double sd = 1 / Math.Sqrt(RhoFt);
        for (int k = 0; k < nPt; k++) pt[perm[k]] = PretrainAmplitude;
        for (int k = 0; k < nShared; k++) ft[perm[k]] = sd * rng.NextGaussian();
        for (int k = 0; k < nNew && nPt + k < D; k++) ft[perm[nPt + k]] = sd * rng.NextGaussian();
        return (pt, ft);
    }
}
