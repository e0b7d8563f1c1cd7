using TransferLab.Data;
using TransferLab.Models;
using TransferLab.Numerics;
using TransferLab.Schema;
using TransferLab.Theory.Shachaf2021;
using TransferLab.Theory.Shared;
using TransferLab.Theory.Tahir2024;
using TransferLab.Validation;

namespace TransferLab.Experiments.Families;

/// <summary>
/// Transfer in deep linear networks (Tahir, Ganguli &amp; Rotskoff 2024, "Features are fate"; Shachaf, Brutzkus &amp;
/// Globerson 2021, §4): the proportional-limit risks of scratch training, linear transfer, fine-tuning and a frozen first
/// layer, and their check by gradient descent over random tasks (docs/tahir2024.md, docs/shachaf2021.md).
/// </summary>
public sealed class DeepLinearFamily : ModelFamily
{
    /// <summary>Output of the theory for Σ = I (risks are ‖β̂ − β_t‖², σ² excluded; proportional limit unless "finite_d").</summary>
    public sealed record TheoryResult(
        int D, int N, double Alpha, double Overlap, double ThetaDegrees, double Sigma, string Depth, double Lambda,
        double ScratchRisk, double ScratchRiskFiniteD,
        double LinearTransferRisk, double LinearTransferRiskFiniteN,
        double FineTuneRiskPaper, double FineTuneScaleFactor, double FineTuneRiskDepth, double? FineTuneRiskDepthFiniteD,
        double FrozenFirstLayerRiskFloor, double OptimalRidgeScratchRisk,
        double TransferabilityLinearTransfer, double TransferabilityFineTunePaper, double TransferabilityFineTuneDepth,
        double TransferabilityLinearTransferVsOptimalRidge,
        double? NegativeBandLowerAlpha, double? NegativeBandUpperAlpha, double NegativeAboveAlpha,
        double FineTuneCriticalThetaDegrees, double OptimalRidgeCriticalAlpha,
        double KlSourceTarget, double DudleyLowerBound,
        double? AlphaSource = null, double? SigmaSource = null, double? SourceFitNormSquared = null, double? SourceFitAlignment = null,
        double? FiniteSourceLinearTransferRisk = null, double? FiniteSourceFineTuneRiskPaper = null, double? FiniteSourceFineTuneScaleFactor = null,
        double? FiniteSourceFineTuneRiskDepth = null, double? FiniteSourceTransferabilityLinearTransfer = null,
        double? FiniteSourceTransferabilityFineTunePaper = null, double? FiniteSourceTransferabilityFineTuneDepth = null,
        double? FiniteSourceFineTuneCriticalThetaDegreesPaper = null, double? FiniteSourceFineTuneCriticalThetaDegreesDepth = null,
        IReadOnlyDictionary<string, string>? NullReasons = null);

    /// <summary>
    /// Output of the theory for a non-isotropic spectrum: risks ‖β̂ − β_t‖²_Σ for one pair of unit teachers at the overlap,
    /// oriented at random by the task seed (proportional-limit deterministic equivalents).
    /// </summary>
    public sealed record AnisotropicTheoryResult(
        int D, int N, double Alpha, double Overlap, double ThetaDegrees, double Sigma, string Depth, double Lambda, string Spectrum, ulong TaskSeed,
        double SourceNormSigma, double TargetNormSigma, double SourceTargetInnerSigma,
        double ScratchRisk, double LinearTransferRisk, double LinearTransferRiskFiniteN,
        double FineTuneRiskPaper, double FineTuneScaleFactor, double FineTuneRiskDepth, double FrozenFirstLayerRiskFloor,
        double TransferabilityLinearTransfer, double TransferabilityFineTunePaper, double TransferabilityFineTuneDepth,
        double KlSourceTarget, string IsotropicOnly, IReadOnlyDictionary<string, string>? NullReasons = null);

    /// <summary>What the theory leaves out for a non-isotropic Σ, and why.</summary>
    public const string IsotropicOnlyNote = "optimal-ridge scratch, phase-boundary positions, fine-tune break-even angle, exact finite-d forms, " +
        "Dudley bound and finite-source (alpha-source) theory: closed forms exist only for Σ = I (Tahir et al. Assumption 3.1)";

    /// <summary>Output of the simulation.</summary>
    /// <param name="D">Input dimension.</param>
    /// <param name="N">Target samples, round(α·d).</param>
    /// <param name="Alpha">α = n/d.</param>
    /// <param name="Overlap">cos θ between source and target teachers.</param>
    /// <param name="Sigma">Target label noise SD.</param>
    /// <param name="Depth">Network depth L.</param>
    /// <param name="Widths">Hidden widths, comma-separated.</param>
    /// <param name="Protocol">linear-transfer or fine-tune.</param>
    /// <param name="Pretrain">How the source network was obtained: balanced (exact rank-one weights) or population (gradient flow on the population source loss).</param>
    /// <param name="InitScale">Initialisation scale of scratch training and population pretraining.</param>
    /// <param name="Seeds">Runs averaged.</param>
    /// <param name="MeanRisk">Mean target risk over the runs.</param>
    /// <param name="Status">ok, or diverged when a run's gradient descent diverged (its numbers are withheld).</param>
    /// <param name="DivergedSeeds">Runs whose pretraining or training diverged (<see cref="Training.DivergenceRule"/>).</param>
    /// <param name="StepCapHits">Runs whose gradient descent used the whole max-steps budget without meeting the stopping rule.</param>
    /// <param name="StandardError">SE of the mean risk by <paramref name="SeMethod"/>.</param>
    /// <param name="SeMethod">normal (sample SD/√seeds) or bootstrap (near n = d, where the risk is heavy-tailed: the bootstrap percentile half-width on the theory's side, never below the normal SE).</param>
    /// <param name="GdBias">Mean of GD risk − exact-flow-limit risk on the same data: gradient descent's discretisation bias (O(step-fraction)), reported apart from the sampling error.</param>
    /// <param name="GdBiasSe">SE of that paired difference; no z-score is formed from it (the bias is deterministic, not sampling noise).</param>
    /// <param name="GdBiasBasis">round-off (no gradient descent, e.g. linear transfer's exact solve: the difference is round-off) or discretisation.</param>
    /// <param name="TheoryAsymptotic">Proportional-limit theory (n, d → ∞ at α = n/d; for linear transfer n → ∞).</param>
    /// <param name="TheoryFiniteN">Exact finite-(n, d) theory where a closed form exists (Σ = I, infinite source).</param>
    /// <param name="ComparisonTheory">The value the mean risk is compared with: theory_finite_n where it exists, else theory_asymptotic.</param>
    /// <param name="AbsDiff">|mean risk − comparison theory|.</param>
    /// <param name="ZScore">(mean − theory)/SE where the SE is a sampling error of meaningful size (<see cref="Comparison.Basis"/>).</param>
    /// <param name="ComparisonBasis">sampling, absolute or round-off (docs/architecture.md, "Comparison rule").</param>
    /// <param name="LimitMeanRisk">Mean risk of the exact gradient-flow limit on the same data.</param>
    /// <param name="LimitStandardError">Its standard error.</param>
    /// <param name="MeanDistanceToLimit">Mean ‖β_GD − β_limit‖ between the trained end-to-end weights and the exact flow limit.</param>
    /// <param name="NotConverged">Runs that stopped before the loss tolerance.</param>
    /// <param name="MeanSteps">Mean gradient steps per run.</param>
    /// <param name="MeanImbalance">Mean final layer imbalance max_l ‖W_lᵀW_l − W_{l+1}W_{l+1}ᵀ‖_F (conserved by the flow, drifts by O(η) under GD).</param>
    /// <param name="Spectrum">Input covariance spectrum.</param>
    /// <param name="AlphaSource">Source samples per dimension (null: infinite source).</param>
    /// <param name="SigmaSource">Source label noise SD (null: infinite source).</param>
    /// <param name="TheoryNote">Why a theory value is missing or which form was used.</param>
    /// <param name="NullReasons">Why a null field is null (snake_case path → sentence).</param>
    public sealed record SimulationResult(int D, int N, double Alpha, double Overlap, double Sigma, int Depth, string Widths, string Protocol,
        string Pretrain, double InitScale, int Seeds, string Status, int DivergedSeeds, int StepCapHits,
        double MeanRisk, double StandardError, string SeMethod, double LimitMeanRisk, double LimitStandardError,
        double MeanDistanceToLimit, double GdBias, double GdBiasSe, string GdBiasBasis,
        double? TheoryAsymptotic, double? TheoryFiniteN, double? ComparisonTheory, double? AbsDiff, double? ZScore, string? ComparisonBasis,
        int NotConverged, double MeanSteps, double MeanImbalance,
        string Spectrum = "isotropic", double? AlphaSource = null, double? SigmaSource = null, string? TheoryNote = null,
        IReadOnlyDictionary<string, string>? NullReasons = null);

    /// <summary>|n − d| at or below which scratch and fine-tuning risks with σ &gt; 0 are heavy-tailed (E tr((XᵀX)⁻²) is infinite for |n − d| ≤ 3, large nearby): max(4, d/4).</summary>
    public static bool NearInterpolationThreshold(int n, int d) => Math.Abs(n - d) <= Math.Max(4, d / 4.0);

    /// <summary>Bootstrap resamples for the SE near the interpolation threshold.</summary>
    public const int BootstrapResamples = 4000;

    /// <inheritdoc />
    public override ModelSchema Schema { get; } = new("deep-linear", Compute.Both,
    [
        new() { Name = "d", Kind = ParameterKind.Integer, Default = "500", SimulateDefault = "30", Min = 4,
            Doc = "Input dimension d (default 500 for theory, 30 for simulate)." },
        new() { Name = "alpha", Kind = ParameterKind.Real, Default = "0.5", Min = 0, MinExclusive = true,
            Doc = "Target sample ratio α = n/d (Tahir et al.'s γ); n = round(α·d)." },
        new() { Name = "overlap", Kind = ParameterKind.Real, Default = "0.8", Min = -1, Max = 1,
            Doc = "Feature-space overlap cos θ = β_s·β_t of the unit-norm source and target teachers." },
        DeepLinearParameters.Sigma,
        new() { Name = "depth", Kind = ParameterKind.Real, Default = "2", Min = 1, InfinityMeans = "theory only: the infinite-depth limit of the balanced-flow factor c_L",
            Doc = "Depth L = number of weight matrices, an integer (1 = linear regression)." },
        new() { Name = "widths", Kind = ParameterKind.IntegerList, UsedBy = Compute.Simulate, Min = 1,
            Doc = "Hidden widths k₁,…,k_{L−1} (one value = every hidden layer; default d)." },
        new() { Name = "protocol", Kind = ParameterKind.Choice, UsedBy = Compute.Simulate, Default = "fine-tune", Choices = DeepLinearProtocolNames.All,
            Doc = "Transfer protocol: scratch, linear-transfer (readout refit on the pretrained features), fine-tune (every layer) or frozen (leading layers fixed)." },
        new() { Name = "frozen-layers", Kind = ParameterKind.Integer, UsedBy = Compute.Simulate, Default = "1", Min = 1,
            Doc = "frozen protocol: number of leading layers W₁…W_F held fixed (F ≤ L − 1)." },
        new() { Name = "pretrain", Kind = ParameterKind.Choice, UsedBy = Compute.Simulate, Default = "balanced", Choices = ["balanced", "population"],
            Doc = "How the source network is obtained: balanced (exact balanced rank-one weights with product β_s, Shachaf et al.) or population (gradient flow on the population source loss from init-scale, Tahir et al.)." },
        new() { Name = "init-scale", Kind = ParameterKind.Real, UsedBy = Compute.Simulate, Default = "0.001", Min = 0, MinExclusive = true,
            Doc = "Initialisation scale for scratch training and population pretraining (Tahir et al.'s α; small = rich regime)." },
        DeepLinearParameters.Lambda,
        .. DeepLinearParameters.Covariance,
        new() { Name = "task-seed", Kind = ParameterKind.Seed, UsedBy = Compute.Theory, Default = "0",
            Doc = "Non-isotropic spectrum only: seed of the random orientation of the unit teachers relative to Σ's eigenbasis." },
        DeepLinearParameters.AlphaSource,
        DeepLinearParameters.SigmaSource,
        new() { Name = "seeds", Kind = ParameterKind.Integer, UsedBy = Compute.Simulate, Default = "10", Min = 2, Max = 10_000,
            Doc = "Independent runs (fresh teachers, design, noise and init each)." },
        new() { Name = "step-fraction", Kind = ParameterKind.Real, UsedBy = Compute.Simulate, Default = "0.2", Min = 1e-6, Max = 1,
            Doc = "GD step as a fraction of the stability scale 1/(L·λ_max(XᵀX/n)·‖β‖^{2−2/L}); the GD-vs-flow error is proportional to it." },
        new() { Name = "max-steps", Kind = ParameterKind.Integer, UsedBy = Compute.Simulate, Default = "200000", Min = 1,
            Doc = "GD step budget per run; runs that do not meet ‖∇‖ ≤ 1e-9·max‖∇‖ are reported as not converged." },
    ]);

    /// <inheritdoc />
    public override string Paper => "Tahir, Ganguli & Rotskoff 2024; Shachaf, Brutzkus & Globerson 2021";

    /// <inheritdoc />
    public override string TheoryDescription => "Deep linear network transfer theory: scratch, linear transfer, fine-tuning (paper c = 1 and depth-L balanced factor c_L), " +
        "frozen first layer, optimally tuned ridge scratch, transferabilities and phase-boundary positions (Tahir et al. Thms 3.6–3.9; Shachaf et al. §4); " +
        "with alpha-source also the finite-source risks (App. C, Theorem C.1); with a non-isotropic spectrum the risks that have a general-Σ theory.";

    /// <inheritdoc />
    public override string SimulateDescription => "Train deep linear networks by gradient descent (small-step gradient flow) under one protocol over random tasks; " +
        "report mean risk ± SE next to the exact gradient-flow limit on the same data and the proportional-limit theory (where one exists).";

    /// <inheritdoc />
    /// <remarks>
    /// The theory holds a few d-vectors (the spectrum, the teachers). A simulated run holds the target and source designs
    /// (~3 (n + n_s)·d), the L weight matrices with their gradients (~4 Σ k_i·k_{i+1} over the layer sizes d, k₁, …, 1),
    /// and the exact gradient-flow limit's d×d and min(n, d)² factors.
    /// </remarks>
    public override MemoryEstimate? EstimateMemory(ParameterValues p, int runsInFlight)
    {
        double d = p.Integer("d");
        if (p.Compute == Compute.Theory) return MemoryEstimate.OfDoubles(16 * d, "d");
        double n = p.Real("alpha") * d;
        double ns = p.OptionalReal("alpha-source") is double a ? a * d : 0;
        double depth = double.IsFinite(p.Real("depth")) ? p.Real("depth") : 1;
        var widths = p.OptionalIntegers("widths");
        double weights = 0, previous = d;
        for (double layer = 1; layer < depth && layer <= 1e7; layer++)
        {
            double k = widths is null ? d : widths[Math.Min(widths.Length - 1, (int)layer - 1)];
            weights += previous * k;
            previous = k;
        }
        if (depth > 1e7) weights = double.PositiveInfinity;
        weights += previous;
        double run = 3 * (n + ns) * d + 4 * weights + 4 * d * d + 3 * Math.Min(n, d) * Math.Min(n, d);
        string[] drivers = ns > n ? ["alpha-source", "d", "depth", "widths", "threads"] : ["d", "alpha", "depth", "widths", "threads"];
        return MemoryEstimate.OfDoubles(MemoryEstimate.InFlight(runsInFlight, p.Integer("seeds")) * run, drivers);
    }

    /// <inheritdoc />
    public override ModelResult Theory(ParameterValues p)
    {
        int d = p.Integer("d");
        double alpha = p.Real("alpha"), overlap = p.Real("overlap"), sigma = p.Real("sigma"), lambda = p.Real("lambda");
        double depth = DeepLinearParameters.Depth(p, allowInfinite: true);
        int n = DeepLinearParameters.SampleCount(alpha, d);
        var cov = DeepLinearParameters.InputCovariance(p);
        var source = DeepLinearParameters.Source(p);
        if (p.Text("spectrum") != "isotropic")
        {
            if (source is not null)
                throw new ParameterException("spectrum", p.Text("spectrum"), "must be isotropic with alpha-source: the finite-source theory (Tahir et al. App. C) exists only for Σ = I");
            return AnisotropicTheory(d, n, alpha, overlap, sigma, depth, lambda, cov, p.Seed("task-seed"));
        }
        if (p.IsGiven("task-seed"))
            throw new ParameterException("task-seed", p.Seed("task-seed"), "applies only to a non-isotropic spectrum (for Σ = I the risks do not depend on the teachers' orientation)");
        return IsotropicTheory(d, n, alpha, overlap, sigma, depth, lambda, source);
    }

    /// <summary>Σ = I: every closed form of Tahir et al. §3 (Thms 3.6–3.9), the exact finite-d forms and, with a finite source, App. C.</summary>
    private static ModelResult IsotropicTheory(int d, int n, double g, double co, double s, double depth, double lam, FiniteSource? src)
    {
        string depthText = DeepLinearParameters.DepthText(depth);
        var lt = new TransferabilitySettings(DeepLinearProtocol.LinearTransfer, s, Lambda: lam);
        var band = PhaseBoundary.LinearTransferNegativeInterval(co, s, lam);
        double? finiteDeep = FineTuneFiniteD(n, d, co, s, depth);
        double ftCrit = g < 1 ? Math.Acos(Math.Clamp(PhaseBoundary.FineTuneCriticalOverlap(g, s, ScratchBaseline.Ridgeless, depth), -1, 1)) * 180 / Math.PI : double.NaN;
        var pair = (new[] { 1.0, 0.0 }, new[] { co, Math.Sqrt(FeaturesAreFateParameters.SinSquared(co)) });
        double kl = s > 0 ? DistributionDistances.KullbackLeibler(pair.Item1, pair.Item2, s) : double.PositiveInfinity;
        // σ = 0 is the σ → 0 limit of the bound: its test-function expectations are continuous in the variances (a point
        // mass for the residual), so the formula at σ = 0 is that limit (docs/tahir2024.md §1.2).
        double dudley = DistributionDistances.DudleyLower(pair.Item1, pair.Item2, s);
        var result = new TheoryResult(d, n, g, co, Math.Acos(co) * 180 / Math.PI, s, depthText, lam,
            ScratchRisk.Asymptotic(g, s), ScratchFiniteD(n, d, s),
            LinearTransferRisk.Ridge(co, lam), LinearTransferRisk.Exact(n, co, s),
            FineTuneRisk.Asymptotic(g, co, s), FineTuneRisk.ScaleFactor(g, s, depth), FineTuneRisk.Asymptotic(g, co, s, depth), finiteDeep,
            FeaturesAreFateParameters.SinSquared(co), OptimalRidgeScratchRisk.Asymptotic(g, s),
            Transferability.Compute(lt, g, co), Transferability.FineTune(g, co, s), Transferability.FineTune(g, co, s, depth),
            Transferability.Compute(lt with { Baseline = ScratchBaseline.OptimalRidge }, g, co),
            band?.Lower, band?.Upper, PhaseBoundary.LinearTransferOverparameterisedThreshold(co, s, lam),
            ftCrit, PhaseBoundary.OptimalRidgeCriticalGamma(co, s, lam), kl, dudley);
        if (src is not null)
        {
            var m = FiniteSourceRisk.Moments(src);
            var ltSrc = lt with { Source = src };
            var ftPaper = new TransferabilitySettings(DeepLinearProtocol.FineTune, s, Source: src);
            double? Crit(double? depthOrNull) => g < 1
                ? Math.Acos(Math.Clamp(PhaseBoundary.FineTuneCriticalOverlap(g, s, ScratchBaseline.Ridgeless, depthOrNull, src), -1, 1)) * 180 / Math.PI
                : null;
            result = result with
            {
                AlphaSource = src.Gamma, SigmaSource = src.Sigma, SourceFitNormSquared = m.NormSquared, SourceFitAlignment = m.Alignment,
                FiniteSourceLinearTransferRisk = FiniteSourceRisk.LinearTransfer(src, co, lam),
                FiniteSourceFineTuneRiskPaper = FiniteSourceRisk.FineTune(g, co, s, src),
                FiniteSourceFineTuneScaleFactor = FiniteSourceRisk.ScaleFactor(g, s, src, depth),
                FiniteSourceFineTuneRiskDepth = FiniteSourceRisk.FineTune(g, co, s, src, depth),
                FiniteSourceTransferabilityLinearTransfer = Transferability.Compute(ltSrc, g, co),
                FiniteSourceTransferabilityFineTunePaper = Transferability.Compute(ftPaper, g, co),
                FiniteSourceTransferabilityFineTuneDepth = Transferability.Compute(ftPaper with { Depth = depth }, g, co),
                FiniteSourceFineTuneCriticalThetaDegreesPaper = Crit(null),
                FiniteSourceFineTuneCriticalThetaDegreesDepth = Crit(depth),
            };
        }
        result = result with { NullReasons = NullReasons.Of(result, f => TheoryNullReason(f, n, d, g, s, co, src)) };
        return new ModelResult(result, new Report().Record(result, $"Deep linear transfer theory: d = {d}, α = n/d = {g}, cos θ = {co}, σ = {s}, L = {depthText}"));
    }

    /// <summary>
    /// Exact finite-d fine-tuning risk (balanced-flow c_L): the null-space form for n ≤ d − 2; for n ≥ d the interpolant is
    /// unique, so fine-tuning = least squares = scratch (0 for σ = 0); null at n = d − 1 and, with σ &gt; 0, at n ∈ {d, d + 1}
    /// where the mean risk is infinite.
    /// </summary>
    private static double? FineTuneFiniteD(int n, int d, double co, double s, double depth)
    {
        if (n <= d - 2) return DeepFineTuningSolution.IsotropicAsymptoticRisk(n, d, 1, 1, co, s, depth).Risk;
        if (n < d) return null;
        if (s == 0) return 0;
        return IsotropicMinimumDistanceRisk.IsSingular(n, d) ? null : ScratchRisk.Exact(n, d, s);
    }

    /// <summary>
    /// Exact finite-d scratch risk; at σ = 0 the bias (1 − n/d)⁺ alone, also for n ∈ {d − 1, d, d + 1} where
    /// <see cref="ScratchRisk.Exact"/> reports +∞ (its variance window), since without noise there is no variance.
    /// </summary>
    private static double ScratchFiniteD(int n, int d, double s) => s == 0 ? IsotropicMinimumDistanceRisk.Bias(n, d, 1.0, 1.0) : ScratchRisk.Exact(n, d, s);

    /// <summary>Why a field of the isotropic theory is null.</summary>
    private static string? TheoryNullReason(string field, int n, int d, double g, double s, double co, FiniteSource? src) => field switch
    {
        _ when src is null && (field.StartsWith("FiniteSource", StringComparison.Ordinal) || field is nameof(TheoryResult.AlphaSource) or nameof(TheoryResult.SigmaSource)
            or nameof(TheoryResult.SourceFitNormSquared) or nameof(TheoryResult.SourceFitAlignment))
            => "only with alpha-source (the finite-source theory of Tahir et al. App. C)",
        nameof(TheoryResult.FineTuneRiskDepthFiniteD) => n == d - 1
            ? $"n = d − 1 = {n}: the exact finite-d form needs a null space of dimension ≥ 2 (n ≤ d − 2) or n ≥ d"
            : $"n = {n} next to d = {d} with σ > 0: the mean risk is infinite (E tr((XᵀX)⁻¹) diverges for |n − d| ≤ 1)",
        nameof(TheoryResult.ScratchRiskFiniteD) => $"n = {n} next to d = {d} with σ > 0: the mean least-squares risk is infinite for |n − d| ≤ 1 (inverse-Wishart mean)",
        nameof(TheoryResult.ScratchRisk) or nameof(TheoryResult.FineTuneRiskPaper) or nameof(TheoryResult.FineTuneRiskDepth) or nameof(TheoryResult.OptimalRidgeScratchRisk)
            or nameof(TheoryResult.TransferabilityFineTunePaper) or nameof(TheoryResult.TransferabilityFineTuneDepth) or nameof(TheoryResult.TransferabilityLinearTransfer)
            or nameof(TheoryResult.TransferabilityLinearTransferVsOptimalRidge)
            => $"α = {g} at the interpolation threshold α = 1 with σ > 0: the proportional-limit risk σ²/|1 − α| is infinite",
        nameof(TheoryResult.LinearTransferRiskFiniteN) => "infinite for this n (the finite-n variance σ²/(n − 2) needs n ≥ 3)",
        nameof(TheoryResult.NegativeBandLowerAlpha) or nameof(TheoryResult.NegativeBandUpperAlpha)
            => "no band of negative linear transfer at this overlap, σ and λ (linear transfer beats scratch at every α < 1 where it loses at all, or never loses)",
        nameof(TheoryResult.NegativeAboveAlpha) => "linear transfer is never worse than scratch above α = 1 at this overlap, σ and λ",
        nameof(TheoryResult.FineTuneCriticalThetaDegrees) => g >= 1
            ? $"α = {g} ≥ 1: fine-tuning and scratch coincide (the data determine β), so there is no break-even angle"
            : "no angle where fine-tuning breaks even with scratch at this α and σ",
        nameof(TheoryResult.OptimalRidgeCriticalAlpha) => "linear transfer never loses to optimally tuned ridge scratch at this overlap, σ and λ",
        nameof(TheoryResult.KlSourceTarget) => s == 0
            ? "σ = 0: the two joint laws are mutually singular (y = β·x exactly), so KL = +∞"
            : "KL is infinite",
        nameof(TheoryResult.DudleyLowerBound) => "not finite",
        nameof(TheoryResult.FiniteSourceFineTuneCriticalThetaDegreesPaper) or nameof(TheoryResult.FiniteSourceFineTuneCriticalThetaDegreesDepth) => g >= 1
            ? $"α = {g} ≥ 1: fine-tuning and scratch coincide, so there is no break-even angle"
            : "no break-even angle at this α, σ and source",
        _ => null,
    };

    /// <summary>General diagonal Σ: the deterministic equivalents of <see cref="AnisotropicTransferTheory"/> for one random pair of unit teachers.</summary>
    private static ModelResult AnisotropicTheory(int d, int n, double g, double co, double s, double depth, double lam, CovarianceModel cov, ulong taskSeed)
    {
        string depthText = DeepLinearParameters.DepthText(depth);
        var task = LinearTask.Create(cov, OverlapTeacherPair.Draw(d, co, SeedSequence.For(taskSeed, 0x7A5D)), s);
        var r = AnisotropicTransferTheory.Predict(task, n, depth, lam);
        var result = new AnisotropicTheoryResult(d, n, g, co, Math.Acos(co) * 180 / Math.PI, s, depthText, lam, cov.Description, taskSeed,
            cov.Norm2(task.Teachers.Source), cov.Norm2(task.Teachers.Target), cov.Inner(task.Teachers.Source, task.Teachers.Target),
            r.Scratch, r.LinearTransfer, r.LinearTransferFiniteN, r.FineTunePaper, r.FineTuneScaleFactor, r.FineTuneDepth, r.FrozenFirstLayerFloor,
            r.TransferabilityLinearTransfer, r.TransferabilityFineTunePaper, r.TransferabilityFineTuneDepth, r.KL, IsotropicOnlyNote);
        result = result with
        {
            NullReasons = NullReasons.Of(result, f => f == nameof(AnisotropicTheoryResult.KlSourceTarget) && s == 0
                ? "σ = 0: the two joint laws are mutually singular (y = β·x exactly), so KL = +∞"
                : $"not finite at α = {g}, σ = {s} (a risk diverges at the interpolation threshold α = 1 with σ > 0)"),
        };
        return new ModelResult(result, new Report().Record(result, $"Deep linear transfer theory, Σ = {cov.Description}: d = {d}, α = n/d = {g}, cos θ = {co}, σ = {s}, L = {depthText}"));
    }

    /// <inheritdoc />
    public override ModelResult Simulate(ParameterValues p, ulong seed, RunSettings run)
    {
        int d = p.Integer("d");
        double alpha = p.Real("alpha"), overlap = p.Real("overlap"), sigma = p.Real("sigma"), lambda = p.Real("lambda");
        int depth = (int)DeepLinearParameters.Depth(p, allowInfinite: false);
        var widths = DeepLinearNetworkInit.ValidateWidths(depth, p.OptionalIntegers("widths"), d);
        var protocol = DeepLinearProtocolNames.Parse(p.Text("protocol"));
        int frozen = p.Integer("frozen-layers");
        if (protocol == DeepLinearProtocol.Frozen)
        {
            if (depth < 2) throw new ParameterException("depth", depth, "must be ≥ 2 for the frozen protocol (a depth-1 network has no early layer to freeze)");
            Require.InRange("frozen-layers", frozen, 1, depth - 1);
        }
        if (protocol == DeepLinearProtocol.LinearTransfer && depth < 2)
            throw new ParameterException("depth", depth, "must be ≥ 2 for linear-transfer (a depth-1 network has no features to transfer)");
        string pretrain = p.Text("pretrain");
        double initScale = p.Real("init-scale");
        int reps = p.Integer("seeds");
        int n = DeepLinearParameters.SampleCount(alpha, d);
        var cov = DeepLinearParameters.InputCovariance(p);
        bool isotropic = p.Text("spectrum") == "isotropic";
        var src = DeepLinearParameters.Source(p);
        if (src is not null && protocol == DeepLinearProtocol.Scratch)
            throw new ParameterException("alpha-source", src.Gamma, "applies only to protocols that pretrain (linear-transfer, fine-tune, frozen), not to scratch");

        var settings = new DeepLinearSimulationRun.Settings(d, n, overlap, sigma, depth, widths, protocol, frozen, pretrain == "balanced", initScale, lambda,
            p.Real("step-fraction"), p.Integer("max-steps"), isotropic ? null : cov, src);
        var runs = ParallelRunner.Map([0], reps, seed, (_, _, rng) => DeepLinearSimulationRun.Run(settings, rng), run.Threads, run.Progress.Start("simulating", reps));
        var all = Enumerable.Range(0, reps).Select(r => runs[0, r]).ToArray();
        int diverged = all.Count(r => r.Diverged);
        var risks = all.Select(r => r.Risk).ToArray();
        var (mean, se) = Statistics.MeanAndStandardError(risks);
        var (lmean, lse) = Statistics.MeanAndStandardError(all.Select(r => r.LimitRisk).ToArray());
        var (dmean, dse) = Statistics.MeanAndStandardError(all.Select(r => r.Risk - r.LimitRisk).ToArray());
        var (asymptotic, finiteN, note) = SimulationTheory(all, protocol, isotropic, src, n, d, overlap, sigma, lambda, depth);
        double? theory = finiteN ?? asymptotic;
        // Heavy tails near n = d (scratch and fine-tuning with label noise): the bootstrap half-width on the theory's side,
        // never below the normal SE (docs/tahir2024.md, "Simulation honesty").
        string seMethod = "normal";
        bool heavy = sigma > 0 && protocol is DeepLinearProtocol.Scratch or DeepLinearProtocol.FineTune && NearInterpolationThreshold(n, d);
        if (heavy && reps >= 2)
        {
            var (below, above) = Statistics.BootstrapHalfWidths(risks, BootstrapResamples, SeedSequence.Derive(seed, 0xB007));
            se = Math.Max(se, theory is double t && t < mean ? below : above);
            seMethod = "bootstrap";
        }
        // GD against its exact flow limit on the same data: a deterministic O(step) bias, or round-off where nothing is iterated.
        string biasBasis = protocol == DeepLinearProtocol.LinearTransfer
            || Comparison.BasisOf(dmean, dse, 0) == ComparisonBasis.RoundOff && Math.Abs(dmean) <= Comparison.RoundOffRelative * Math.Max(1, Math.Abs(mean))
            ? "round-off" : "discretisation";
        // The mean GD risk against the theory, with |gd_bias| as the stated slack (a known discretisation bias, not sampling error).
        var cmp = theory is double th && diverged == 0 ? new Comparison($"{protocol.Name()} risk", th, mean, se, reps, Math.Abs(dmean)) : null;
        string status = diverged > 0 ? PointValidity.Diverged : PointValidity.Ok;
        double Withheld(double v) => diverged > 0 ? double.NaN : v;
        var result = new SimulationResult(d, n, alpha, overlap, sigma, depth, string.Join(",", widths), protocol.Name(), pretrain, initScale, reps,
            status, diverged, all.Count(r => r.HitStepCap),
            Withheld(mean), Withheld(se), seMethod, Withheld(lmean), Withheld(lse),
            Withheld(all.Average(r => r.DistanceToLimit)), Withheld(dmean), Withheld(dse), biasBasis,
            asymptotic, finiteN, theory, cmp?.AbsoluteDifference, cmp is null ? null : cmp.ZScore, cmp?.Basis.Name(),
            all.Count(r => !r.Converged), all.Average(r => (double)r.Steps), all.Average(r => r.Imbalance),
            cov.Description, src?.Gamma, src?.Sigma, note);
        string why = $"gradient descent diverged on {diverged} of {reps} runs (loss not finite or grown 10⁶-fold; lower step-fraction)";
        result = result with { NullReasons = NullReasons.Of(result, f => SimulationNullReason(f, diverged > 0 ? why : null, note, heavy, cmp)) };
        var report = new Report().Record(result, $"Deep linear simulation: {protocol.Name()}, d = {d}, n = {n}, L = {depth}, {reps} runs");
        if (diverged > 0) report.Line($"status: diverged: {why}");
        if (heavy) report.Line($"n = {n} is near d = {d} with σ > 0: the risk is heavy-tailed, the SE is a bootstrap one and may still understate; use more seeds.");
        return new ModelResult(result, report, cmp is null ? [] : [cmp]) { Validity = new PointValidity(1, diverged > 0 ? 0 : 1, diverged > 0 ? why : "") };
    }

    /// <summary>Why a field of the simulation is null.</summary>
    private static string? SimulationNullReason(string field, string? divergence, string? note, bool heavy, Comparison? cmp) => field switch
    {
        _ when divergence is not null && field is nameof(SimulationResult.MeanRisk) or nameof(SimulationResult.StandardError) or nameof(SimulationResult.LimitMeanRisk)
            or nameof(SimulationResult.LimitStandardError) or nameof(SimulationResult.MeanDistanceToLimit) or nameof(SimulationResult.GdBias)
            or nameof(SimulationResult.GdBiasSe) or nameof(SimulationResult.AbsDiff) or nameof(SimulationResult.ZScore) or nameof(SimulationResult.ComparisonBasis)
            => divergence,
        nameof(SimulationResult.TheoryFiniteN) => note ?? "no exact finite-(n, d) form for this protocol and setting (only the proportional limit)",
        nameof(SimulationResult.TheoryAsymptotic) or nameof(SimulationResult.ComparisonTheory) or nameof(SimulationResult.AbsDiff)
            or nameof(SimulationResult.ComparisonBasis) => note ?? "no theory for this setting",
        nameof(SimulationResult.ZScore) => cmp is null ? note ?? "no theory for this setting"
            : $"the SE is not a sampling error of meaningful size (basis {cmp.Basis.Name()}): see abs_diff",
        nameof(SimulationResult.AlphaSource) or nameof(SimulationResult.SigmaSource) => "only with alpha-source",
        nameof(SimulationResult.TheoryNote) => "nothing to note",
        _ => heavy ? "not finite (heavy tails near n = d)" : null,
    };

    /// <summary>
    /// The theory value the simulated mean is set against, and a note where there is none or it is only a proportional
    /// limit: Σ = I with infinite source data has the exact finite-(n, d) forms (Theorems 3.5–3.9, Shachaf et al. §4); a
    /// general Σ the deterministic equivalents on each run's own teachers, averaged; a finite source the App. C limits.
    /// </summary>
    private static (double? Asymptotic, double? FiniteN, string? Note) SimulationTheory(DeepLinearSimulationRun.Outcome[] all, DeepLinearProtocol protocol, bool isotropic,
        FiniteSource? src, int n, int d, double co, double s, double lam, int depth)
    {
        double g = (double)n / d;
        if (!isotropic)
            return src is null
                ? (all.Average(r => r.Theory!.Value), null, "non-isotropic Σ: deterministic equivalents (a proportional limit) on each run's teachers, averaged; no finite-(n, d) form")
                : (null, null, "no theory: the finite-source (App. C) formulas exist only for spectrum isotropic");
        static double? Finite(double v) => double.IsFinite(v) ? v : null;
        if (src is null)
            return protocol switch
            {
                DeepLinearProtocol.Scratch => (Finite(ScratchRisk.Asymptotic(g, s)), Finite(ScratchFiniteD(n, d, s)), null),
                DeepLinearProtocol.LinearTransfer => lam > 0
                    ? (LinearTransferRisk.Ridge(co, lam), null, "linear transfer with a ridge λ > 0: only the n → ∞ value (no finite-n form)")
                    : (LinearTransferRisk.Ridge(co, 0), Finite(LinearTransferRisk.Exact(n, co, s)), null),
                DeepLinearProtocol.FineTune => (Finite(FineTuneRisk.Asymptotic(g, co, s, depth)), FineTuneFiniteD(n, d, co, s, depth), null),
                _ => (FeaturesAreFateParameters.SinSquared(co), null, "frozen first layer: the n → ∞ floor sin²θ only (no finite-n form)"),
            };
        var m = FiniteSourceRisk.Moments(src);
        const string finiteSource = "finite source: proportional-limit theory (App. C; fine-tune with the balanced-flow c_L)";
        return protocol switch
        {
            DeepLinearProtocol.LinearTransfer => lam > 0
                ? (FiniteSourceRisk.LinearTransfer(m, co, lam), null, finiteSource)
                : (FiniteSourceRisk.LinearTransfer(m, co), Finite(FiniteSourceRisk.LinearTransferFiniteN(m, n, co, s)), finiteSource),
            DeepLinearProtocol.FineTune => (Finite(FiniteSourceRisk.FineTune(g, co, s, src, depth)), null, finiteSource),
            _ => (FiniteSourceRisk.LinearTransfer(m, co), null, finiteSource),
        };
    }
}
