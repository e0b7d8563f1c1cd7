using TransferLab.Numerics;
using TransferLab.Schema;
using TransferLab.Theory.Shachaf2021;
using TransferLab.Training;

namespace TransferLab.Experiments.Families;

/// <summary>
/// Linear regression fine-tuned by gradient descent from θ_S versus trained from scratch (Shachaf et al. 2021 §3):
/// the expected risk by bias/variance formula, and its simulation over random designs (docs/shachaf2021.md).
/// </summary>
public sealed class LinearFamily : ModelFamily
{
    /// <summary>One protocol's theory value.</summary>
    public sealed record ProtocolTheory(string Protocol, string Method, double Bias, double Variance, double ExcessRisk, double Risk);

    /// <summary>Output of the theory computation.</summary>
    public sealed record TheoryResult(int D, int N, double Sigma, string Covariance, string Teacher,
        double Norm2SourceMinusTarget, double ZeroShotRisk, double Cosine,
        IReadOnlyList<ProtocolTheory> Protocols, SimilarityMeasures Similarity, SampleComplexity? SampleComplexity,
        IReadOnlyDictionary<string, string>? NullReasons = null);

    /// <summary>One protocol's simulation summary.</summary>
    /// <param name="Protocol">The protocol (scratch, fine-tune, …).</param>
    /// <param name="Mean">Mean excess risk over the runs.</param>
    /// <param name="StandardError">Its standard error.</param>
    /// <param name="Runs">Runs averaged (tasks × designs).</param>
    /// <param name="Theory">The protocol's theory value for the same task.</param>
    /// <param name="ZScore">(mean − theory)/SE on a sampling basis, else NaN (docs/architecture.md, "Comparison rule").</param>
    /// <param name="NotConverged">Runs whose gradient descent stopped at its step budget.</param>
    /// <param name="AbsDiff">|mean − theory|.</param>
    /// <param name="ComparisonBasis">sampling, absolute or round-off.</param>
    /// <param name="Status">ok, or diverged when a run's gradient descent diverged (its numbers are withheld, null in JSON).</param>
    /// <param name="DivergedRuns">Runs of this protocol that diverged.</param>
    public sealed record ProtocolSimulation(string Protocol, double Mean, double StandardError, int Runs, double Theory, double ZScore, int NotConverged,
        double AbsDiff, string ComparisonBasis, string Status = PointValidity.Ok, int DivergedRuns = 0);

    /// <summary>Output of the simulation.</summary>
    /// <param name="D">Input dimension.</param>
    /// <param name="N">Target samples.</param>
    /// <param name="Sigma">Target label noise SD.</param>
    /// <param name="Covariance">The input covariance, described.</param>
    /// <param name="Teacher">The source/target teacher pair, described.</param>
    /// <param name="Solver">exact (minimum-distance interpolant) or gd (gradient descent).</param>
    /// <param name="Seed">The simulation seed.</param>
    /// <param name="Protocols">One summary per protocol.</param>
    /// <param name="NullReasons">Why a null field is null (snake_case path → sentence).</param>
    public sealed record SimulationResult(int D, int N, double Sigma, string Covariance, string Teacher, string Solver, ulong Seed, IReadOnlyList<ProtocolSimulation> Protocols,
        IReadOnlyDictionary<string, string>? NullReasons = null);

    private static string SimulationNullReason(string field) => field switch
    {
        nameof(ProtocolSimulation.Mean) or nameof(ProtocolSimulation.StandardError) or nameof(ProtocolSimulation.AbsDiff) =>
            "this protocol's runs diverged (status diverged); the numbers are withheld",
        nameof(ProtocolSimulation.ZScore) => "no z-score: the SE is not a sampling error of meaningful size (see comparison_basis and abs_diff), or the runs diverged",
        _ => "not finite",
    };

    /// <inheritdoc />
    public override ModelSchema Schema { get; } = new("linear", Compute.Both,
    [
        .. LinearTaskParameters.Specs,
        new() { Name = "method", Kind = ParameterKind.Choice, UsedBy = Compute.Theory, Default = "auto", Choices = ["auto", "isotropic-exact", "deterministic-equivalent"],
            Doc = "Expected-risk formula: auto (isotropic-exact when Σ = s·I, else deterministic-equivalent), isotropic-exact (finite-n exact, Σ = s·I only), deterministic-equivalent (proportional limit, any Σ)." },
        new() { Name = "epsilon", Kind = ParameterKind.Real, UsedBy = Compute.Theory, Min = 0, MinExclusive = true,
            Doc = "Also report the sample complexity n*(ε) = min{n : E excess risk ≤ ε} of fine-tuning and scratch." },
        new() { Name = "n-max", Kind = ParameterKind.Integer, UsedBy = Compute.Theory, Min = 0, Doc = "Largest n searched for n*(ε) (default 4d)." },
        new() { Name = "seeds", Kind = ParameterKind.Integer, UsedBy = Compute.Simulate, Default = "100", Min = 2, Max = 10_000, Doc = "Number of independent runs (fresh design and label noise each)." },
        new() { Name = "solver", Kind = ParameterKind.Choice, UsedBy = Compute.Simulate, Default = "exact", Choices = ["exact", "gd"],
            Doc = "exact: the converged gradient-descent solution θ₀ + X⁺(y − Xθ₀) (fast); gd: full-batch gradient descent to ‖∇‖ ≤ 1e-10·‖∇₀‖ (the flow the theory describes; slower)." },
    ]);

    /// <inheritdoc />
    public override string Paper => "Shachaf, Brutzkus & Globerson 2021";

    /// <inheritdoc />
    public override string TheoryDescription => "Expected risk of linear regression fine-tuned by gradient descent from θ_S vs trained from scratch (Shachaf et al. 2021): bias/variance, similarity measures, sample complexity.";

    /// <inheritdoc />
    public override string SimulateDescription => "Simulate linear regression fine-tuned from θ_S and trained from scratch over random designs; mean and standard error of the excess risk next to the theory.";

    /// <inheritdoc />
    /// <remarks>
    /// Measured (docs/architecture.md, "Error contract"): the task holds ~16 d-vectors, a rotated eigenbasis ~14 d×d
    /// matrices (Haar draw and its factorisation); a simulated run ~8 n×d designs and solver copies plus the n×n
    /// Gram matrix and its factor.
    /// </remarks>
    public override MemoryEstimate? EstimateMemory(ParameterValues p, int runsInFlight)
    {
        double d = p.Integer("d");
        double task = 16 * d + (p.Flag("rotate") ? 14 * d * d : 0);
        if (p.Compute == Compute.Theory) return MemoryEstimate.OfDoubles(task, "d");
        double n = p.Integer("n"), k = p.Integer("seeds");
        double run = 8 * n * d + 3 * n * n + 3 * Math.Min(n, d) * Math.Min(n, d) + 8 * d;
        return MemoryEstimate.OfDoubles(task + MemoryEstimate.InFlight(runsInFlight, 2 * k) * run + 4 * k, "d", "n", "threads");
    }

    private static LinearTheoryMethod Method(string s) => s switch
    {
        "isotropic-exact" => LinearTheoryMethod.IsotropicExact,
        "deterministic-equivalent" => LinearTheoryMethod.DeterministicEquivalent,
        _ => LinearTheoryMethod.Auto,
    };

    /// <inheritdoc />
    public override ModelResult Theory(ParameterValues p)
    {
        var t = LinearTaskParameters.Build(p);
        int n = p.Integer("n");
        var m = Method(p.Text("method"));
        var protocols = new[] { TransferProtocol.FineTune, TransferProtocol.Scratch, TransferProtocol.ZeroShot }
            .Select(pr =>
            {
                var r = LinearFineTuningTheory.Predict(t, n, pr, m);
                return new ProtocolTheory(Kebab(pr), r.Method, r.Bias, r.Variance, r.Excess, r.Excess + t.NoiseSd * t.NoiseSd);
            }).ToList();
        SampleComplexity? sc = p.OptionalReal("epsilon") is double eps
            ? SampleComplexity.Compute(t, eps, p.OptionalInteger("n-max") ?? 4 * t.Dimension, m)
            : null;
        var result = new TheoryResult(t.Dimension, n, t.NoiseSd, t.Covariance.Description, t.Teachers.Description,
            Vec.NormSquared(t.Teachers.Difference), t.Covariance.Norm2(t.Teachers.Difference), t.Teachers.Cosine,
            protocols, SimilarityMeasures.Compute(t, n), sc);
        result = result with { NullReasons = NullReasons.Of(result, f => TheoryNullReason(f, n, t.Dimension, sc)) };
        var report = new Report()
            .Table($"Linear fine-tuning theory: d = {t.Dimension}, n = {n}, σ = {t.NoiseSd}, Σ = {t.Covariance.Description}, teacher = {t.Teachers.Description}",
                ["protocol", "method", "bias", "variance", "excess risk", "risk (+σ²)"],
                protocols.Select(x => new object?[] { x.Protocol, x.Method, x.Bias, x.Variance, x.ExcessRisk, x.Risk }))
            .Record(result.Similarity, "Similarity measures of θ_S and θ_T (w = θ_S − θ_T)");
        if (sc != null) report.Record(sc, $"Sample complexity n*(ε), ε = {sc.Epsilon}");
        return new ModelResult(result, report);
    }

    /// <inheritdoc />
    public override ModelResult Simulate(ParameterValues p, ulong seed, RunSettings run)
    {
        var t = LinearTaskParameters.Build(p);
        int n = p.Integer("n");
        int k = p.Integer("seeds");
        string sv = p.Text("solver");
        var protocols = new[] { TransferProtocol.FineTune, TransferProtocol.Scratch };
        var runs = ParallelRunner.Map(protocols, k, seed, (pr, _, rng) =>
        {
            var (x, y) = t.SampleTarget(n, rng);
            var theta0 = LinearFineTuningTheory.Initialization(t, pr);
            if (sv == "exact")
            {
                double exact = t.ExcessRisk(MinimumDistanceInterpolant.Solve(x, y, theta0));
                return (risk: exact, converged: true, diverged: !double.IsFinite(exact));
            }
            var gd = LinearGradientDescent.Run(x, y, theta0);
            return (risk: t.ExcessRisk(gd.Theta), converged: gd.Converged, diverged: gd.Diverged);
        }, run.Threads, run.Progress.Start("simulating", protocols.Length * k));
        var comparisons = new List<Comparison>();
        var rows = protocols.Select((pr, i) =>
        {
            var xs = Enumerable.Range(0, k).Select(r => runs[i, r].risk).ToArray();
            var (mean, se) = Statistics.MeanAndStandardError(xs);
            double theory = LinearFineTuningTheory.Predict(t, n, pr).Excess;
            int diverged = Enumerable.Range(0, k).Count(r => runs[i, r].diverged);
            if (diverged > 0)
                return new ProtocolSimulation(Kebab(pr), double.NaN, double.NaN, k, theory, double.NaN, Enumerable.Range(0, k).Count(r => !runs[i, r].converged),
                    double.NaN, "none", PointValidity.Diverged, diverged);
            var cmp = new Comparison($"{Kebab(pr)} excess risk", theory, mean, se, k);
            comparisons.Add(cmp);
            return new ProtocolSimulation(Kebab(pr), mean, se, k, theory, cmp.ZScore,
                Enumerable.Range(0, k).Count(r => !runs[i, r].converged), cmp.AbsoluteDifference, cmp.Basis.Name());
        }).ToList();
        var result = new SimulationResult(t.Dimension, n, t.NoiseSd, t.Covariance.Description, t.Teachers.Description, sv, seed, rows);
        result = result with { NullReasons = NullReasons.Of(result, SimulationNullReason) };
        var report = new Report().Table($"Linear simulation: d = {t.Dimension}, n = {n}, σ = {t.NoiseSd}, {k} runs, solver = {sv}",
            ["protocol", "mean excess risk", "SE", "theory", "z = (mean − theory)/SE", "|Δ|", "basis", "not converged"],
            rows.Select(r => new object?[] { r.Protocol, r.Mean, r.StandardError, r.Theory, r.ZScore, r.AbsDiff, r.ComparisonBasis, r.NotConverged }));
        int valid = rows.Count(r => r.Status == PointValidity.Ok);
        if (valid < rows.Count) report.Line($"status: {rows.Count - valid} of {rows.Count} protocols diverged (loss not finite or grown 10⁶-fold); their numbers are withheld");
        return new ModelResult(result, report, comparisons)
        {
            Validity = new PointValidity(rows.Count, valid, valid == rows.Count ? "" : "every protocol's runs diverged (loss not finite or grown 10⁶-fold)"),
        };
    }

    /// <summary>Why a field of the linear theory is null.</summary>
    private static string TheoryNullReason(string field, int n, int d, SampleComplexity? sc) => field switch
    {
        nameof(TheoryResult.SampleComplexity) => "only with epsilon (the sample complexity n*(ε))",
        nameof(SampleComplexity.FineTune) or nameof(SampleComplexity.Scratch) =>
            $"the risk does not reach ε within n ≤ {sc?.SearchedUpTo} (raise n-max)",
        nameof(SampleComplexity.Reduction) => "needs both n* finite and n*_FT > 0",
        nameof(ProtocolTheory.Variance) or nameof(ProtocolTheory.ExcessRisk) or nameof(ProtocolTheory.Risk) =>
            $"n = {n} next to d = {d} with σ > 0: the mean variance σ²·E tr((XXᵀ)⁻¹) of the minimum-norm fit is infinite for |n − d| ≤ 1",
        _ => $"not finite at n = {n}, d = {d}",
    };

    /// <summary>The protocol's name in outputs.</summary>
    public static string Kebab(TransferProtocol p) => p switch
    {
        TransferProtocol.FineTune => "fine-tune",
        TransferProtocol.Scratch => "scratch",
        _ => "zero-shot",
    };
}
