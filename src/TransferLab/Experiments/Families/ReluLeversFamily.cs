using TransferLab.Data;
using TransferLab.Data.Readers;
using TransferLab.Validation;
using TransferLab.Experiments.Anguita2026;
using TransferLab.Schema;
using TransferLab.Training;

namespace TransferLab.Experiments.Families;

/// <summary>
/// The three initialisation levers of Anguita et al. 2026 (c_PT, κ ≙ λ_PT, γ_FT; <see cref="ReluLevers"/>) on a two-layer
/// ReLU network: pretrain → re-initialised readout → fine-tune all layers, against scratch, on a synthetic ReLU-teacher task
/// (target on a subset of the source features or on new ones; <see cref="ReluLeverTrial"/>) or on a user-supplied CIFAR-100
/// train.bin (98 classes → binary task; <see cref="ReluLeverCifarTrial"/>). Sizes and optimiser are TransferLab's choices
/// (docs/anguita2026.md; docs/readme/anguita-relu-levers.md).
/// </summary>
public sealed class ReluLeversFamily : ModelFamily
{
    private const Compute Sim = Compute.Simulate;

    /// <inheritdoc />
    public override ModelSchema Schema { get; } = new("relu-levers", Compute.Simulate,
    [
        new() { Name = "c-pt", Kind = ParameterKind.Real, UsedBy = Sim, Default = "1.0", Min = 0, MinExclusive = true, Max = 1e6,
            Doc = "c_PT: absolute initialisation scale at pretraining. The base init (w ~ N(0, I/d), a ~ N(0, 1), mean-field 1/m output, mirrored pairs so f ≡ 0) has W scaled by √(c_PT·κ) and a by √(c_PT/κ). Small = rich, large = lazy." },
        new() { Name = "kappa", Kind = ParameterKind.Real, UsedBy = Sim, Default = "1.0", Min = 1e-6, Max = 1e6,
            Doc = "κ: first-layer/readout scale ratio at pretraining (κ < 1: smaller early layer, the analogue of λ_PT < 0; κ = 1: balanced, λ_PT = 0)." },
        new() { Name = "gamma-ft", Kind = ParameterKind.Real, UsedBy = Sim, Default = "0.0", Min = 0, Max = 1e6,
            Doc = "γ_FT: the readout is re-drawn i.i.d. N(0, γ_FT²) at fine-tuning (0 = zero head; 1 = a fresh head at the base scale)." },
        new() { Name = "width", Kind = ParameterKind.Integer, UsedBy = Sim, Min = 2,
            Doc = "Network width m (even). Default 64 (synthetic) or 128 (CIFAR-100)." },
        new() { Name = "n", Kind = ParameterKind.IntegerList, UsedBy = Sim, Default = "20,80", Min = 1,
            Doc = "Target (fine-tuning) sample sizes, e.g. 10,40,160 (CIFAR-100: each at least 2)." },
        new() { Name = "seeds", Kind = ParameterKind.Integer, UsedBy = Sim, Default = "4", Min = 1, Max = 1_000,
            Doc = "Independent repetitions (seeds) per setting (at least 2 for a standard error)." },
        new() { Name = "d", Kind = ParameterKind.Integer, UsedBy = Sim, Min = 1,
            Doc = "Input dimension d (synthetic: x ~ N(0, I_d), d ≥ k_s + k_t; CIFAR-100: whitened principal components kept). Default 16 (synthetic) or 32 (CIFAR-100)." },
        new() { Name = "source-neurons", Kind = ParameterKind.Integer, UsedBy = Sim, Default = "6", Min = 1,
            Doc = "Synthetic: neurons k_s of the source teacher (orthonormal directions, ±1 output weights)." },
        new() { Name = "target-neurons", Kind = ParameterKind.Integer, UsedBy = Sim, Default = "2", Min = 1,
            Doc = "Synthetic: neurons k_t ≤ k_s of each target teacher." },
        new() { Name = "target", Kind = ParameterKind.Choice, UsedBy = Sim, Default = "both", Choices = ["subset", "new", "both"],
            Doc = "Synthetic: subset (target on k_t of the source features), new (k_t new orthogonal features) or both." },
        new() { Name = "n-source", Kind = ParameterKind.Integer, UsedBy = Sim, Default = "1000", Min = 1, Max = 100_000, Doc = "Synthetic: noiseless pretraining samples n_s." },
        new() { Name = "n-test", Kind = ParameterKind.Integer, UsedBy = Sim, Default = "2000", Min = 1, Doc = "Synthetic: test points for the relative error." },
        new() { Name = "noise", Kind = ParameterKind.Real, UsedBy = Sim, Default = "0.0", Min = 0, Max = 1e100, Doc = "Synthetic: target label-noise standard deviation σ." },
        new() { Name = "lr", Kind = ParameterKind.Real, UsedBy = Sim, Default = "1.0", Min = 0, MinExclusive = true,
            Doc = "Nominal GD step η (≤ 1 is stable at the start of every phase); the applied step is η·m/max(1, S·L) with S = mean (‖w_r‖² + a_r²)/2 and L = λ_max(XᵀX)/n, halved on divergence." },
        new() { Name = "pretrain-steps", Kind = ParameterKind.Integer, UsedBy = Sim, Min = 1,
            Doc = "Maximum GD steps of pretraining. Default 4000 (synthetic) or 300 (CIFAR-100)." },
        new() { Name = "steps", Kind = ParameterKind.Integer, UsedBy = Sim, Min = 1,
            Doc = "Maximum GD steps of fine-tuning and scratch training. Default 4000 (synthetic) or 2000 (CIFAR-100)." },
        new() { Name = "loss-tol", Kind = ParameterKind.Real, UsedBy = Sim, Default = "1e-6", Min = 0, Max = 1,
            Doc = "Stop a phase when the training loss is ≤ this times the loss of f ≡ 0." },
        new() { Name = "cifar100", Kind = ParameterKind.FilePath, UsedBy = Sim,
            Doc = "CIFAR-100 train.bin (binary version, user-supplied; nothing is downloaded). Pretrain on 98 fine classes (one-hot, squared loss), fine-tune a binary ±1 task on the 2 held-out classes; report squared loss and accuracy." },
        new() { Name = "dataset", Kind = ParameterKind.Choice, UsedBy = Sim, Default = "none", Choices = ["none", FashionMnist.Name],
            Doc = "A real data set read from disk instead of cifar100: fashion-mnist (Debian package dataset-fashion-mnist; docs/realdata.md). As with cifar100, pretrain on all classes but the held-out pair and fine-tune the pair's binary task; max-images rows, whitened principal components." },
        new() { Name = "data-dir", Kind = ParameterKind.Text, UsedBy = Sim,
            Doc = "Directory holding the data set's files (default: $TRANSFERLAB_DATA, then /usr/share/datasets/fashion-mnist)." },
        new() { Name = "max-images", Kind = ParameterKind.Integer, UsedBy = Sim, Default = "10000", Min = 1,
            Doc = "CIFAR-100: read at most this many records from the start of the file." },
        new() { Name = "pca-rows", Kind = ParameterKind.Integer, UsedBy = Sim, Default = "2000", Min = 1,
            Doc = "CIFAR-100: fit the principal components on the first this-many images read." },
        new() { Name = "holdout-classes", Kind = ParameterKind.IntegerList, UsedBy = Sim, Min = 0, Max = 99, MaxItems = 2,
            Doc = "CIFAR-100: the two held-out fine classes, e.g. 3,71 (first = +1). Default: a pair drawn per seed." },
    ]);

    /// <inheritdoc />
    public override string Paper => "Anguita et al. 2026";

    /// <inheritdoc />
    public override string SimulateDescription =>
        "Anguita et al. 2026's initialisation levers on a two-layer ReLU network: pretrain with scale c_PT and layer ratio κ, re-draw the readout with scale γ_FT, " +
        "fine-tune all layers by GD; target error vs n against scratch. Synthetic ReLU teachers (target on a subset of the source features or on new ones) or a user-supplied CIFAR-100 train.bin (cifar100).";

    /// <inheritdoc />
    public override string? RunTableDescription => "the per-seed results";

    /// <inheritdoc />
    /// <remarks>
    /// Measured per repetition: activations and gradients of the m-wide network on the source, largest target and test
    /// sets (~8 (n_s + n_max + n_test)·m) beside the inputs (n·d) and the m×d weights; CIFAR-100 adds the images read
    /// (3 072 bytes each, as doubles for the principal components) and the 3 072² covariance.
    /// </remarks>
    public override MemoryEstimate? EstimateMemory(ParameterValues p, int runsInFlight)
    {
        bool cifar = p.OptionalText("cifar100") is not null;
        double d = p.OptionalInteger("d") ?? (cifar ? 32 : 16), m = p.OptionalInteger("width") ?? (cifar ? 128 : 64);
        double nMax = p.Integers("n").Max();
        double samples = cifar ? p.Integer("max-images") + nMax : p.Integer("n-source") + nMax + p.Integer("n-test");
        double run = 8 * samples * m + 3 * samples * d + 4 * m * d;
        double shared = cifar ? 2.0 * p.Integer("max-images") * 3072 + 3.0 * 3072 * 3072 : 0;
        string[] drivers = cifar ? ["max-images", "width", "d", "threads"] : ["width", "d", "n-source", "n-test", "n", "threads"];
        return MemoryEstimate.OfDoubles(shared + MemoryEstimate.InFlight(runsInFlight, p.Integer("seeds")) * run, drivers);
    }

    /// <inheritdoc />
    public override ModelResult Simulate(ParameterValues p, ulong seed, RunSettings run)
    {
        var levers = new ReluLevers(p.Real("c-pt"), p.Real("kappa"), p.Real("gamma-ft")).Validate();
        var ns = p.Integers("n").Distinct().Order().ToArray();
        int reps = p.Integer("seeds");
        int Or(string name, int dflt) => p.OptionalInteger(name) ?? dflt;
        if (p.Text("dataset") != "none")
        {
            if (p.OptionalText("cifar100") is not null) throw new ParameterException("dataset", p.Text("dataset"), "give either cifar100 or a data set, not both");
            var s = new ReluLeverCifarSettings(Or("d", 32), Or("width", 128), p.Integer("max-images"), p.Integer("pca-rows"), p.Real("lr"),
                Or("pretrain-steps", 300), Or("steps", 2000), p.Real("loss-tol"), p.OptionalIntegers("holdout-classes")).Validate(ns);
            var rows = PrincipalRows.FashionMnistTrain(s.D, s.MaxImages, p.OptionalText("data-dir"), whiten: true);
            var data = new CifarLeverData(rows.X, rows.Labels, [], rows.Source, rows.Components.ExplainedFraction(s.D));
            var runs = ParallelRunner.Map([s], reps, seed, (st, rep, _) => ReluLeverCifarTrial.Run(data, st, levers, ns, seed, rep), run.Threads,
                run.Progress.Start("Fashion-MNIST lever repetitions", reps));
            return ReluLeverSummary.Cifar(runs, levers, s, data, ns, FashionMnist.Name);
        }
        if (p.OptionalText("cifar100") is string cifarPath)
        {
            var s = new ReluLeverCifarSettings(Or("d", 32), Or("width", 128), p.Integer("max-images"), p.Integer("pca-rows"), p.Real("lr"),
                Or("pretrain-steps", 300), Or("steps", 2000), p.Real("loss-tol"), p.OptionalIntegers("holdout-classes")).Validate(ns);
            var data = ReluLeverCifarTrial.Load(cifarPath, s.MaxImages, s.D, s.PcaRows);
            var runs = ParallelRunner.Map([s], reps, seed, (st, rep, _) => ReluLeverCifarTrial.Run(data, st, levers, ns, seed, rep), run.Threads,
                run.Progress.Start("CIFAR-100 lever repetitions", reps));
            return ReluLeverSummary.Cifar(runs, levers, s, data, ns);
        }
        else
        {
            string target = p.Text("target");
            var kinds = target == "both" ? new[] { TargetFeatures.Subset, TargetFeatures.New } : [ReluFeatureTask.ParseKind(target)];
            var s = new ReluLeverSettings(Or("d", 16), Or("width", 64), p.Integer("source-neurons"), p.Integer("target-neurons"), p.Integer("n-source"),
                p.Integer("n-test"), p.Real("lr"), Or("pretrain-steps", 4000), Or("steps", 4000), p.Real("noise"), p.Real("loss-tol")).Validate(ns);
            var runs = ParallelRunner.Map([s], reps, seed, (st, rep, _) => ReluLeverTrial.Run(st, levers, kinds, ns, seed, rep), run.Threads,
                run.Progress.Start("lever repetitions", reps));
            return ReluLeverSummary.Synthetic(runs, levers, s, kinds, ns);
        }
    }
}
