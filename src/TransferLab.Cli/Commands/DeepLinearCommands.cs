using System.CommandLine;
using TransferLab.Data;
using TransferLab.Experiments;
using TransferLab.Models;
using TransferLab.Numerics;
using TransferLab.Theory.Tahir2024;
using TransferLab.Theory.Shachaf2021;
using TransferLab.Training;
using TransferLab.Validation;

namespace TransferLab.Cli.Commands;

/// <summary>
/// <c>theory deep-linear</c>, <c>simulate deep-linear</c> and <c>phase-diagram deep-linear</c>: transfer in deep linear
/// networks (Tahir, Ganguli &amp; Rotskoff 2024, "Features are fate"; Shachaf, Brutzkus &amp; Globerson 2021, §4).
/// </summary>
public sealed class DeepLinearCommands : ICliModule
{
    /// <summary>Output of <c>theory deep-linear</c> (risks are ‖β̂ − β_t‖², σ² excluded; proportional limit unless "finite_d").</summary>
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
    /// Output of <c>theory deep-linear</c> for a non-isotropic <c>--spectrum</c>: risks ‖β̂ − β_t‖²_Σ for one pair of unit
    /// teachers at the overlap, oriented at random by <c>--task-seed</c> (proportional-limit deterministic equivalents).
    /// </summary>
    public sealed record AnisotropicTheoryResult(
        int D, int N, double Alpha, double Overlap, double ThetaDegrees, double Sigma, string Depth, double Lambda, string Spectrum, ulong TaskSeed,
        double SourceNormSigma, double TargetNormSigma, double SourceTargetInnerSigma,
        double ScratchRisk, double LinearTransferRisk, double LinearTransferRiskFiniteN,
        double FineTuneRiskPaper, double FineTuneScaleFactor, double FineTuneRiskDepth, double FrozenFirstLayerRiskFloor,
        double TransferabilityLinearTransfer, double TransferabilityFineTunePaper, double TransferabilityFineTuneDepth,
        double KlSourceTarget, string IsotropicOnly);

    /// <summary>What <c>theory deep-linear</c> leaves out for a non-isotropic Σ, and why.</summary>
    public const string IsotropicOnlyNote = "optimal-ridge scratch, phase-boundary positions, fine-tune break-even angle, exact finite-d forms, " +
        "Dudley bound and finite-source (--alpha-source) theory: closed forms exist only for Σ = I (Tahir et al. Assumption 3.1)";

    /// <summary>Output of <c>simulate deep-linear</c>.</summary>
    public sealed record SimulationResult(int D, int N, double Alpha, double Overlap, double Sigma, int Depth, string Widths, string Protocol,
        string Pretrain, double InitScale, int Seeds, double MeanRisk, double StandardError, double LimitMeanRisk, double LimitStandardError,
        double MeanDistanceToLimit, double ZScoreVsLimit, double? TheoryAsymptotic, int NotConverged, double MeanSteps, double MeanImbalance,
        string Spectrum = "isotropic", double? AlphaSource = null, double? SigmaSource = null, string? TheoryNote = null);

    /// <inheritdoc />
    public void Register(CliRoot root)
    {
        root.Theory.Subcommands.Add(BuildTheory());
        root.Simulate.Subcommands.Add(BuildSimulate());
        root.PhaseDiagram.Subcommands.Add(DeepLinearPhaseDiagramCommand.Build());
    }

    private static Command BuildTheory()
    {
        var d = DeepLinearOptions.D(500);
        var alpha = DeepLinearOptions.Alpha();
        var overlap = DeepLinearOptions.Overlap();
        var sigma = DeepLinearOptions.Sigma();
        var depth = DeepLinearOptions.Depth("2");
        var lambda = DeepLinearOptions.Lambda();
        var spectrum = DeepLinearOptions.Spectrum();
        var power = DeepLinearOptions.Power();
        var spikes = DeepLinearOptions.Spikes();
        var spikeValue = DeepLinearOptions.SpikeValue();
        var taskSeed = new Option<ulong?>("--task-seed") { Description = "Non-isotropic --spectrum only: seed of the random orientation of the unit teachers relative to Σ's eigenbasis (default 0)." };
        var alphaSource = DeepLinearOptions.AlphaSource();
        var sigmaSource = DeepLinearOptions.SigmaSource();
        var json = CommonOptions.Json();
        var cmd = new Command("deep-linear", "Deep linear network transfer theory: scratch, linear transfer, fine-tuning (paper c = 1 and depth-L balanced factor c_L), " +
            "frozen first layer, optimally tuned ridge scratch, transferabilities and phase-boundary positions (Tahir et al. Thms 3.6–3.9; Shachaf et al. §4); " +
            "with --alpha-source also the finite-source risks (App. C, Theorem C.1); with a non-isotropic --spectrum the risks that have a general-Σ theory.");
        foreach (var o in new Option[] { d, alpha, overlap, sigma, depth, lambda, spectrum, power, spikes, spikeValue, taskSeed, alphaSource, sigmaSource, json }) cmd.Options.Add(o);
        CliRoot.SetAction(cmd, p =>
        {
            int dd = Require.AtLeast("--d", p.GetValue(d), 4);
            double g = FeaturesAreFateParameters.SampleRatio(p.GetValue(alpha));
            double co = FeaturesAreFateParameters.Overlap(p.GetValue(overlap));
            double s = FeaturesAreFateParameters.Noise(p.GetValue(sigma));
            string depthText = p.GetValue(depth)!;
            double L = DeepLinearOptions.ParseDepth(depthText, allowInfinite: true);
            double lam = Require.NonNegative("--lambda", p.GetValue(lambda));
            int n = DeepLinearOptions.SampleCount(g, dd);
            string spec = p.GetValue(spectrum)!;
            var cov = DeepLinearOptions.Covariance(spec, dd, p.GetValue(power), p.GetValue(spikes), p.GetValue(spikeValue));
            var src = DeepLinearOptions.ParseSource(p.GetValue(alphaSource), p.GetValue(sigmaSource), s);
            if (spec != "isotropic")
            {
                if (src is not null)
                    throw new ParameterException("--spectrum", spec, "must be isotropic with --alpha-source: the finite-source theory (Tahir et al. App. C) exists only for Σ = I");
                ulong ts = p.GetValue(taskSeed) ?? 0UL;
                var task = LinearTask.Create(cov, OverlapTeacherPair.Draw(dd, co, SeedSequence.For(ts, 0x7A5D)), s);
                var r = AnisotropicTransferTheory.Predict(task, n, L, lam);
                var an = new AnisotropicTheoryResult(dd, n, g, co, Math.Acos(co) * 180 / Math.PI, s, depthText, lam, cov.Description, ts,
                    cov.Norm2(task.Teachers.Source), cov.Norm2(task.Teachers.Target), cov.Inner(task.Teachers.Source, task.Teachers.Target),
                    r.Scratch, r.LinearTransfer, r.LinearTransferFiniteN, r.FineTunePaper, r.FineTuneScaleFactor, r.FineTuneDepth, r.FrozenFirstLayerFloor,
                    r.TransferabilityLinearTransfer, r.TransferabilityFineTunePaper, r.TransferabilityFineTuneDepth, r.KL, IsotropicOnlyNote);
                if (p.GetValue(json)) CliOutput.Print(an, true);
                else CliOutput.Print(an, false, $"Deep linear transfer theory, Σ = {cov.Description}: d = {dd}, α = n/d = {g}, cos θ = {co}, σ = {s}, L = {depthText}");
                return 0;
            }
            if (p.GetValue(taskSeed) is ulong unused)
                throw new ParameterException("--task-seed", unused, "applies only to a non-isotropic --spectrum (for Σ = I the risks do not depend on the teachers' orientation)");
            var lt = new TransferabilitySettings(TransferMethod.LinearTransfer, s, Lambda: lam);
            var band = PhaseBoundary.LinearTransferNegativeInterval(co, s, lam);
            double? finiteDeep = n <= dd - 2
                ? DeepFineTuningSolution.IsotropicAsymptoticRisk(n, dd, 1, 1, co, s, L).Risk
                : null;
            double ftCrit = g < 1 ? Math.Acos(Math.Clamp(PhaseBoundary.FineTuneCriticalOverlap(g, s, ScratchBaseline.Ridgeless, L), -1, 1)) * 180 / Math.PI : double.NaN;
            var pair = (new[] { 1.0, 0.0 }, new[] { co, Math.Sqrt(FeaturesAreFateParameters.SinSquared(co)) });
            double kl = s > 0 ? DistributionDistances.KullbackLeibler(pair.Item1, pair.Item2, s) : double.PositiveInfinity;
            double dudley = s > 0 ? DistributionDistances.DudleyLower(pair.Item1, pair.Item2, s) : double.NaN;
            var result = new TheoryResult(dd, n, g, co, Math.Acos(co) * 180 / Math.PI, s, depthText, lam,
                ScratchRisk.Asymptotic(g, s), ScratchRisk.Exact(n, dd, s),
                LinearTransferRisk.Ridge(co, lam), LinearTransferRisk.Exact(n, co, s),
                FineTuneRisk.Asymptotic(g, co, s), FineTuneRisk.ScaleFactor(g, s, L), FineTuneRisk.Asymptotic(g, co, s, L), finiteDeep,
                FeaturesAreFateParameters.SinSquared(co), OptimalRidgeScratchRisk.Asymptotic(g, s),
                Transferability.Compute(lt, g, co), Transferability.FineTune(g, co, s), Transferability.FineTune(g, co, s, L),
                Transferability.Compute(lt with { Baseline = ScratchBaseline.OptimalRidge }, g, co),
                band?.Lower, band?.Upper, PhaseBoundary.LinearTransferOverparameterisedThreshold(co, s, lam),
                ftCrit, PhaseBoundary.OptimalRidgeCriticalGamma(co, s, lam), kl, dudley);
            if (src is not null)
            {
                var m = FiniteSourceRisk.Moments(src);
                var ltSrc = lt with { Source = src };
                var ftPaper = new TransferabilitySettings(TransferMethod.FineTune, s, Source: src);
                double? Crit(double? depthOrNull) => g < 1
                    ? Math.Acos(Math.Clamp(PhaseBoundary.FineTuneCriticalOverlap(g, s, ScratchBaseline.Ridgeless, depthOrNull, src), -1, 1)) * 180 / Math.PI
                    : null;
                result = result with
                {
                    AlphaSource = src.Gamma, SigmaSource = src.Sigma, SourceFitNormSquared = m.NormSquared, SourceFitAlignment = m.Alignment,
                    FiniteSourceLinearTransferRisk = FiniteSourceRisk.LinearTransfer(src, co, lam),
                    FiniteSourceFineTuneRiskPaper = FiniteSourceRisk.FineTune(g, co, s, src),
                    FiniteSourceFineTuneScaleFactor = FiniteSourceRisk.ScaleFactor(g, s, src, L),
                    FiniteSourceFineTuneRiskDepth = FiniteSourceRisk.FineTune(g, co, s, src, L),
                    FiniteSourceTransferabilityLinearTransfer = Transferability.Compute(ltSrc, g, co),
                    FiniteSourceTransferabilityFineTunePaper = Transferability.Compute(ftPaper, g, co),
                    FiniteSourceTransferabilityFineTuneDepth = Transferability.Compute(ftPaper with { Depth = L }, g, co),
                    FiniteSourceFineTuneCriticalThetaDegreesPaper = Crit(null),
                    FiniteSourceFineTuneCriticalThetaDegreesDepth = Crit(L),
                };
            }
            if (p.GetValue(json)) CliOutput.Print(result, true);
            else CliOutput.Print(result, false, $"Deep linear transfer theory: d = {dd}, α = n/d = {g}, cos θ = {co}, σ = {s}, L = {depthText}");
            return 0;
        });
        return cmd;
    }

    private static Command BuildSimulate()
    {
        var d = DeepLinearOptions.D(30);
        var alpha = DeepLinearOptions.Alpha();
        var overlap = DeepLinearOptions.Overlap();
        var sigma = DeepLinearOptions.Sigma();
        var depth = DeepLinearOptions.Depth("2");
        var lambda = DeepLinearOptions.Lambda();
        var widths = new Option<string?>("--widths") { Description = "Hidden widths k₁,…,k_{L−1} (comma-separated, each ≥ 1; one value = every hidden layer; default d)." };
        var protocol = new Option<string>("--protocol") { Description = "scratch | linear-transfer | fine-tune | frozen.", DefaultValueFactory = _ => "fine-tune" };
        var frozen = new Option<int>("--frozen-layers") { Description = "frozen protocol: number of leading layers W₁…W_F held fixed (1 ≤ F ≤ L − 1).", DefaultValueFactory = _ => 1 };
        var pretrain = new Option<string>("--pretrain") { Description = "How the source network is obtained: balanced (exact balanced rank-one weights with product β_s, Shachaf et al.) or population (gradient flow on the population source loss from --init-scale, Tahir et al.).", DefaultValueFactory = _ => "balanced" };
        var initScale = new Option<double>("--init-scale") { Description = "Initialisation scale (> 0) for scratch training and population pretraining (Tahir et al.'s α; small = rich regime).", DefaultValueFactory = _ => 1e-3 };
        var seeds = new Option<int>("--seeds") { Description = "Independent runs (fresh teachers, design, noise and init each), ≥ 2.", DefaultValueFactory = _ => 10 };
        var stepFraction = new Option<double>("--step-fraction") { Description = "GD step as a fraction (0, 1] of the stability scale 1/(L·λ_max(XᵀX/n)·‖β‖^{2−2/L}); the GD-vs-flow error is proportional to it.", DefaultValueFactory = _ => 0.2 };
        var maxSteps = new Option<int>("--max-steps") { Description = "GD step budget per run (≥ 1); runs that do not meet ‖∇‖ ≤ 1e-9·max‖∇‖ are reported as not converged.", DefaultValueFactory = _ => 200_000 };
        var spectrum = DeepLinearOptions.Spectrum();
        var power = DeepLinearOptions.Power();
        var spikes = DeepLinearOptions.Spikes();
        var spikeValue = DeepLinearOptions.SpikeValue();
        var alphaSource = DeepLinearOptions.AlphaSource();
        var sigmaSource = DeepLinearOptions.SigmaSource();
        var seed = CommonOptions.Seed();
        var threads = CommonOptions.Threads();
        var json = CommonOptions.Json();
        var cmd = new Command("deep-linear", "Train deep linear networks by gradient descent (small-step gradient flow) under one protocol over random tasks; " +
            "report mean risk ± SE next to the exact gradient-flow limit on the same data and the proportional-limit theory (where one exists).");
        foreach (var o in new Option[] { d, alpha, overlap, sigma, depth, widths, protocol, frozen, pretrain, initScale, lambda, spectrum, power, spikes, spikeValue,
                     alphaSource, sigmaSource, seeds, stepFraction, maxSteps, seed, threads, json })
            cmd.Options.Add(o);
        CliRoot.SetAction(cmd, p =>
        {
            int dd = Require.AtLeast("--d", p.GetValue(d), 4);
            double g = FeaturesAreFateParameters.SampleRatio(p.GetValue(alpha));
            double co = FeaturesAreFateParameters.Overlap(p.GetValue(overlap));
            double s = FeaturesAreFateParameters.Noise(p.GetValue(sigma));
            int L = (int)DeepLinearOptions.ParseDepth(p.GetValue(depth)!, allowInfinite: false);
            var k = DeepLinearNetworkInit.ValidateWidths(L, DeepLinearOptions.ParseWidths(p.GetValue(widths)), dd);
            var pr = DeepLinearProtocolNames.Parse("--protocol", p.GetValue(protocol)!);
            int f = p.GetValue(frozen);
            if (pr == DeepLinearProtocol.Frozen)
            {
                if (L < 2) throw new ParameterException("--depth", L, "must be ≥ 2 for the frozen protocol (a depth-1 network has no early layer to freeze)");
                Require.InRange("--frozen-layers", f, 1, L - 1);
            }
            if (pr == DeepLinearProtocol.LinearTransfer && L < 2)
                throw new ParameterException("--depth", L, "must be ≥ 2 for linear-transfer (a depth-1 network has no features to transfer)");
            string pre = p.GetValue(pretrain)!;
            if (pre is not ("balanced" or "population")) throw new ParameterException("--pretrain", pre, "must be balanced or population");
            double init = Require.Positive("--init-scale", p.GetValue(initScale));
            double lam = Require.NonNegative("--lambda", p.GetValue(lambda));
            int reps = Require.AtLeast("--seeds", p.GetValue(seeds), 2);
            double frac = Require.InRange("--step-fraction", p.GetValue(stepFraction), 1e-6, 1.0);
            int steps = Require.Positive("--max-steps", p.GetValue(maxSteps));
            int th = Require.Positive("--threads", p.GetValue(threads));
            int n = DeepLinearOptions.SampleCount(g, dd);
            string spec = p.GetValue(spectrum)!;
            var cov = DeepLinearOptions.Covariance(spec, dd, p.GetValue(power), p.GetValue(spikes), p.GetValue(spikeValue));
            bool isotropic = spec == "isotropic";
            var src = DeepLinearOptions.ParseSource(p.GetValue(alphaSource), p.GetValue(sigmaSource), s);
            if (src is not null && pr == DeepLinearProtocol.Scratch)
                throw new ParameterException("--alpha-source", src.Gamma, "applies only to protocols that pretrain (linear-transfer, fine-tune, frozen), not to scratch");

            var board = new ProgressBoard();
            var runs = ProgressDisplay.Run(board, () => ParallelRunner.Map([0], reps, p.GetValue(seed), (_, _, rng) =>
                DeepLinearSimulationRun.Run(dd, n, co, s, L, k, pr, f, pre, init, lam, frac, steps, rng, isotropic ? null : cov, src), th, board.Start("simulating", reps)));
            var all = Enumerable.Range(0, reps).Select(r => runs[0, r]).ToArray();
            var (mean, se) = Statistics.MeanAndStandardError(all.Select(r => r.Risk).ToArray());
            var (lmean, lse) = Statistics.MeanAndStandardError(all.Select(r => r.LimitRisk).ToArray());
            var diffs = all.Select(r => r.Risk - r.LimitRisk).ToArray();
            var (dmean, dse) = Statistics.MeanAndStandardError(diffs);
            double? asym;
            string? note = null;
            if (!isotropic)
            {
                // general Σ: the deterministic equivalents on each run's own teachers (AnisotropicTransferTheory), averaged
                asym = src is null ? all.Average(r => r.Theory!.Value) : null;
                if (src is not null) note = "no theory: the finite-source (App. C) formulas exist only for --spectrum isotropic";
            }
            else if (src is null)
            {
                asym = pr switch
                {
                    DeepLinearProtocol.Scratch => ScratchRisk.Exact(n, dd, s),
                    DeepLinearProtocol.LinearTransfer => lam > 0 ? LinearTransferRisk.Ridge(co, lam) : LinearTransferRisk.Exact(n, co, s),
                    DeepLinearProtocol.FineTune => n <= dd - 2 ? DeepFineTuningSolution.IsotropicAsymptoticRisk(n, dd, 1, 1, co, s, L).Risk : ScratchRisk.Exact(n, dd, s),
                    _ => FeaturesAreFateParameters.SinSquared(co),
                };
            }
            else
            {
                var m = FiniteSourceRisk.Moments(src);
                asym = pr switch
                {
                    DeepLinearProtocol.LinearTransfer => lam > 0 ? FiniteSourceRisk.LinearTransfer(m, co, lam) : FiniteSourceRisk.LinearTransferFiniteN(m, n, co, s),
                    DeepLinearProtocol.FineTune => FiniteSourceRisk.FineTune((double)n / dd, co, s, src, L),
                    _ => FiniteSourceRisk.LinearTransfer(m, co),
                };
                note = "finite source: proportional-limit theory (App. C; fine-tune with the balanced-flow c_L)";
            }
            var result = new SimulationResult(dd, n, g, co, s, L, string.Join(",", k), pr.Name(), pre, init, reps, mean, se, lmean, lse,
                all.Average(r => r.DistanceToLimit), dse > 0 ? dmean / dse : 0, asym, all.Count(r => !r.Converged), all.Average(r => (double)r.Steps), all.Average(r => r.Imbalance),
                cov.Description, src?.Gamma, src?.Sigma, note);
            if (p.GetValue(json)) CliOutput.Print(result, true);
            else CliOutput.Print(result, false, $"Deep linear simulation: {pr.Name()}, d = {dd}, n = {n}, L = {L}, {reps} runs");
            return 0;
        });
        return cmd;
    }
}
