using TransferLab.Data;
using TransferLab.Models;
using TransferLab.Numerics;
using TransferLab.Schema;
using TransferLab.Theory.Shachaf2021;
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
        double? FiniteSourceFineTuneCriticalThetaDegreesPaper = null, double? FiniteSourceFineTuneCriticalThetaDegreesDepth = null);

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
        double KlSourceTarget, string IsotropicOnly);

    /// <summary>What the theory leaves out for a non-isotropic Σ, and why.</summary>
    public const string IsotropicOnlyNote = "optimal-ridge scratch, phase-boundary positions, fine-tune break-even angle, exact finite-d forms, " +
        "Dudley bound and finite-source (alpha-source) theory: closed forms exist only for Σ = I (Tahir et al. Assumption 3.1)";

    /// <summary>Output of the simulation.</summary>
    public sealed record SimulationResult(int D, int N, double Alpha, double Overlap, double Sigma, int Depth, string Widths, string Protocol,
        string Pretrain, double InitScale, int Seeds, double MeanRisk, double StandardError, double LimitMeanRisk, double LimitStandardError,
        double MeanDistanceToLimit, double ZScoreVsLimit, double? TheoryAsymptotic, int NotConverged, double MeanSteps, double MeanImbalance,
        string Spectrum = "isotropic", double? AlphaSource = null, double? SigmaSource = null, string? TheoryNote = null);

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
        double? finiteDeep = n <= d - 2
            ? DeepFineTuningSolution.IsotropicAsymptoticRisk(n, d, 1, 1, co, s, depth).Risk
            : null;
        double ftCrit = g < 1 ? Math.Acos(Math.Clamp(PhaseBoundary.FineTuneCriticalOverlap(g, s, ScratchBaseline.Ridgeless, depth), -1, 1)) * 180 / Math.PI : double.NaN;
        var pair = (new[] { 1.0, 0.0 }, new[] { co, Math.Sqrt(FeaturesAreFateParameters.SinSquared(co)) });
        double kl = s > 0 ? DistributionDistances.KullbackLeibler(pair.Item1, pair.Item2, s) : double.PositiveInfinity;
        double dudley = s > 0 ? DistributionDistances.DudleyLower(pair.Item1, pair.Item2, s) : double.NaN;
        var result = new TheoryResult(d, n, g, co, Math.Acos(co) * 180 / Math.PI, s, depthText, lam,
            ScratchRisk.Asymptotic(g, s), ScratchRisk.Exact(n, d, s),
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
        return new ModelResult(result, new Report().Record(result, $"Deep linear transfer theory: d = {d}, α = n/d = {g}, cos θ = {co}, σ = {s}, L = {depthText}"));
    }

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
        var (mean, se) = Statistics.MeanAndStandardError(all.Select(r => r.Risk).ToArray());
        var (lmean, lse) = Statistics.MeanAndStandardError(all.Select(r => r.LimitRisk).ToArray());
        var (dmean, dse) = Statistics.MeanAndStandardError(all.Select(r => r.Risk - r.LimitRisk).ToArray());
        var (theory, note) = SimulationTheory(all, protocol, isotropic, src, n, d, overlap, sigma, lambda, depth);
        var result = new SimulationResult(d, n, alpha, overlap, sigma, depth, string.Join(",", widths), protocol.Name(), pretrain, initScale, reps, mean, se, lmean, lse,
            all.Average(r => r.DistanceToLimit), dse > 0 ? dmean / dse : 0, theory, all.Count(r => !r.Converged), all.Average(r => (double)r.Steps), all.Average(r => r.Imbalance),
            cov.Description, src?.Gamma, src?.Sigma, note);
        // The mean risk against the theory where one exists (gradient descent against its exact limit on the same data is
        // the payload's z_score_vs_limit: a paired difference whose O(step) discretisation bias has no documented slack).
        Comparison[] comparisons = theory is double th ? [new Comparison($"{protocol.Name()} risk", th, mean, se, reps)] : [];
        return new ModelResult(result, new Report().Record(result, $"Deep linear simulation: {protocol.Name()}, d = {d}, n = {n}, L = {depth}, {reps} runs"), comparisons);
    }

    /// <summary>
    /// The theory value the simulated mean is set against, and a note where there is none or it is only a proportional
    /// limit: Σ = I with infinite source data has the exact finite-(n, d) forms (Theorems 3.5–3.9, Shachaf et al. §4); a
    /// general Σ the deterministic equivalents on each run's own teachers, averaged; a finite source the App. C limits.
    /// </summary>
    private static (double? Theory, string? Note) SimulationTheory(DeepLinearSimulationRun.Outcome[] all, DeepLinearProtocol protocol, bool isotropic,
        FiniteSource? src, int n, int d, double co, double s, double lam, int depth)
    {
        if (!isotropic)
            return src is null
                ? (all.Average(r => r.Theory!.Value), null)
                : (null, "no theory: the finite-source (App. C) formulas exist only for spectrum isotropic");
        if (src is null)
            return (protocol switch
            {
                DeepLinearProtocol.Scratch => ScratchRisk.Exact(n, d, s),
                DeepLinearProtocol.LinearTransfer => lam > 0 ? LinearTransferRisk.Ridge(co, lam) : LinearTransferRisk.Exact(n, co, s),
                DeepLinearProtocol.FineTune => n <= d - 2 ? DeepFineTuningSolution.IsotropicAsymptoticRisk(n, d, 1, 1, co, s, depth).Risk : ScratchRisk.Exact(n, d, s),
                _ => FeaturesAreFateParameters.SinSquared(co),
            }, null);
        var m = FiniteSourceRisk.Moments(src);
        double theory = protocol switch
        {
            DeepLinearProtocol.LinearTransfer => lam > 0 ? FiniteSourceRisk.LinearTransfer(m, co, lam) : FiniteSourceRisk.LinearTransferFiniteN(m, n, co, s),
            DeepLinearProtocol.FineTune => FiniteSourceRisk.FineTune((double)n / d, co, s, src, depth),
            _ => FiniteSourceRisk.LinearTransfer(m, co),
        };
        return (theory, "finite source: proportional-limit theory (App. C; fine-tune with the balanced-flow c_L)");
    }
}
