using TransferLab.Data;
using TransferLab.Models;
using TransferLab.Schema;

namespace TransferLab.Experiments.Families;

/// <summary>
/// The parameters of pretraining → fine-tuning in a diagonal linear network (Anguita et al. 2026, §3 set-up): the
/// sparse teacher pair (<see cref="SparseTransferTask"/>) and the initialization (c_PT, λ_PT, γ_FT)
/// (<see cref="DiagonalInitialization"/>), declared once and shared by the diagonal family and the regime classifier
/// (<see cref="DiagonalRegime"/>), which take the very same spec objects.
/// </summary>
public static class DiagonalParameters
{
    /// <summary>
    /// Input dimension used to build the task of the theory computation: the replica theory is the D → ∞ limit and does
    /// not depend on it, but a task still needs one (support sizes are rounded from it).
    /// </summary>
    public const int TheoryDimension = 1000;

    /// <summary><c>d</c>: input dimension of the simulated network (simulation only).</summary>
    public static ParameterSpec D { get; } = new()
    {
        Name = "d", Kind = ParameterKind.Integer, UsedBy = Compute.Simulate, Default = "500", Min = 10,
        Doc = "Input dimension D of the simulated network (the replica theory is its D → ∞ limit).",
    };

    /// <summary><c>alpha-ft</c>: FT sample ratios.</summary>
    public static ParameterSpec AlphaFt { get; } = new()
    {
        // Below 1e-12 (fewer than one sample per 10¹² dimensions) the replica's s² is so large that its fixed point is not
        // resolved in double precision (fuzz: α = 5e-324 and 1e-100 found no root); the error there is the α → 0 value 1
        // to 12 digits anyway.
        Name = "alpha-ft", Kind = ParameterKind.RealList, Default = "0.1,0.2,0.3", Min = 1e-12, Max = 1e6,
        Doc = "FT sample ratio α_FT = N_FT/D; a comma-separated list gives one row per value.",
    };

    /// <summary><c>alpha-pt</c>: PT sample ratio, ∞ for oracle pretraining.</summary>
    public static ParameterSpec AlphaPt { get; } = new()
    {
        Name = "alpha-pt", Kind = ParameterKind.Real, Default = "inf", Min = 0, MinExclusive = true, Max = 1e6,
        InfinityMeans = "oracle pretraining: the PT solution equals the PT teacher", InfinityAliases = ["oracle"],
        Doc = "PT sample ratio α_PT = N_PT/D; inf is the paper's main setting.",
    };

    /// <summary><c>c-pt</c>: absolute initialization scale.</summary>
    public static ParameterSpec CPt { get; } = new()
    {
        Name = "c-pt", Kind = ParameterKind.Real, Default = "1e-3", Min = 1e-30, Max = 1e100,
        Doc = "Absolute init scale c_PT (each coordinate starts with squared weight norm 2c_PT; small = rich).",
    };

    /// <summary><c>lambda-pt</c>: relative layer scale; |λ_PT| ≤ c_PT is a cross-parameter rule (<see cref="DiagonalInitialization.Validate"/>).</summary>
    public static ParameterSpec LambdaPt { get; } = new()
    {
        Name = "lambda-pt", Kind = ParameterKind.Real, Default = "0", DependentRange = "in [−c-pt, c-pt]", OutOfRangeExample = "1",
        Doc = "Relative layer scale λ_PT = w² − v² (first layer² − readout²), in [−c_PT, c_PT]; near −c_PT = small early layer.",
    };

    /// <summary><c>gamma-ft</c>: FT readout re-initialization.</summary>
    public static ParameterSpec GammaFt { get; } = new()
    {
        Name = "gamma-ft", Kind = ParameterKind.Real, Default = "0", Min = 0, Max = 1e100,
        Doc = "FT readout re-initialization γ_FT (each readout weight set to γ_FT/√2); must be > 0 when λ_PT = −c_PT.",
    };

    /// <summary><c>rho-pt</c>: PT teacher sparsity.</summary>
    public static ParameterSpec RhoPt { get; } = new()
    {
        Name = "rho-pt", Kind = ParameterKind.Real, Default = "0.1", Min = 0, Max = 1,
        Doc = "PT teacher sparsity ρ_PT (fraction of coordinates with value a_PT).",
    };

    /// <summary><c>rho-ft-shared</c>: FT support inside the PT support; ≤ ρ_PT is a cross-parameter rule (<see cref="SparseTransferTask.Validate"/>).</summary>
    public static ParameterSpec RhoFtShared { get; } = new()
    {
        Name = "rho-ft-shared", Kind = ParameterKind.Real, Default = "0.1", Min = 0, Max = 1,
        Doc = "FT support inside the PT support, ρ_FT^shared, at most ρ_PT.",
    };

    /// <summary><c>rho-ft-new</c>: FT support outside the PT support; ≤ 1 − ρ_PT is a cross-parameter rule (<see cref="SparseTransferTask.Validate"/>).</summary>
    public static ParameterSpec RhoFtNew { get; } = new()
    {
        Name = "rho-ft-new", Kind = ParameterKind.Real, Default = "0", Min = 0, Max = 1,
        Doc = "FT support outside the PT support, ρ_FT^new, at most 1 − ρ_PT. FT values are N(0, 1/ρ_FT), ρ_FT = shared + new > 0.",
    };

    /// <summary><c>sigma</c>: FT label noise.</summary>
    public static ParameterSpec Sigma { get; } = new()
    {
        Name = "sigma", Kind = ParameterKind.Real, Default = "0", Min = 0, Max = 1e6,
        Doc = "FT label-noise SD σ (the error E excludes σ²); at most 10⁶, as the replica's channel variance is searched below e^40.",
    };

    /// <summary><c>sigma-pt</c>: PT label noise.</summary>
    public static ParameterSpec SigmaPt { get; } = new()
    {
        Name = "sigma-pt", Kind = ParameterKind.Real, Default = "0", Min = 0, Max = 1e6,
        Doc = "PT label-noise SD σ_PT (used when alpha-pt is finite).",
    };

    /// <summary><c>a-pt</c>: PT teacher amplitude.</summary>
    public static ParameterSpec APt { get; } = new()
    {
        Name = "a-pt", Kind = ParameterKind.Real, Default = "1", Min = 0, MinExclusive = true, Max = 1e6,
        Doc = "PT teacher amplitude a_PT on its support (at most 10⁶, where the replica finds its fixed point).",
    };

    /// <summary>The initialization's parameters, in help order.</summary>
    public static IReadOnlyList<ParameterSpec> Initialization { get; } = [CPt, LambdaPt, GammaFt];

    /// <summary>Every task and initialization parameter, in help order.</summary>
    public static IReadOnlyList<ParameterSpec> Specs { get; } =
        [D, AlphaFt, AlphaPt, .. Initialization, RhoPt, RhoFtShared, RhoFtNew, Sigma, SigmaPt, APt];

    /// <summary>The α_FT values.</summary>
    public static double[] Alphas(ParameterValues p) => p.Reals(AlphaFt.Name);

    /// <summary>
    /// The task at the first α_FT, validated (cross-parameter rules name the parameter); the theory computation, which
    /// has no <c>d</c>, gets <see cref="TheoryDimension"/>.
    /// </summary>
    public static SparseTransferTask Task(ParameterValues p)
    {
        int d = p.Compute == Compute.Simulate ? p.Integer(D.Name) : TheoryDimension;
        return new SparseTransferTask(d, p.Real(RhoPt.Name), p.Real(RhoFtShared.Name), p.Real(RhoFtNew.Name), Alphas(p)[0], p.Real(AlphaPt.Name),
            p.Real(Sigma.Name), p.Real(SigmaPt.Name), p.Real(APt.Name)).Validate();
    }

    /// <summary>The initialization, validated (|λ_PT| ≤ c_PT and γ_FT &gt; 0 at λ_PT = −c_PT name their parameter).</summary>
    public static DiagonalInitialization Init(ParameterValues p) =>
        new DiagonalInitialization(p.Real(CPt.Name), p.Real(LambdaPt.Name), p.Real(GammaFt.Name)).Validate();
}
