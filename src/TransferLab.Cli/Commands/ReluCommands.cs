using System.CommandLine;
using System.Reflection;
using System.Text.Json;
using TransferLab.Data;
using TransferLab.Data.Readers;
using TransferLab.Experiments;
using TransferLab.Experiments.Anguita2026;
using TransferLab.Experiments.Shachaf2021;
using TransferLab.Experiments.Tahir2024;
using TransferLab.Numerics;
using TransferLab.Theory.Tahir2024;
using TransferLab.Theory.Shachaf2021;
using TransferLab.Validation;

namespace TransferLab.Cli.Commands;

/// <summary>
/// Shallow-ReLU commands: <c>theory relu-ntk</c> (NTK fine-tuning complexity and bounds, Shachaf et al.),
/// <c>theory relu-overlap</c> (‖P_⊥f_t‖², Tahir et al. §4) and <c>simulate relu</c> (wide-network NTK fine-tuning or
/// mean-field feature transfer, mean ± SE over repetitions).
/// </summary>
public sealed class ReluCommands : ICliModule
{
    /// <inheritdoc />
    public void Register(CliRoot root)
    {
        root.Theory.Subcommands.Add(TheoryNtk());
        root.Theory.Subcommands.Add(TheoryOverlap());
        root.Simulate.Subcommands.Add(Simulate());
    }

    private static Option<T> Opt<T>(string name, string description, T defaultValue) => CommonOptions.WithDefault(name, description, defaultValue);

    private static Option<string[]> DataOption() => new("--data")
    {
        Description = "Real-data file(s) whose rows replace the synthetic sphere inputs (cifar10/cifar100: one or more .bin batches; mnist: images then labels IDX file; csv: one numeric file). Rows are centred, projected on the top --d principal components and scaled to unit norm. Nothing is downloaded.",
        AllowMultipleArgumentsPerToken = true,
    };

    private static Option<string> FormatOption() => Opt("--format", "Format of --data: cifar10, cifar100, mnist or csv.", "cifar10");

    private static Option<string?> LabelColumnOption() => new("--label-column")
    {
        Description = "csv only: name or 0-based index of a label column to exclude from the features.",
    };

    private static Option<int> MaxRowsOption() => Opt("--max-rows", "Use at most this many rows of --data (≥ 1).", 5000);

    private static NtkLayers ParseLayers(string s) => s.Trim().ToLowerInvariant() switch
    {
        "first" => NtkLayers.FirstLayer,
        "both" => NtkLayers.BothLayers,
        _ => throw new ParameterException("--layers", s, "must be first or both"),
    };

    private static Matrix? LoadPool(ParseResult p, Option<string[]> data, Option<string> format, Option<string?> label, Option<int> maxRows, int d)
    {
        var files = p.GetValue(data);
        if (files == null || files.Length == 0) return null;
        return RealInputs.Load(p.GetValue(format)!, files, p.GetValue(maxRows), d, p.GetValue(label)).X;
    }

    private static Command TheoryNtk()
    {
        var d = Opt("--d", "Input dimension d (≥ 2); inputs lie on the unit sphere S^{d−1}.", 10);
        var n = Opt("--n", "Number of target samples n (≥ 1).", 100);
        var distance = Opt("--distance", "‖θ_T − θ_S‖ for unit-norm linear teachers, in [0, 2].", 0.5);
        var epsilon = Opt("--epsilon", "Target accuracy ε > 0 for the sample complexities n(ε) = ⌈2q/ε²⌉.", 0.1);
        var layers = Opt("--layers", "Trained layers defining the NTK: first (readout fixed, H^∞ of Arora et al.) or both.", "first");
        var seed = CommonOptions.Seed();
        var json = CommonOptions.Json();
        var data = DataOption(); var format = FormatOption(); var label = LabelColumnOption(); var maxRows = MaxRowsOption();
        var cmd = new Command("relu-ntk",
            "NTK-regime fine-tuning of a shallow ReLU net with linear teachers (Shachaf et al. 2021): the source–target complexity rᵀH⁻¹r with r = X(θ_T − θ_S), " +
            "the bound √(2rᵀH⁻¹r/n), the proxy 3‖θ_T − θ_S‖/√n, the exact RKHS norm of the teacher difference, and sample complexities for fine-tuning vs scratch.")
        { d, n, distance, epsilon, layers, seed, json, data, format, label, maxRows };
        CliRoot.SetAction(cmd, p =>
        {
            int dd = Require.AtLeast("--d", p.GetValue(d), 2);
            int nn = Require.Positive("--n", p.GetValue(n));
            double delta = Require.InRange("--distance", p.GetValue(distance), 0.0, 2.0);
            double eps = Require.Positive("--epsilon", p.GetValue(epsilon));
            var kind = ParseLayers(p.GetValue(layers)!);
            var rng = SeedSequence.For(p.GetValue(seed), 5, 1);
            var pool = LoadPool(p, data, format, label, maxRows, dd);
            Matrix x;
            if (pool == null) x = ReluInputs.Sphere(nn, dd, rng);
            else
            {
                if (nn > pool.Rows) throw new ParameterException("--n", nn, $"must be ≤ the {pool.Rows} rows read from --data");
                x = RowSampling.Rows(pool, RowSampling.SampleRows(pool.Rows, nn, rng), 0, nn);
            }
            var pair = SphereLinearTeachers.WithDistance(dd, 1.0, delta, rng);
            var y = LinearAlgebra.Multiply(x, pair.TargetWeights);
            var ft = new NtkFineTuningPredictor(x, y, LinearAlgebra.Multiply(x, pair.SourceWeights), kind);
            var sc = new NtkFineTuningPredictor(x, y, new double[nn], kind);
            double rkhsFt = ReluNtk.LinearFunctionRkhsNormSquared(delta * delta, dd, kind);
            double rkhsSc = ReluNtk.LinearFunctionRkhsNormSquared(1.0, dd, kind);
            var result = new NtkTheoryResult(dd, nn, delta, kind == NtkLayers.FirstLayer ? "first" : "both", pool == null ? "sphere" : "data",
                ft.ResidualQuadraticForm, sc.ResidualQuadraticForm, ft.DataDependentBound, sc.DataDependentBound,
                NtkFineTuningBounds.TeacherProxy(delta, nn), NtkFineTuningBounds.TeacherProxy(1.0, nn),
                rkhsFt, rkhsSc, ft.SmallestEigenvalue,
                NtkFineTuningBounds.SampleComplexity(rkhsFt, eps), NtkFineTuningBounds.SampleComplexity(rkhsSc, eps),
                NtkFineTuningBounds.SampleComplexity(9 * delta * delta, eps), NtkFineTuningBounds.SampleComplexity(9.0, eps));
            CliOutput.Print(result, p.GetValue(json), "NTK fine-tuning theory (Shachaf et al. 2021, shallow ReLU)");
            return 0;
        });
        return cmd;
    }

    private static Command TheoryOverlap()
    {
        var d = Opt("--d", "Input dimension d (x ~ N(0, I_d)).", 100);
        var mStar = Opt("--teacher-width", "Target teacher width m* (≥ 1).", 100);
        var mu = Opt("--mu", "Fraction μ ∈ [0, 1] of target neurons removed to form the source teacher.", 0.5);
        var seed = CommonOptions.Seed();
        var json = CommonOptions.Json();
        var cmd = new Command("relu-overlap",
            "Feature overlap of Tahir et al. §4: ‖f_t‖², ‖P f_t‖² and ‖P_⊥f_t‖² of a random ReLU target teacher projected on the span of its source sub-teacher (arc-cosine kernel, exact).")
        { d, mStar, mu, seed, json };
        CliRoot.SetAction(cmd, p =>
        {
            var pair = ReluTeacherPair.WithRemovedFraction(Require.Positive("--d", p.GetValue(d)), Require.Positive("--teacher-width", p.GetValue(mStar)),
                Require.InRange("--mu", p.GetValue(mu), 0.0, 1.0), SeedSequence.For(p.GetValue(seed), 5, 2));
            var o = ReluFeatureOverlap.ForPair(pair);
            CliOutput.Print(new { mu = pair.RemovedFraction, source_neurons = pair.Source.Neurons.Rows, target_neurons = pair.Target.Neurons.Rows,
                target_norm_squared = o.TargetNormSquared, projected_norm_squared = o.ProjectedNormSquared,
                out_of_span_norm_squared = o.OutOfSpanNormSquared, out_of_span_fraction = o.OutOfSpanNormSquared / o.TargetNormSquared }, p.GetValue(json), "ReLU feature overlap");
            return 0;
        });
        return cmd;
    }

    private static Command Simulate()
    {
        var experiment = Opt("--experiment", "ntk: wide NTK net pretrained on θ_S then fine-tuned (Shachaf et al.); features: mean-field student, ReLU teachers with overlap μ (Tahir et al. §4).", "ntk");
        var d = Opt("--d", "Input dimension d.", 10);
        var width = Opt("--width", "Student width m (≥ 1).", 1000);
        var n = Opt("--n", "Target samples n (≥ 1).", 40);
        var nSource = Opt("--n-source", "Source (pretraining) samples n_s (≥ 1).", 200);
        var distance = Opt("--distance", "ntk: ‖θ_T − θ_S‖ ∈ [0, 2] (‖θ_T‖ = 1).", 0.5);
        var noise = Opt("--noise", "Target label-noise standard deviation σ ≥ 0.", 0.0);
        var lr = Opt("--lr", "Nominal GD step η > 0 (mean field: multiplied by m).", 2.0);
        var steps = Opt("--steps", "Maximum GD steps per training phase (≥ 1).", 20000);
        var layers = Opt("--layers", "ntk: first or both trained layers.", "first");
        var mStar = Opt("--teacher-width", "features: target teacher width m*.", 20);
        var mu = Opt("--mu", "features: removed fraction μ ∈ [0, 1].", 0.5);
        var lambda = Opt("--lambda", "features: pretraining penalty λ‖θ − θ₀‖² (λ ≥ 0; 0 = rich, large = lazy).", 0.0);
        var pretrainSteps = Opt("--pretrain-steps", "features: GD steps of pretraining.", 3000);
        var initScale = Opt("--init-scale", "features: initialisation scale κ > 0 of the mean-field student (small κ = richer feature learning).", 1.0);
        var ridge = Opt("--readout-ridge", "features: ridge λ_r ≥ 0 of linear transfer's readout refit, relative to the mean squared feature norm.", 1e-3);
        var reps = Opt("--reps", "Independent repetitions (≥ 2 for a standard error).", 4);
        var nTest = Opt("--n-test", "Test points for the risk.", 1000);
        var seed = CommonOptions.Seed();
        var threads = CommonOptions.Threads();
        var json = CommonOptions.Json();
        var data = DataOption(); var format = FormatOption(); var label = LabelColumnOption(); var maxRows = MaxRowsOption();
        var cmd = new Command("relu", "Simulate two-layer ReLU transfer and print mean ± SE over repetitions next to the theory quantities.")
        { experiment, initScale, ridge, d, width, n, nSource, distance, noise, lr, steps, layers, mStar, mu, lambda, pretrainSteps, reps, nTest, seed, threads, json, data, format, label, maxRows };
        CliRoot.SetAction(cmd, p =>
        {
            int r = Require.Positive("--reps", p.GetValue(reps));
            int t = Require.Positive("--threads", p.GetValue(threads));
            int nn = p.GetValue(n);
            string exp = p.GetValue(experiment)!.Trim().ToLowerInvariant();
            object[,] outcomes;
            var board = new ProgressBoard();
            if (exp == "ntk")
            {
                var s = new ShachafNtkSettings(p.GetValue(d), p.GetValue(width), p.GetValue(nSource), p.GetValue(distance), p.GetValue(noise),
                    p.GetValue(nTest), p.GetValue(lr), p.GetValue(steps), ParseLayers(p.GetValue(layers)!), null);
                s.Validate(nn);
                s = s with { InputPool = LoadPool(p, data, format, label, maxRows, s.D) };
                s.Validate(nn);
                outcomes = ProgressDisplay.Run(board, () => ParallelRunner.Map([s], r, p.GetValue(seed),
                    (st, _, rng) => (object)ShachafNtkTrial.Run(st, nn, rng), t, board.Start("NTK fine-tuning repetitions", r)));
            }
            else if (exp == "features")
            {
                if (p.GetValue(data) is { Length: > 0 }) throw new ParameterException("--data", "given", "real inputs are supported by --experiment ntk only (the features experiment needs Gaussian inputs for the exact overlap)");
                var s = new TahirReluSettings(p.GetValue(d), p.GetValue(width), p.GetValue(mStar), p.GetValue(mu), p.GetValue(nSource), p.GetValue(noise),
                    p.GetValue(nTest), p.GetValue(lr), p.GetValue(pretrainSteps), p.GetValue(steps), p.GetValue(lambda), p.GetValue(initScale), p.GetValue(ridge));
                s.Validate(nn);
                outcomes = ProgressDisplay.Run(board, () => ParallelRunner.Map([s], r, p.GetValue(seed),
                    (st, _, rng) => (object)TahirReluTrial.Run(st, nn, rng), t, board.Start("feature-transfer repetitions", r)));
            }
            else throw new ParameterException("--experiment", exp, "must be ntk or features");
            var summary = Summarize(outcomes);
            if (p.GetValue(json)) Console.Out.WriteLine(JsonSerializer.Serialize(summary, CliOutput.Json));
            else CliOutput.PrintRows($"simulate relu --experiment {exp} ({r} repetitions)", ["quantity", "mean", "se"],
                summary.Select(kv => new object?[] { kv.Key, kv.Value.Mean, kv.Value.Se }));
            return 0;
        });
        return cmd;
    }

    /// <summary>Mean and standard error of every numeric property across repetitions (booleans become fractions).</summary>
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
                xs.Add(v is bool b ? (b ? 1 : 0) : Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture));
            }
            var (mean, se) = Statistics.MeanAndStandardError(xs);
            dict[JsonNamingPolicy.SnakeCaseLower.ConvertName(prop.Name)] = new MeanSe(mean, se);
        }
        return dict;
    }

    private sealed record MeanSe(double Mean, double Se);
}

/// <summary>Output of <c>theory relu-ntk</c>.</summary>
public sealed record NtkTheoryResult(int D, int N, double Distance, string Layers, string Inputs,
    double FineTuneQuadraticForm, double ScratchQuadraticForm, double FineTuneBound, double ScratchBound,
    double TeacherProxy, double ScratchTeacherProxy, double FineTuneRkhsNormSquared, double ScratchRkhsNormSquared,
    double SmallestEigenvalue, int FineTuneSampleComplexity, int ScratchSampleComplexity,
    int FineTuneSampleComplexityArora, int ScratchSampleComplexityArora);
