using System.CommandLine;
using TransferLab.Experiments;
using TransferLab.Models;
using TransferLab.Theory.Anguita2026;
using TransferLab.Training;
using TransferLab.Validation;

namespace TransferLab.Cli.Commands;

/// <summary>
/// <c>theory diagonal</c>, <c>simulate diagonal</c> and <c>regime</c>: pretraining → fine-tuning in diagonal linear
/// networks (Anguita et al. 2026): replica generalization error, simulation, and the regime of an initialization.
/// </summary>
public sealed class DiagonalCommands : ICliModule
{
    /// <summary>One α_FT row of <c>theory diagonal</c>.</summary>
    public sealed record TheoryRow(double AlphaFt, double Error, double ChannelVariance, double ProxStrength, string Branch, int StableRoots);

    /// <summary>Output of <c>theory diagonal</c>.</summary>
    public sealed record TheoryResult(double CPt, double LambdaPt, double GammaFt, double RhoPt, double RhoFtShared, double RhoFtNew,
        double AlphaPt, double Sigma, double SigmaPt, double ScaleOnPretrainedFeature, double ScaleOffPretrainedFeature,
        string Regime, string RegimeReason, IReadOnlyList<TheoryRow> Rows);

    /// <summary>One α_FT row of <c>simulate diagonal</c>.</summary>
    public sealed record SimulationRow(double AlphaFt, int NFt, double MeanError, double StandardError, int Seeds, double Replica, double ZScore, int NotConverged, double MeanWork);

    /// <summary>Output of <c>simulate diagonal</c>.</summary>
    public sealed record SimulationResult(int D, double CPt, double LambdaPt, double GammaFt, double RhoPt, double RhoFtShared, double RhoFtNew,
        double AlphaPt, double Sigma, string Solver, ulong Seed, IReadOnlyList<SimulationRow> Rows);

    /// <inheritdoc />
    public void Register(CliRoot root)
    {
        root.Theory.Subcommands.Add(BuildTheory());
        root.Simulate.Subcommands.Add(BuildSimulate());
        root.Root.Subcommands.Add(BuildRegime());
    }

    private static Command BuildTheory()
    {
        var o = new DiagonalOptions(null);
        var json = CommonOptions.Json();
        var cmd = new Command("diagonal", "Replica-theory generalization error E(α_FT) of fine-tuning a diagonal linear network after pretraining " +
            "(Anguita et al. 2026): the minimum-Σφ_{c_FT} interpolant's error for D → ∞, with c_FT set by (c_PT, λ_PT, γ_FT) and the PT solution.");
        o.AddTo(cmd);
        cmd.Options.Add(json);
        CliRoot.SetAction(cmd, p =>
        {
            var alphas = o.Alphas(p);
            var task = o.Task(p, alphas[0]);
            var init = o.Init(p);
            var regime = RegimeClassifier.Classify(init, task.PretrainAmplitude, 1);
            var rows = FineTuneReplica.Curve(task, init, alphas)
                .Select(s => new TheoryRow(s.Alpha, s.Error, s.ChannelVariance, s.ProxStrength, s.Branch, s.StableRoots)).ToList();
            var result = new TheoryResult(init.CPt, init.LambdaPt, init.GammaFt, task.RhoPt, task.RhoFtShared, task.RhoFtNew, task.AlphaPt,
                task.Sigma, task.SigmaPt, regime.ScaleOnPretrainedFeature, regime.ScaleOffPretrainedFeature,
                $"{regime.Numeral} ({RegimeClassifier.Describe(regime.Regime)})", regime.Reason, rows);
            if (p.GetValue(json)) CliOutput.Print(result, true);
            else
            {
                CliOutput.PrintRows($"Diagonal network FT, replica theory: c_PT = {init.CPt}, λ_PT = {init.LambdaPt}, γ_FT = {init.GammaFt}; ρ_PT = {task.RhoPt}, " +
                    $"ρ_FT^shared = {task.RhoFtShared}, ρ_FT^new = {task.RhoFtNew}, α_PT = {task.AlphaPt}, σ = {task.Sigma}; regime {result.Regime}",
                    ["α_FT", "E", "s²", "g", "branch", "stable roots"],
                    rows.Select(r => new object?[] { r.AlphaFt, r.Error, r.ChannelVariance, r.ProxStrength, r.Branch, r.StableRoots }));
                Console.WriteLine($"c_FT = {result.ScaleOnPretrainedFeature:G4} on PT features, {result.ScaleOffPretrainedFeature:G4} elsewhere. {regime.Reason}");
            }
            return 0;
        });
        return cmd;
    }

    private static Command BuildSimulate()
    {
        var o = new DiagonalOptions(500);
        var seeds = new Option<int>("--seeds") { Description = "Independent runs per α_FT (≥ 2): fresh teachers and data each.", DefaultValueFactory = _ => 8 };
        var solver = new Option<string>("--solver") { Description = "exact: the gradient-flow limit from the implicit-bias theorem (convex dual Newton; fast); gd: gradient descent with small adaptive steps on the four weight vectors (the flow itself; slow beyond D ≈ 200).", DefaultValueFactory = _ => "exact" };
        var seed = CommonOptions.Seed();
        var threads = CommonOptions.Threads();
        var json = CommonOptions.Json();
        var cmd = new Command("diagonal", "Simulate pretraining → fine-tuning of a diagonal linear network (Anguita et al. 2026) on finite-D Gaussian data; " +
            "mean ± SE of E = ‖β̂_FT − β*_FT‖²/D per α_FT next to the replica prediction.");
        o.AddTo(cmd);
        foreach (var opt in new Option[] { seeds, solver, seed, threads, json }) cmd.Options.Add(opt);
        CliRoot.SetAction(cmd, p =>
        {
            var alphas = o.Alphas(p);
            var task = o.Task(p, alphas[0]);
            var init = o.Init(p);
            int k = Require.AtLeast("--seeds", p.GetValue(seeds), 2);
            int th = Require.Positive("--threads", p.GetValue(threads));
            string sv = p.GetValue(solver)!.Trim().ToLowerInvariant();
            var method = sv switch
            {
                "exact" => DiagonalSolver.Exact,
                "gd" => DiagonalSolver.GradientFlow,
                _ => throw new ParameterException("--solver", sv, "must be exact or gd"),
            };
            var board = new ProgressBoard();
            var runs = ProgressDisplay.Run(board, () => ParallelRunner.Map(alphas, k, p.GetValue(seed),
                (a, _, rng) => DiagonalTransferPipeline.Run(task with { AlphaFt = a }, init, rng, method), th, board.Start("simulating", (long)alphas.Length * k)));
            var replica = FineTuneReplica.Curve(task, init, alphas);
            var rows = alphas.Select((a, i) =>
            {
                var r = Enumerable.Range(0, k).Select(j => runs[i, j]).ToArray();
                var (mean, se) = Statistics.MeanAndStandardError(r.Select(x => x.Error).ToArray());
                double theory = replica[i].Error;
                return new SimulationRow(a, (task with { AlphaFt = a }).FineTuneSamples, mean, se, k, theory, se > 0 ? (mean - theory) / se : double.NaN,
                    r.Count(x => !x.Converged), r.Average(x => (double)x.Work));
            }).ToList();
            var result = new SimulationResult(task.D, init.CPt, init.LambdaPt, init.GammaFt, task.RhoPt, task.RhoFtShared, task.RhoFtNew,
                task.AlphaPt, task.Sigma, sv, p.GetValue(seed), rows);
            if (p.GetValue(json)) CliOutput.Print(result, true);
            else CliOutput.PrintRows($"Diagonal network FT simulation: D = {task.D}, {k} runs per α_FT, solver = {sv}",
                ["α_FT", "N_FT", "mean E", "SE", "replica E", "z", "not converged", sv == "exact" ? "Newton iterations" : "GD steps"],
                rows.Select(r => new object?[] { r.AlphaFt, r.NFt, r.MeanError, r.StandardError, r.Replica, r.ZScore, r.NotConverged, r.MeanWork }));
            return 0;
        });
        return cmd;
    }

    private static Command BuildRegime()
    {
        var c = new Option<double>("--c-pt") { Description = "Absolute init scale c_PT > 0.", DefaultValueFactory = _ => 1e-3 };
        var l = new Option<double>("--lambda-pt") { Description = "Relative layer scale λ_PT in [−c_PT, c_PT] (first layer² − readout²).", DefaultValueFactory = _ => 0.0 };
        var g = new Option<double>("--gamma-ft") { Description = "FT readout re-initialization γ_FT ≥ 0 (> 0 when λ_PT = −c_PT).", DefaultValueFactory = _ => 0.0 };
        var bpt = new Option<double>("--beta-pt") { Description = "Pretrained magnitude |β̂_PT| > 0 of a PT feature at which the landscape is evaluated (the PT amplitude).", DefaultValueFactory = _ => 1.0 };
        var bft = new Option<double>("--beta-ft") { Description = "Magnitude |β_FT| > 0 of a fine-tuned coefficient (1 = unit-variance FT teacher; 1/√ρ_FT for the paper's values).", DefaultValueFactory = _ => 1.0 };
        var json = CommonOptions.Json();
        var cmd = new Command("regime", "Name the fine-tuning regime (I rich PT-independent, II lazy PT-dependent, III lazy PT-independent, IV rich PT-dependent) " +
            "of an initialization (c_PT, λ_PT, γ_FT) of a diagonal network, and why: ℓ-order, pretraining dependence and c_FT on and off PT features (Anguita et al. 2026).");
        foreach (var o in new Option[] { c, l, g, bpt, bft, json }) cmd.Options.Add(o);
        CliRoot.SetAction(cmd, p =>
        {
            var init = new DiagonalInitialization(p.GetValue(c), p.GetValue(l), p.GetValue(g)).Validate();
            var r = RegimeClassifier.Classify(init, p.GetValue(bpt), p.GetValue(bft));
            var result = new
            {
                regime = r.Numeral,
                name = RegimeClassifier.Describe(r.Regime),
                c_pt = init.CPt,
                lambda_pt = init.LambdaPt,
                gamma_ft = init.GammaFt,
                l_order = r.LOrder,
                pt_dependence = r.Dependence,
                c_ft_on_pt_feature = r.ScaleOnPretrainedFeature,
                c_ft_off_pt_feature = r.ScaleOffPretrainedFeature,
                new_feature_cost_ratio = r.CostRatio,
                beta_pt = r.PretrainedMagnitude,
                beta_ft = r.FineTuneMagnitude,
                reason = r.Reason,
            };
            if (p.GetValue(json)) CliOutput.Print(result, true);
            else
            {
                Console.WriteLine($"Regime {r.Numeral}: {RegimeClassifier.Describe(r.Regime)}");
                Console.WriteLine($"Why: {r.Reason}");
            }
            return 0;
        });
        return cmd;
    }
}
