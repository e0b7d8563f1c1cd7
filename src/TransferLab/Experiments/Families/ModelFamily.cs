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

    /// <summary>The simulation for validated <paramref name="parameters"/>, its random streams derived from <paramref name="seed"/>.</summary>
    public virtual ModelResult Simulate(ParameterValues parameters, ulong seed, RunSettings run) =>
        throw new NotSupportedException($"model {Name} has no simulation");
}
