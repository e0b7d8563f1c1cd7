using System.CommandLine;
using Spectre.Console;
using TransferLab.Experiments;
using TransferLab.Experiments.Anguita2026;
using TransferLab.Experiments.Shachaf2021;
using TransferLab.Experiments.Tahir2024;
using TransferLab.Theory.Tahir2024;
using TransferLab.Validation;

namespace TransferLab.Cli.Commands;

/// <summary><c>phase-diagram deep-linear</c>: a Features-are-fate transferability heatmap, CSV grid and boundary.</summary>
public static class DeepLinearPhaseDiagramCommand
{
    /// <summary>A one-off figure carrying the command's parameters, run through the staged, atomic <see cref="FigureRunner"/>.</summary>
    private sealed class Job(TahirPhaseDiagramSpec spec, string name, string title) : Figure
    {
        public override string Id => name;
        public override string Paper => "Tahir, Ganguli & Rotskoff 2024";
        public override string Description => title;
        public override void Run(FigureContext ctx)
        {
            var s = spec.Settings;
            ctx.Note("protocol", s.Method == TransferMethod.LinearTransfer ? "linear-transfer" : "fine-tune");
            ctx.Note("sigma", s.Sigma);
            ctx.Note("baseline", s.Baseline == ScratchBaseline.Ridgeless ? "ridgeless" : "optimal-ridge");
            ctx.Note("lambda", s.Lambda);
            ctx.Note("depth", s.Depth?.ToString() ?? "paper (c = 1)");
            ctx.Note("alpha_source", s.Source?.Gamma); ctx.Note("sigma_source", s.Source?.Sigma);
            ctx.Note("theta_points", spec.ThetaPoints); ctx.Note("alpha_points", spec.GammaPoints); ctx.Note("alpha_max", spec.GammaMax);
            ctx.Note("simulation_d", spec.SimulationD);
            TahirPhaseDiagramRenderer.Render(ctx, name, title, spec);
        }
    }

    /// <summary>Builds the command.</summary>
    public static Command Build()
    {
        var protocol = new Option<string>("--protocol") { Description = "linear-transfer | fine-tune.", DefaultValueFactory = _ => "linear-transfer" };
        var sigma = DeepLinearOptions.Sigma();
        var baseline = new Option<string>("--baseline") { Description = "Scratch comparator: ridgeless (the paper's gradient-flow baseline, double descent) or optimal-ridge (oracle-tuned ridge, v2 Fig. 5).", DefaultValueFactory = _ => "ridgeless" };
        var lambda = DeepLinearOptions.Lambda();
        var depth = new Option<string?>("--depth") { Description = "fine-tune: depth L (integer ≥ 1 or 'inf') for the balanced-flow factor c_L; omitted = the paper's c = 1." };
        var thetaPoints = new Option<int>("--theta-points") { Description = "Grid points in θ (≥ 2).", DefaultValueFactory = _ => 100 };
        var alphaPoints = new Option<int>("--alpha-points") { Description = "Grid points in α = n/d (≥ 2).", DefaultValueFactory = _ => 100 };
        var alphaMax = new Option<double>("--alpha-max") { Description = "Largest α = n/d on the grid (> 0).", DefaultValueFactory = _ => 2.0 };
        var thetaMax = new Option<double>("--theta-max") { Description = "Largest θ in degrees, in (0, 180].", DefaultValueFactory = _ => 90.0 };
        var simulateD = new Option<int?>("--simulate-d") { Description = "Also simulate the grid at this d (≥ 4) from the exact gradient-flow limits (Monte Carlo over target data sets; no GD)." };
        var simPoints = new Option<int>("--sim-points") { Description = "Simulated grid points per axis (≥ 2).", DefaultValueFactory = _ => 20 };
        var alphaSource = DeepLinearOptions.AlphaSource();
        var sigmaSource = DeepLinearOptions.SigmaSource();
        var draws = new Option<int>("--draws") { Description = "Target data sets per simulated cell (≥ 2).", DefaultValueFactory = _ => 20 };
        var outDir = CommonOptions.Out("./transferlab-out");
        var seed = CommonOptions.Seed();
        var threads = CommonOptions.Threads();
        var json = CommonOptions.Json();
        var cmd = new Command("deep-linear", "Transferability phase diagram T(θ, α) of a deep linear network (Tahir et al.): heatmap PNG/SVG with the analytic T = 0 boundary, " +
            "the grid as tidy CSV and the boundary as CSV; optionally a simulated grid.");
        foreach (var o in new Option[] { protocol, sigma, baseline, lambda, depth, alphaSource, sigmaSource, thetaPoints, alphaPoints, alphaMax, thetaMax, simulateD, simPoints, draws, outDir, seed, threads, json })
            cmd.Options.Add(o);
        CliRoot.SetAction(cmd, p =>
        {
            var method = p.GetValue(protocol) switch
            {
                "linear-transfer" => TransferMethod.LinearTransfer,
                "fine-tune" => TransferMethod.FineTune,
                var v => throw new ParameterException("--protocol", v, "must be linear-transfer or fine-tune"),
            };
            var bl = p.GetValue(baseline) switch
            {
                "ridgeless" => ScratchBaseline.Ridgeless,
                "optimal-ridge" => ScratchBaseline.OptimalRidge,
                var v => throw new ParameterException("--baseline", v, "must be ridgeless or optimal-ridge"),
            };
            double s = FeaturesAreFateParameters.Noise(p.GetValue(sigma));
            double lam = Require.NonNegative("--lambda", p.GetValue(lambda));
            double? L = p.GetValue(depth) is { } dt ? DeepLinearOptions.ParseDepth(dt, allowInfinite: true) : null;
            var src = DeepLinearOptions.ParseSource(p.GetValue(alphaSource), p.GetValue(sigmaSource), s);
            int tp = Require.AtLeast("--theta-points", p.GetValue(thetaPoints), 2), ap = Require.AtLeast("--alpha-points", p.GetValue(alphaPoints), 2);
            double am = Require.Positive("--alpha-max", p.GetValue(alphaMax));
            double tm = Require.InRange("--theta-max", p.GetValue(thetaMax), 1e-6, 180);
            int? sd = p.GetValue(simulateD) is int v0 ? Require.AtLeast("--simulate-d", v0, 4) : null;
            int sp = Require.AtLeast("--sim-points", p.GetValue(simPoints), 2), dr = Require.AtLeast("--draws", p.GetValue(draws), 2);
            int th = Require.Positive("--threads", p.GetValue(threads));
            string name = $"phase-deep-linear-{p.GetValue(protocol)}";
            string title = $"{(method == TransferMethod.LinearTransfer ? "Linear transfer" : "Fine-tuning")}, σ = {s}" +
                (bl == ScratchBaseline.OptimalRidge ? ", optimal-ridge baseline" : "") + (L is { } l ? $", L = {l}" : "") +
                (src is not null ? $", α_s = {src.Gamma}, σ_s = {src.Sigma}" : "");
            var spec = new TahirPhaseDiagramSpec(new TransferabilitySettings(method, s, bl, lam, L, src), tp, ap, am, tm, sd, sp, sp, dr);
            FigureRunner.PrepareOutputDirectory(p.GetValue(outDir)!);
            var board = new ProgressBoard();
            var r = ProgressDisplay.Run(board, () => FigureRunner.Run(new Job(spec, name, title), false, p.GetValue(outDir)!, p.GetValue(seed), th, board));
            if (p.GetValue(json)) CliOutput.Print(new { files = r.Files, seconds = r.ElapsedSeconds }, true);
            else AnsiConsole.MarkupLine($"[green]✓[/] {Markup.Escape(name)} ({r.ElapsedSeconds:F2} s): {Markup.Escape(string.Join(", ", r.Files.Select(Path.GetFileName)))}");
            return 0;
        });
        return cmd;
    }
}
