using TransferLab.Experiments.Anguita2026;
using TransferLab.Schema;
using TransferLab.Theory.Anguita2026;
using TransferLab.Training;

namespace TransferLab.Experiments.Families;

/// <summary>
/// Pretraining → fine-tuning of a diagonal linear network (Anguita et al. 2026): the replica generalization error
/// E(α_FT) of the fine-tuned interpolant (D → ∞), and its simulation on finite-D Gaussian data next to it.
/// </summary>
public sealed class DiagonalFamily : ModelFamily
{
    /// <summary>One α_FT row of the theory.</summary>
    public sealed record TheoryRow(double AlphaFt, double Error, double ChannelVariance, double ProxStrength, string Branch, int StableRoots);

    /// <summary>Output of the theory computation.</summary>
    public sealed record TheoryResult(double CPt, double LambdaPt, double GammaFt, double RhoPt, double RhoFtShared, double RhoFtNew,
        double AlphaPt, double Sigma, double SigmaPt, double ScaleOnPretrainedFeature, double ScaleOffPretrainedFeature,
        string Regime, string RegimeReason, IReadOnlyList<TheoryRow> Rows, IReadOnlyDictionary<string, string>? NullReasons = null);

    /// <summary>One α_FT row of the simulation.</summary>
    /// <param name="AlphaFt">α_FT = n_FT/D.</param>
    /// <param name="NFt">Fine-tuning samples, round(α_FT·D).</param>
    /// <param name="MeanError">Mean generalisation error over the seeds.</param>
    /// <param name="StandardError">Its standard error.</param>
    /// <param name="Seeds">Seeds averaged.</param>
    /// <param name="Replica">The replica prediction at this α_FT.</param>
    /// <param name="ZScore">(mean − replica)/SE on a sampling basis, else NaN (docs/architecture.md, "Comparison rule").</param>
    /// <param name="NotConverged">Runs whose solver stopped before its tolerance.</param>
    /// <param name="MeanWork">Mean solver work per run (the solver's iteration count).</param>
    /// <param name="AbsDiff">|mean − replica|.</param>
    /// <param name="ComparisonBasis">sampling, absolute or round-off.</param>
    /// <param name="Status">ok, or diverged when a run's gradient flow diverged (its numbers are withheld, null in JSON).</param>
    /// <param name="DivergedSeeds">Runs at this α_FT that diverged.</param>
    public sealed record SimulationRow(double AlphaFt, int NFt, double MeanError, double StandardError, int Seeds, double Replica, double ZScore, int NotConverged, double MeanWork,
        double AbsDiff, string ComparisonBasis, string Status = PointValidity.Ok, int DivergedSeeds = 0);

    /// <summary>Output of the simulation.</summary>
    public sealed record SimulationResult(int D, double CPt, double LambdaPt, double GammaFt, double RhoPt, double RhoFtShared, double RhoFtNew,
        double AlphaPt, double Sigma, string Solver, ulong Seed, IReadOnlyList<SimulationRow> Rows, IReadOnlyDictionary<string, string>? NullReasons = null);

    /// <summary>Why a field of a diagonal payload is null.</summary>
    private static string NullReason(string field) => field switch
    {
        nameof(TheoryResult.AlphaPt) => "oracle pretraining (alpha-pt = oracle, α_PT = ∞): the pretrained predictor is the PT teacher itself",
        nameof(SimulationRow.MeanError) or nameof(SimulationRow.StandardError) or nameof(SimulationRow.AbsDiff) =>
            "the gradient flow diverged at this α_FT (status diverged); the numbers are withheld",
        nameof(SimulationRow.ZScore) => "no z-score: the SE is not a sampling error of meaningful size (see comparison_basis and abs_diff), or the point diverged",
        nameof(TheoryRow.Error) => "the replica fixed point has no finite solution here",
        _ => "not finite",
    };

    /// <summary><c>seeds</c>: independent runs per α_FT.</summary>
    public static ParameterSpec Seeds { get; } = new()
    {
        Name = "seeds", Kind = ParameterKind.Integer, UsedBy = Compute.Simulate, Default = "8", Min = 2, Max = 10_000,
        Doc = "Independent runs per α_FT: fresh teachers and data each.",
    };

    /// <summary><c>solver</c>: how each stage is trained.</summary>
    public static ParameterSpec Solver { get; } = new()
    {
        Name = "solver", Kind = ParameterKind.Choice, UsedBy = Compute.Simulate, Default = "exact", Choices = ["exact", "gd"],
        Doc = "exact: the gradient-flow limit from the implicit-bias theorem (convex dual Newton; fast); gd: gradient descent on the four weight vectors (the flow itself, stepped by --gd-rule).",
    };

    /// <summary><c>gd-rule</c>: how <c>--solver gd</c> steps.</summary>
    public static ParameterSpec GdRule { get; } = new()
    {
        Name = "gd-rule", Kind = ParameterKind.Choice, UsedBy = Compute.Simulate, Default = "exact-flow", Choices = ["exact-flow", "euler"],
        Doc = "With --solver gd. exact-flow: each step follows the flow exactly for a frozen gradient, Barzilai–Borwein step with a nonmonotone line search (ends at the flow's limit whatever the steps; hundreds of steps); euler: plain GD with the step 0.25/(λ_max(XᵀX)·max S + max|g|), the fixed-fraction dynamics of a hand-written GD (O(h) from the flow's limit; up to ~10⁶ steps at D = 500).",
    };

    /// <inheritdoc />
    public override ModelSchema Schema { get; } = new("diagonal", Compute.Both, [.. DiagonalParameters.Specs, Seeds, Solver, GdRule]);

    /// <inheritdoc />
    public override string Paper => "Anguita et al. 2026";

    /// <inheritdoc />
    public override string TheoryDescription => "Replica-theory generalization error E(α_FT) of fine-tuning a diagonal linear network after pretraining " +
        "(Anguita et al. 2026): the minimum-Σφ_{c_FT} interpolant's error for D → ∞, with c_FT set by (c_PT, λ_PT, γ_FT) and the PT solution.";

    /// <inheritdoc />
    public override string SimulateDescription => "Simulate pretraining → fine-tuning of a diagonal linear network (Anguita et al. 2026) on finite-D Gaussian data; " +
        "mean ± SE of E = ‖β̂_FT − β*_FT‖²/D per α_FT next to the replica prediction.";

    /// <inheritdoc />
    /// <remarks>
    /// The theory is a handful of scalar fixed points per α_FT (the list is capped), so only the simulation is estimated.
    /// A run holds the larger stage's N×D design and the convex dual's N×N Newton system (measured: ~4 N² + 2 N·D
    /// doubles) with N = round(α·D) for the largest α_FT and, with finite α_PT, the PT stage.
    /// </remarks>
    public override MemoryEstimate? EstimateMemory(ParameterValues p, int runsInFlight)
    {
        if (p.Compute != Compute.Simulate) return null;
        double d = p.Integer(DiagonalParameters.D.Name);
        double alphaFt = DiagonalParameters.Alphas(p).Max(), alphaPt = p.Real(DiagonalParameters.AlphaPt.Name);
        double nFt = alphaFt * d, nPt = double.IsPositiveInfinity(alphaPt) ? 0 : alphaPt * d;
        double n = Math.Max(nFt, nPt);
        string[] drivers = nPt > nFt ? ["alpha-pt", "d", "threads"] : ["alpha-ft", "d", "threads"];
        double runs = (double)DiagonalParameters.Alphas(p).Length * p.Integer(Seeds.Name);
        return MemoryEstimate.OfDoubles(MemoryEstimate.InFlight(runsInFlight, runs) * (4 * n * n + 2 * n * d + 8 * d) + 4 * runs, drivers);
    }

    /// <inheritdoc />
    public override ModelResult Theory(ParameterValues p)
    {
        var alphas = DiagonalParameters.Alphas(p);
        var task = DiagonalParameters.Task(p);
        var init = DiagonalParameters.Init(p);
        // The regime is read at a PT feature of magnitude a_PT for a unit-variance FT coefficient (RegimeClassifier defaults).
        var regime = RegimeClassifier.Classify(init, task.PretrainAmplitude, 1);
        var rows = FineTuneReplica.Curve(task, init, alphas)
            .Select(s => new TheoryRow(s.Alpha, s.Error, s.ChannelVariance, s.ProxStrength, s.Branch, s.StableRoots)).ToList();
        var result = new TheoryResult(init.CPt, init.LambdaPt, init.GammaFt, task.RhoPt, task.RhoFtShared, task.RhoFtNew, task.AlphaPt,
            task.Sigma, task.SigmaPt, regime.ScaleOnPretrainedFeature, regime.ScaleOffPretrainedFeature,
            $"{regime.Numeral} ({RegimeClassifier.Describe(regime.Regime)})", regime.Reason, rows);
        result = result with { NullReasons = NullReasons.Of(result, NullReason) };
        var report = new Report()
            .Table($"Diagonal network FT, replica theory: c_PT = {init.CPt}, λ_PT = {init.LambdaPt}, γ_FT = {init.GammaFt}; ρ_PT = {task.RhoPt}, " +
                   $"ρ_FT^shared = {task.RhoFtShared}, ρ_FT^new = {task.RhoFtNew}, α_PT = {task.AlphaPt}, σ = {task.Sigma}; regime {result.Regime}",
                ["α_FT", "E", "s²", "g", "branch", "stable roots"],
                rows.Select(r => new object?[] { r.AlphaFt, r.Error, r.ChannelVariance, r.ProxStrength, r.Branch, r.StableRoots }))
            .Line($"c_FT = {result.ScaleOnPretrainedFeature:G4} on PT features, {result.ScaleOffPretrainedFeature:G4} elsewhere. {regime.Reason}");
        return new ModelResult(result, report);
    }

    /// <inheritdoc />
    public override ModelResult Simulate(ParameterValues p, ulong seed, RunSettings run)
    {
        var alphas = DiagonalParameters.Alphas(p);
        var task = DiagonalParameters.Task(p);
        var init = DiagonalParameters.Init(p);
        int k = p.Integer(Seeds.Name);
        string sv = p.Text(Solver.Name);
        var method = sv == "gd" ? DiagonalSolver.GradientFlow : DiagonalSolver.Exact;
        var flow = new DiagonalFlowOptions(Rule: p.Text(GdRule.Name) == "euler" ? DiagonalFlowStepRule.Euler : DiagonalFlowStepRule.ExactFlow);
        var runs = ParallelRunner.Map(alphas, k, seed,
            (a, _, rng) => DiagonalTransferPipeline.Run(task with { AlphaFt = a }, init, rng, method, flow),
            run.Threads, run.Progress.Start("simulating", (long)alphas.Length * k));
        var replica = FineTuneReplica.Curve(task, init, alphas);
        var comparisons = new List<Comparison>();
        var rows = alphas.Select((a, i) =>
        {
            var r = Enumerable.Range(0, k).Select(j => runs[i, j]).ToArray();
            var (mean, se) = Statistics.MeanAndStandardError(r.Select(x => x.Error).ToArray());
            double theory = replica[i].Error;
            int diverged = r.Count(x => x.Diverged);
            if (diverged > 0)
                return new SimulationRow(a, (task with { AlphaFt = a }).FineTuneSamples, double.NaN, double.NaN, k, theory, double.NaN,
                    r.Count(x => !x.Converged), r.Average(x => (double)x.Work), double.NaN, "none", PointValidity.Diverged, diverged);
            // Slack as in the Anguita figures: exact recovery gives E ≈ 0 with SE ≈ 0 on both sides.
            var cmp = new Comparison($"E at α_FT = {a}", theory, mean, se, k, AnguitaCurves.WithinSlack);
            comparisons.Add(cmp);
            return new SimulationRow(a, (task with { AlphaFt = a }).FineTuneSamples, mean, se, k, theory, cmp.ZScore,
                r.Count(x => !x.Converged), r.Average(x => (double)x.Work), cmp.AbsoluteDifference, cmp.Basis.Name());
        }).ToList();
        var result = new SimulationResult(task.D, init.CPt, init.LambdaPt, init.GammaFt, task.RhoPt, task.RhoFtShared, task.RhoFtNew,
            task.AlphaPt, task.Sigma, sv, seed, rows);
        result = result with { NullReasons = NullReasons.Of(result, NullReason) };
        var report = new Report().Table($"Diagonal network FT simulation: D = {task.D}, {k} runs per α_FT, solver = {sv}",
            ["α_FT", "N_FT", "mean E", "SE", "replica E", "z", "|Δ|", "basis", "not converged", sv == "exact" ? "Newton iterations" : "GD steps"],
            rows.Select(r => new object?[] { r.AlphaFt, r.NFt, r.MeanError, r.StandardError, r.Replica, r.ZScore, r.AbsDiff, r.ComparisonBasis, r.NotConverged, r.MeanWork }));
        int valid = rows.Count(r => r.Status == PointValidity.Ok);
        if (valid < rows.Count) report.Line($"status: {rows.Count - valid} of {rows.Count} α_FT points diverged (gradient flow: residual not finite or grown 10⁶-fold); their numbers are withheld");
        return new ModelResult(result, report, comparisons)
        {
            Validity = new PointValidity(rows.Count, valid, valid == rows.Count ? "" : "gradient flow diverged at every α_FT (residual not finite or grown 10⁶-fold)"),
        };
    }
}
