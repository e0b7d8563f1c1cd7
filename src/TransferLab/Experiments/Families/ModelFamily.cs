using TransferLab.Experiments.Studies;
using TransferLab.Schema;

namespace TransferLab.Experiments.Families;

/// <summary>
/// A model family behind one schema and two entry points with one result shape: <see cref="Theory"/> (the exact
/// prediction) and <see cref="Simulate"/> (training over seeds that checks it). The command line, studies and the web
/// API call these; none of them wires a model by hand (docs/architecture.md, "Model schemas").
/// </summary>
public abstract class ModelFamily
{
    /// <summary>The parameters, declared once.</summary>
    public abstract ModelSchema Schema { get; }

    /// <summary>The model's name (<c>linear</c>, <c>diagonal</c>, …).</summary>
    public string Name => Schema.Model;

    /// <summary>Paper(s) whose theory the family implements.</summary>
    public abstract string Paper { get; }

    /// <summary>One-paragraph description of the theory computation (help text).</summary>
    public virtual string TheoryDescription => "";

    /// <summary>One-paragraph description of the simulation (help text).</summary>
    public virtual string SimulateDescription => "";

    /// <summary>
    /// Estimated peak memory of a computation with <paramref name="runsInFlight"/> simulation runs at once (1 for
    /// theory), before anything is allocated; null when the computation is small whatever its valid parameters.
    /// </summary>
    public virtual MemoryEstimate? EstimateMemory(ParameterValues parameters, int runsInFlight) => null;

    /// <summary>
    /// What the per-run table of <see cref="ModelResult.Runs"/> holds (help text of the command line's <c>out</c> file),
    /// or null when the simulation returns no such table.
    /// </summary>
    public virtual string? RunTableDescription => null;

    /// <summary>The theory prediction for validated <paramref name="parameters"/>.</summary>
    public virtual ModelResult Theory(ParameterValues parameters) =>
        throw new NotSupportedException($"model {Name} has no theory computation");

    /// <summary>
    /// The theory payloads of a curve: <paramref name="points"/> are validated parameters that differ in <paramref name="sweep"/>
    /// only, and entry i must equal <c>Theory(points[i]).Payload</c> bit for bit. The default computes the points in parallel,
    /// one <see cref="Theory"/> each; families override it for sweeps whose points share work (docs/explorer.md, "Curves").
    /// </summary>
    public virtual IReadOnlyList<object> TheoryCurve(string sweep, IReadOnlyList<ParameterValues> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var results = new object[points.Count];
        Parallel.For(0, points.Count, i => results[i] = Theory(points[i]).Payload);
        return results;
    }

    /// <summary>The simulation for validated <paramref name="parameters"/>, its random streams derived from <paramref name="seed"/>.</summary>
    public virtual ModelResult Simulate(ParameterValues parameters, ulong seed, RunSettings run) =>
        throw new NotSupportedException($"model {Name} has no simulation");

    /// <summary>The parameter every simulating family names its number of repetitions by.</summary>
    public const string RepetitionsParameter = "seeds";

    /// <summary>
    /// One repetition of the simulation, its random streams derived from <paramref name="runSeed"/>: the unit a study
    /// records (one run = one seed) and what <c>simulate &lt;model&gt; … --run-seed S</c> computes. By default the
    /// simulation itself with seeds = 1 (the schema's lower bound on seeds is for mean ± SE and does not bind here), so
    /// the study row and the command give the same bits; a family whose simulation cannot run with one repetition
    /// overrides this (docs/studies.md, "One run").
    /// </summary>
    public virtual ModelResult SimulateRun(ParameterValues parameters, ulong runSeed, RunSettings run)
    {
        var single = Schema.Find(RepetitionsParameter) is null ? parameters : parameters.With(RepetitionsParameter, 1);
        return Simulate(single, runSeed, run);
    }

    /// <summary>
    /// Rough cost of one run (one theory evaluation, or one <see cref="SimulateRun"/>): used to balance study shards and
    /// to print a plan's time and memory. The default reads the shared size parameters d and n
    /// (<see cref="RunEstimate.FromSizes"/>); a family with a better model overrides it.
    /// </summary>
    public virtual RunEstimate Estimate(ParameterValues parameters, Compute compute) => RunEstimate.FromSizes(parameters, compute);
}
