using System.CommandLine;
using TransferLab.Experiments;
using TransferLab.Numerics;
using TransferLab.Theory.Shachaf2021;
using TransferLab.Training;
using TransferLab.Validation;

namespace TransferLab.Cli.Commands;

/// <summary><c>theory linear</c> and <c>simulate linear</c>: fine-tuning linear regression from θ_S (Shachaf et al. 2021).</summary>
public sealed class LinearCommands : ICliModule
{
    /// <summary>One protocol's theory value.</summary>
    public sealed record ProtocolTheory(string Protocol, string Method, double Bias, double Variance, double ExcessRisk, double Risk);

    /// <summary>Output of <c>theory linear</c>.</summary>
    public sealed record TheoryResult(int D, int N, double Sigma, string Covariance, string Teacher,
        double Norm2SourceMinusTarget, double ZeroShotRisk, double Cosine,
        IReadOnlyList<ProtocolTheory> Protocols, SimilarityMeasures Similarity, SampleComplexity? SampleComplexity);

    /// <summary>One protocol's simulation summary.</summary>
    public sealed record ProtocolSimulation(string Protocol, double Mean, double StandardError, int Runs, double Theory, double ZScore, int NotConverged);

    /// <summary>Output of <c>simulate linear</c>.</summary>
    public sealed record SimulationResult(int D, int N, double Sigma, string Covariance, string Teacher, string Solver, ulong Seed, IReadOnlyList<ProtocolSimulation> Protocols);

    private static LinearTheoryMethod ParseMethod(string s) => s switch
    {
        "auto" => LinearTheoryMethod.Auto,
        "isotropic-exact" => LinearTheoryMethod.IsotropicExact,
        "deterministic-equivalent" => LinearTheoryMethod.DeterministicEquivalent,
        _ => throw new ParameterException("--method", s, "must be one of auto, isotropic-exact, deterministic-equivalent"),
    };

    /// <inheritdoc />
    public void Register(CliRoot root)
    {
        root.Theory.Subcommands.Add(BuildTheory());
        root.Simulate.Subcommands.Add(BuildSimulate());
    }

    private static Command BuildTheory()
    {
        var task = new LinearTaskOptions();
        var method = new Option<string>("--method") { Description = "Expected-risk formula: auto (isotropic-exact when Σ = s·I, else deterministic-equivalent), isotropic-exact (finite-n exact, Σ = s·I only), deterministic-equivalent (proportional limit, any Σ).", DefaultValueFactory = _ => "auto" };
        var epsilon = new Option<double?>("--epsilon") { Description = "Also report the sample complexity n*(ε) = min{n : E excess risk ≤ ε} of fine-tuning and scratch (ε > 0)." };
        var nMax = new Option<int?>("--n-max") { Description = "Largest n searched for n*(ε) (default 4d)." };
        var json = CommonOptions.Json();
        var cmd = new Command("linear", "Expected risk of linear regression fine-tuned by gradient descent from θ_S vs trained from scratch (Shachaf et al. 2021): bias/variance, similarity measures, sample complexity.");
        task.AddTo(cmd);
        cmd.Options.Add(method);
        cmd.Options.Add(epsilon);
        cmd.Options.Add(nMax);
        cmd.Options.Add(json);
        CliRoot.SetAction(cmd, p =>
        {
            var t = task.Build(p);
            int n = Require.Positive("--n", p.GetValue(task.N));
            var m = ParseMethod(p.GetValue(method)!);
            var protocols = new[] { TransferProtocol.FineTune, TransferProtocol.Scratch, TransferProtocol.ZeroShot }
                .Select(pr =>
                {
                    var r = LinearFineTuningTheory.Predict(t, n, pr, m);
                    return new ProtocolTheory(Kebab(pr), r.Method, r.Bias, r.Variance, r.Excess, r.Excess + t.NoiseSd * t.NoiseSd);
                }).ToList();
            SampleComplexity? sc = null;
            if (p.GetValue(epsilon) is double eps)
                sc = SampleComplexity.Compute(t, Require.Positive("--epsilon", eps), Require.AtLeast("--n-max", p.GetValue(nMax) ?? 4 * t.Dimension, 0), m);
            var result = new TheoryResult(t.Dimension, n, t.NoiseSd, t.Covariance.Description, t.Teachers.Description,
                Vec.NormSquared(t.Teachers.Difference), t.Covariance.Norm2(t.Teachers.Difference), t.Teachers.Cosine,
                protocols, SimilarityMeasures.Compute(t, n), sc);
            if (p.GetValue(json)) CliOutput.Print(result, true);
            else
            {
                CliOutput.PrintRows($"Linear fine-tuning theory: d = {t.Dimension}, n = {n}, σ = {t.NoiseSd}, Σ = {t.Covariance.Description}, teacher = {t.Teachers.Description}",
                    ["protocol", "method", "bias", "variance", "excess risk", "risk (+σ²)"],
                    protocols.Select(x => new object?[] { x.Protocol, x.Method, x.Bias, x.Variance, x.ExcessRisk, x.Risk }));
                CliOutput.Print(result.Similarity, false, "Similarity measures of θ_S and θ_T (w = θ_S − θ_T)");
                if (sc != null) CliOutput.Print(sc, false, $"Sample complexity n*(ε), ε = {sc.Epsilon}");
            }
            return 0;
        });
        return cmd;
    }

    private static Command BuildSimulate()
    {
        var task = new LinearTaskOptions();
        var seeds = new Option<int>("--seeds") { Description = "Number of independent runs (fresh design and label noise each), ≥ 2.", DefaultValueFactory = _ => 100 };
        var solver = new Option<string>("--solver") { Description = "exact: the converged gradient-descent solution θ₀ + X⁺(y − Xθ₀) (fast); gd: run full-batch gradient descent to ‖∇‖ ≤ 1e-10·‖∇₀‖ (the flow the theory describes; slower).", DefaultValueFactory = _ => "exact" };
        var seed = CommonOptions.Seed();
        var threads = CommonOptions.Threads();
        var json = CommonOptions.Json();
        var cmd = new Command("linear", "Simulate linear regression fine-tuned from θ_S and trained from scratch over random designs; mean and standard error of the excess risk next to the theory.");
        task.AddTo(cmd);
        foreach (var o in new Option[] { seeds, solver, seed, threads, json }) cmd.Options.Add(o);
        CliRoot.SetAction(cmd, p =>
        {
            var t = task.Build(p);
            int n = Require.Positive("--n", p.GetValue(task.N));
            int k = Require.AtLeast("--seeds", p.GetValue(seeds), 2);
            int th = Require.Positive("--threads", p.GetValue(threads));
            string sv = p.GetValue(solver)!;
            if (sv != "exact" && sv != "gd") throw new ParameterException("--solver", sv, "must be exact or gd");
            var protocols = new[] { TransferProtocol.FineTune, TransferProtocol.Scratch };
            var board = new ProgressBoard();
            var runs = ProgressDisplay.Run(board, () => ParallelRunner.Map(protocols, k, p.GetValue(seed), (pr, _, rng) =>
            {
                var (x, y) = t.SampleTarget(n, rng);
                var theta0 = LinearFineTuningTheory.Initialization(t, pr);
                if (sv == "exact") return (risk: t.ExcessRisk(MinimumDistanceInterpolant.Solve(x, y, theta0)), converged: true);
                var gd = LinearGradientDescent.Run(x, y, theta0);
                return (risk: t.ExcessRisk(gd.Theta), converged: gd.Converged);
            }, th, board.Start("simulating", protocols.Length * k)));
            var rows = protocols.Select((pr, i) =>
            {
                var xs = Enumerable.Range(0, k).Select(r => runs[i, r].risk).ToArray();
                var (mean, se) = Statistics.MeanAndStandardError(xs);
                double theory = LinearFineTuningTheory.Predict(t, n, pr).Excess;
                return new ProtocolSimulation(Kebab(pr), mean, se, k, theory, se > 0 ? (mean - theory) / se : double.NaN,
                    Enumerable.Range(0, k).Count(r => !runs[i, r].converged));
            }).ToList();
            var result = new SimulationResult(t.Dimension, n, t.NoiseSd, t.Covariance.Description, t.Teachers.Description, sv, p.GetValue(seed), rows);
            if (p.GetValue(json)) CliOutput.Print(result, true);
            else CliOutput.PrintRows($"Linear simulation: d = {t.Dimension}, n = {n}, σ = {t.NoiseSd}, {k} runs, solver = {sv}",
                ["protocol", "mean excess risk", "SE", "theory", "z = (mean − theory)/SE", "not converged"],
                rows.Select(r => new object?[] { r.Protocol, r.Mean, r.StandardError, r.Theory, r.ZScore, r.NotConverged }));
            return 0;
        });
        return cmd;
    }

    private static string Kebab(TransferProtocol p) => p switch
    {
        TransferProtocol.FineTune => "fine-tune",
        TransferProtocol.Scratch => "scratch",
        _ => "zero-shot",
    };
}
