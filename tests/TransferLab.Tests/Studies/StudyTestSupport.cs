using TransferLab.Cli;
using TransferLab.Experiments;
using TransferLab.Experiments.Families;
using TransferLab.Experiments.Studies;
using TransferLab.Schema;
using TransferLab.Validation;

namespace TransferLab.Tests.Studies;

/// <summary>
/// A controllable family for study tests: theory = 2x + k; simulation = x + Gaussian noise (one value per repetition);
/// <c>fail</c> makes a run throw, so failures can be recorded and retried.
/// </summary>
public sealed class TinyFamily : ModelFamily
{
    public sealed record TheoryPayload(double X, int K, double Value, IReadOnlyList<Part> Parts);

    public sealed record Part(string Name, double Value);

    public sealed record SimulationPayload(double X, int Runs, double Mean, double Theory);

    /// <summary>How many computations ran (all instances).</summary>
    public static int Calls;

    public override ModelSchema Schema { get; } = new("tiny", Compute.Both,
    [
        new() { Name = "x", Kind = ParameterKind.Real, Doc = "x.", Default = "1", Min = 0, Max = 10 },
        new() { Name = "k", Kind = ParameterKind.Integer, Doc = "k.", Default = "0", Min = 0, UsedBy = Compute.Theory },
        new() { Name = "noise", Kind = ParameterKind.Real, Doc = "noise.", Default = "1", Min = 0, UsedBy = Compute.Simulate },
        new() { Name = "fail", Kind = ParameterKind.Real, Doc = "throw when x equals this.", Default = "-1" },
        new() { Name = "d", Kind = ParameterKind.Integer, Doc = "size (cost only).", Default = "10", Min = 1 },
        new() { Name = "seeds", Kind = ParameterKind.Integer, Doc = "repetitions.", Default = "5", Min = 2, UsedBy = Compute.Simulate },
    ]);

    public override string Paper => "none";

    public override ModelResult Theory(ParameterValues p)
    {
        Interlocked.Increment(ref Calls);
        double x = p.Real("x");
        if (x == p.Real("fail")) throw new ParameterException("x", x, "this x fails on purpose");
        return new ModelResult(new TheoryPayload(x, p.Integer("k"), 2 * x + p.Integer("k"), [new("a", x), new("b", -x)]), new Report());
    }

    public override ModelResult Simulate(ParameterValues p, ulong seed, RunSettings run)
    {
        Interlocked.Increment(ref Calls);
        double x = p.Real("x");
        if (x == p.Real("fail")) throw new InvalidOperationException("simulation fails on purpose");
        int k = p.Integer("seeds");
        var xs = Enumerable.Range(0, k).Select(r => x + p.Real("noise") * TransferLab.Numerics.SeedSequence.For(seed, r).NextGaussian()).ToList();
        var (mean, se) = Statistics.MeanAndStandardError(xs);
        return new ModelResult(new SimulationPayload(x, k, mean, 2 * x), new Report(), [new Comparison("value", x, mean, se, k)]);
    }

    /// <summary>Resolves <c>tiny</c> to this family and everything else through the catalogue.</summary>
    public static ModelFamily Resolve(string name) => name == "tiny" ? new TinyFamily() : FamilyCatalogue.Find(name);
}

public static class StudyTestSupport
{
    /// <summary>A fresh empty directory.</summary>
    public static string TempDir(string name)
    {
        string dir = Path.Combine(Path.GetTempPath(), "transferlab-study-tests", $"{name}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>A small linear study (theory + simulate, 3 × 2 grid, 3 seeds): 24 runs in well under a second.</summary>
    public const string SmallLinear = """
        model: linear
        compute: [theory, simulate]
        seed: 11
        seeds: 3
        fixed: { d: 30, sigma: 0.2, teacher: angle }
        sweep:
          n: [10, 20, 50]
          angle: { linspace: [30, 60, 2] }
        """;

    public static StudyPlan Plan(string yaml) => StudyPlan.Create(StudySpec.Parse(yaml, false, TinyFamily.Resolve), TinyFamily.Resolve);

    /// <summary>Every file of a results directory with its bytes.</summary>
    public static SortedDictionary<string, byte[]> Files(string dir) =>
        new(Directory.GetFiles(dir).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes), StringComparer.Ordinal);

    /// <summary>Collects like <c>study collect</c> (with the command line's reproduce column).</summary>
    public static CollectOutcome Collect(StudyPlan plan, RunStore store) =>
        StudyCollector.Collect(plan, store.Read(), store.ResultsDirectory, r => TransferLab.Cli.Commands.StudyReproduceLine.For(plan, r));

    /// <summary>The dotnet host and the command line's assembly, to start <c>transferlab</c> as a child process.</summary>
    public static (string Host, string Dll) CliProcess()
    {
        string host = Environment.ProcessPath is string p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
        return (host, typeof(CliRoot).Assembly.Location);
    }
}
