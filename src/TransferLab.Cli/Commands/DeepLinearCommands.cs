using System.CommandLine;
using TransferLab.Experiments;
using TransferLab.Models;
using TransferLab.Numerics;
using TransferLab.Theory.FeaturesAreFate;
using TransferLab.Theory.FineTuningLinearTeachers;
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
        double KlSourceTarget, double DudleyLowerBound);

    /// <summary>Output of <c>simulate deep-linear</c>.</summary>
    public sealed record SimulationResult(int D, int N, double Alpha, double Overlap, double Sigma, int Depth, string Widths, string Protocol,
        string Pretrain, double InitScale, int Seeds, double MeanRisk, double StandardError, double LimitMeanRisk, double LimitStandardError,
        double MeanDistanceToLimit, double ZScoreVsLimit, double TheoryAsymptotic, int NotConverged, double MeanSteps, double MeanImbalance);

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
        var json = CommonOptions.Json();
        var cmd = new Command("deep-linear", "Deep linear network transfer theory: scratch, linear transfer, fine-tuning (paper c = 1 and depth-L balanced factor c_L), " +
            "frozen first layer, optimally tuned ridge scratch, transferabilities and phase-boundary positions (Tahir et al. Thms 3.6–3.9; Shachaf et al. §4).");
        foreach (var o in new Option[] { d, alpha, overlap, sigma, depth, lambda, json }) cmd.Options.Add(o);
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
        var seed = CommonOptions.Seed();
        var threads = CommonOptions.Threads();
        var json = CommonOptions.Json();
        var cmd = new Command("deep-linear", "Train deep linear networks by gradient descent (small-step gradient flow) under one protocol over random tasks; " +
            "report mean risk ± SE next to the exact gradient-flow limit on the same data and the proportional-limit theory.");
        foreach (var o in new Option[] { d, alpha, overlap, sigma, depth, widths, protocol, frozen, pretrain, initScale, lambda, seeds, stepFraction, maxSteps, seed, threads, json })
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

            var board = new ProgressBoard();
            var runs = ProgressDisplay.Run(board, () => ParallelRunner.Map([0], reps, p.GetValue(seed), (_, _, rng) =>
                DeepLinearSimulationRun.Run(dd, n, co, s, L, k, pr, f, pre, init, lam, frac, steps, rng), th, board.Start("simulating", reps)));
            var all = Enumerable.Range(0, reps).Select(r => runs[0, r]).ToArray();
            var (mean, se) = Statistics.MeanAndStandardError(all.Select(r => r.Risk).ToArray());
            var (lmean, lse) = Statistics.MeanAndStandardError(all.Select(r => r.LimitRisk).ToArray());
            var diffs = all.Select(r => r.Risk - r.LimitRisk).ToArray();
            var (dmean, dse) = Statistics.MeanAndStandardError(diffs);
            double asym = pr switch
            {
                DeepLinearProtocol.Scratch => ScratchRisk.Exact(n, dd, s),
                DeepLinearProtocol.LinearTransfer => lam > 0 ? LinearTransferRisk.Ridge(co, lam) : LinearTransferRisk.Exact(n, co, s),
                DeepLinearProtocol.FineTune => n <= dd - 2 ? DeepFineTuningSolution.IsotropicAsymptoticRisk(n, dd, 1, 1, co, s, L).Risk : ScratchRisk.Exact(n, dd, s),
                _ => FeaturesAreFateParameters.SinSquared(co),
            };
            var result = new SimulationResult(dd, n, g, co, s, L, string.Join(",", k), pr.Name(), pre, init, reps, mean, se, lmean, lse,
                all.Average(r => r.DistanceToLimit), dse > 0 ? dmean / dse : 0, asym, all.Count(r => !r.Converged), all.Average(r => (double)r.Steps), all.Average(r => r.Imbalance));
            if (p.GetValue(json)) CliOutput.Print(result, true);
            else CliOutput.Print(result, false, $"Deep linear simulation: {pr.Name()}, d = {dd}, n = {n}, L = {L}, {reps} runs");
            return 0;
        });
        return cmd;
    }
}
