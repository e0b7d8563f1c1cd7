using System.Globalization;
using System.Reflection;
using System.Text.Json;
using TransferLab.Experiments.Shachaf2021;
using TransferLab.Experiments.Tahir2024;
using TransferLab.Numerics;
using TransferLab.Schema;
using TransferLab.Validation;

namespace TransferLab.Experiments.Families;

/// <summary>
/// Two-layer ReLU transfer simulated over repetitions, mean ± SE of every quantity of a run next to its theory quantities:
/// experiment <c>ntk</c> is a wide NTK-parameterised net pretrained on θ_S and fine-tuned, against the kernel predictor and the
/// bounds of <see cref="ReluNtkFamily"/> (Shachaf et al. 2021, <see cref="ShachafNtkTrial"/>); experiment <c>features</c> is a
/// mean-field student with ReLU teachers of overlap μ, scratch / linear transfer / fine-tuning against the overlap of
/// <see cref="ReluOverlapFamily"/> (Tahir et al. 2024 §4, <see cref="TahirReluTrial"/>).
/// </summary>
public sealed class ReluFamily : ModelFamily
{
    /// <summary>Mean and standard error over repetitions of one quantity.</summary>
    /// <param name="Mean">Mean over repetitions.</param>
    /// <param name="Se">Standard error of the mean.</param>
    public sealed record MeanSe(double Mean, double Se);

    /// <summary>The simulation's result: its status and the mean ± SE of every quantity (null where the point diverged).</summary>
    /// <param name="Status">ok, or diverged when a repetition's training diverged (<see cref="Training.DivergenceRule"/>).</param>
    /// <param name="Seeds">Repetitions.</param>
    /// <param name="DivergedSeeds">Repetitions whose training diverged.</param>
    /// <param name="StatusReason">Why the quantities are withheld; null when the status is ok.</param>
    /// <param name="Quantities">Mean ± SE over repetitions by snake_case name; with status diverged only the counts n and diverged keep their values.</param>
    public sealed record SimulationResult(string Status, int Seeds, int DivergedSeeds, string? StatusReason, Dictionary<string, MeanSe> Quantities);

    private const Compute Sim = Compute.Simulate;

    /// <inheritdoc />
    public override ModelSchema Schema { get; } = new("relu", Compute.Simulate,
    [
        new() { Name = "experiment", Kind = ParameterKind.Choice, UsedBy = Sim, Default = "ntk", Choices = ["ntk", "features"],
            Doc = "ntk: wide NTK net pretrained on θ_S then fine-tuned (Shachaf et al.); features: mean-field student, ReLU teachers with overlap μ (Tahir et al. §4)." },
        new() { Name = "init-scale", Kind = ParameterKind.Real, UsedBy = Sim, Default = "1.0", Min = 0, MinExclusive = true,
            Doc = "features: initialisation scale κ of the mean-field student (small κ = richer feature learning)." },
        new() { Name = "readout-ridge", Kind = ParameterKind.Real, UsedBy = Sim, Default = "1e-3", Min = 0,
            Doc = "features: ridge λ_r of linear transfer's readout refit, relative to the mean squared feature norm." },
        new() { Name = "d", Kind = ParameterKind.Integer, UsedBy = Sim, Default = "10", Min = 1, Doc = "Input dimension d (ntk: at least 2)." },
        new() { Name = "width", Kind = ParameterKind.Integer, UsedBy = Sim, Default = "1000", Min = 1, Doc = "Student width m." },
        new() { Name = "n", Kind = ParameterKind.Integer, UsedBy = Sim, Default = "40", Min = 1, Doc = "Target samples n." },
        new() { Name = "n-source", Kind = ParameterKind.Integer, UsedBy = Sim, Default = "200", Min = 1, Max = 100_000, Doc = "Source (pretraining) samples n_s." },
        new() { Name = "distance", Kind = ParameterKind.Real, UsedBy = Sim, Default = "0.5", Min = 0, Max = 2, Doc = "ntk: ‖θ_T − θ_S‖ (‖θ_T‖ = 1)." },
        new() { Name = "noise", Kind = ParameterKind.Real, UsedBy = Sim, Default = "0.0", Min = 0, Max = 1e100, Doc = "Target label-noise standard deviation σ." },
        new() { Name = "lr", Kind = ParameterKind.Real, UsedBy = Sim, Default = "2.0", Min = 0, MinExclusive = true, Doc = "Nominal GD step η (mean field: multiplied by m)." },
        new() { Name = "steps", Kind = ParameterKind.Integer, UsedBy = Sim, Default = "20000", Min = 1, Doc = "Maximum GD steps per training phase." },
        ReluNtkFamily.LayersSpec(Sim, "ntk: first or both trained layers."),
        new() { Name = "teacher-width", Kind = ParameterKind.Integer, UsedBy = Sim, Default = "20", Min = 1, Doc = "features: target teacher width m*." },
        new() { Name = "mu", Kind = ParameterKind.Real, UsedBy = Sim, Default = "0.5", Min = 0, Max = 1, Doc = "features: removed fraction μ." },
        new() { Name = "lambda", Kind = ParameterKind.Real, UsedBy = Sim, Default = "0.0", Min = 0,
            Doc = "features: pretraining penalty λ‖θ − θ₀‖² (0 = rich, large = lazy)." },
        new() { Name = "pretrain-steps", Kind = ParameterKind.Integer, UsedBy = Sim, Default = "3000", Min = 1, Doc = "features: GD steps of pretraining." },
        new() { Name = "seeds", Kind = ParameterKind.Integer, UsedBy = Sim, Default = "4", Min = 1, Max = 1_000, Doc = "Independent repetitions (at least 2 for a standard error)." },
        new() { Name = "n-test", Kind = ParameterKind.Integer, UsedBy = Sim, Default = "1000", Min = 1, Doc = "Test points for the risk." },
        .. RealInputParameters.Specs(Sim),
    ]);

    /// <inheritdoc />
    public override string Paper => "Shachaf et al. 2021; Tahir et al. 2024";

    /// <inheritdoc />
    public override string SimulateDescription => "Simulate two-layer ReLU transfer and print mean ± SE over repetitions next to the theory quantities.";

    /// <inheritdoc />
    /// <remarks>
    /// Measured per repetition: hidden activations and their gradients on the source, target and test sets
    /// (~5 (n_s + n + n_test)·(m + m*)), the student's m×d weights, the n×n kernel predictor (ntk, ~8 n²) or the m×m
    /// readout refit (features, ~4 m²); real inputs add the pool read from the files.
    /// </remarks>
    public override MemoryEstimate? EstimateMemory(ParameterValues p, int runsInFlight)
    {
        double d = p.Integer("d"), m = p.Integer("width"), n = p.Integer("n"), ns = p.Integer("n-source"), nt = p.Integer("n-test");
        bool ntk = p.Text("experiment") == "ntk";
        double teacher = ntk ? 0 : p.Integer("teacher-width");
        double samples = ns + n + nt;
        double run = 5 * samples * (m + teacher) + 2 * samples * d + 4 * m * d + 4 * teacher * d
                     + (ntk ? 8 * n * n : 4 * m * m + 3 * teacher * teacher);
        double pool = RealInputParameters.Given(p) ? 2 * p.Integer("max-rows") * Math.Max(d, 3072) : 0;
        string[] drivers = nt >= ns && nt >= n ? ["n-test", "width", "n-source", "n", "d", "threads"] : ns >= n ? ["n-source", "width", "n-test", "n", "d", "threads"] : ["n", "width", "n-source", "n-test", "d", "threads"];
        return MemoryEstimate.OfDoubles(pool + MemoryEstimate.InFlight(runsInFlight, p.Integer("seeds")) * run, drivers);
    }

    /// <inheritdoc />
    public override ModelResult Simulate(ParameterValues p, ulong seed, RunSettings run)
    {
        int r = p.Integer("seeds"), n = p.Integer("n");
        string exp = p.Text("experiment");
        object[,] outcomes;
        if (exp == "ntk")
        {
            var s = new ShachafNtkSettings(p.Integer("d"), p.Integer("width"), p.Integer("n-source"), p.Real("distance"), p.Real("noise"),
                p.Integer("n-test"), p.Real("lr"), p.Integer("steps"), ReluNtkFamily.Layers(p.Text("layers")), null);
            // Checked before and after loading: a bad size is reported without reading the files, a pool too small after.
            s.Validate(n);
            s = s with { InputPool = RealInputParameters.LoadPool(p, s.D) };
            s.Validate(n);
            outcomes = ParallelRunner.Map([s], r, seed, (st, _, rng) => (object)ShachafNtkTrial.Run(st, n, rng), run.Threads,
                run.Progress.Start("NTK fine-tuning repetitions", r));
        }
        else
        {
            if (RealInputParameters.Given(p))
                throw new ParameterException("data", "given", "real inputs are supported by experiment ntk only (the features experiment needs Gaussian inputs for the exact overlap)");
            var s = new TahirReluSettings(p.Integer("d"), p.Integer("width"), p.Integer("teacher-width"), p.Real("mu"), p.Integer("n-source"), p.Real("noise"),
                p.Integer("n-test"), p.Real("lr"), p.Integer("pretrain-steps"), p.Integer("steps"), p.Real("lambda"), p.Real("init-scale"), p.Real("readout-ridge"));
            s.Validate(n);
            outcomes = ParallelRunner.Map([s], r, seed, (st, _, rng) => (object)TahirReluTrial.Run(st, n, rng), run.Threads,
                run.Progress.Start("feature-transfer repetitions", r));
        }
        var summary = Summarize(outcomes);
        // A diverged repetition's numbers (1e100 and beyond) would dominate the mean: the point's quantities are withheld.
        int diverged = Enumerable.Range(0, r).Count(k => outcomes[0, k] is ShachafNtkOutcome { Diverged: true } or Tahir2024.TahirReluOutcome { Diverged: true });
        string? why = diverged > 0
            ? $"training diverged on {diverged} of {r} repetitions (loss not finite or grown 10⁶-fold: lr = {p.Real("lr")} is above the stable step); quantities withheld"
            : null;
        if (diverged > 0)
            foreach (var key in summary.Keys.ToList())
                if (key is not ("n" or "diverged")) summary[key] = new MeanSe(double.NaN, double.NaN);
        var result = new SimulationResult(diverged > 0 ? PointValidity.Diverged : PointValidity.Ok, r, diverged, why, summary);
        var report = new Report().Table($"simulate relu --experiment {exp} ({r} repetitions)", ["quantity", "mean", "se"],
            summary.Select(kv => new object?[] { kv.Key, kv.Value.Mean, kv.Value.Se }));
        if (why != null) report.Line($"status: diverged: {why}");
        return new ModelResult(result, report) { Validity = new PointValidity(1, diverged > 0 ? 0 : 1, why ?? "") };
    }

    /// <summary>Mean and standard error of every numeric property across repetitions (booleans become fractions), keyed by snake_case name.</summary>
    private static Dictionary<string, MeanSe> Summarize(object[,] outcomes)
    {
        var dict = new Dictionary<string, MeanSe>();
        int reps = outcomes.GetLength(1);
        foreach (var prop in outcomes[0, 0].GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var xs = new List<double>();
            for (int k = 0; k < reps; k++)
            {
                var v = prop.GetValue(outcomes[0, k]);
                xs.Add(v is bool b ? (b ? 1 : 0) : Convert.ToDouble(v, CultureInfo.InvariantCulture));
            }
            var (mean, se) = Statistics.MeanAndStandardError(xs);
            dict[JsonNamingPolicy.SnakeCaseLower.ConvertName(prop.Name)] = new MeanSe(mean, se);
        }
        return dict;
    }
}
