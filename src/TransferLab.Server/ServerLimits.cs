using TransferLab.Experiments;
using TransferLab.Experiments.Families;
using TransferLab.Schema;
using TransferLab.Validation;

namespace TransferLab.Server;

/// <summary>
/// What one request may ask for, checked before any allocation: caps on the parameters that set sizes (dimension,
/// samples, seeds, widths, grid points), on curve points and grid cells, and a memory budget the family's own
/// estimate (<see cref="ModelFamily.EstimateMemory"/>) is checked against. The command line trusts its user with the
/// machine; a server answers anyone who reaches it, so the caps are tighter (docs/explorer.md, "Limits").
/// </summary>
public sealed record ServerLimits
{
    /// <summary>Largest value of each size-setting integer parameter, by schema name.</summary>
    public IReadOnlyDictionary<string, int> MaxInteger { get; init; } = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["d"] = 2000, ["n"] = 20_000, ["seeds"] = 500, ["width"] = 4096, ["teacher-width"] = 4096, ["widths"] = 4096,
        ["n-source"] = 20_000, ["n-max"] = 100_000, ["theta-points"] = 500, ["alpha-points"] = 500, ["max-steps"] = 1_000_000,
        ["epochs"] = 10_000, ["steps"] = 1_000_000, ["draws"] = 200, ["sim-points"] = 50,
    };

    /// <summary>Most values in a list parameter (e.g. alpha-ft).</summary>
    public int MaxListItems { get; init; } = 64;

    /// <summary>Most points of one curve.</summary>
    public int MaxCurvePoints { get; init; } = 200;

    /// <summary>Most cells of one grid (phase diagram, regime map).</summary>
    public int MaxGridCells { get; init; } = 250_000;

    /// <summary>Memory one request may plan to use, in bytes: 1 GiB, or 80 % of what the process may allocate if less.</summary>
    public double MemoryBudget { get; init; } = Math.Min(1024d * 1024 * 1024, TransferLab.Experiments.MemoryBudget.Default);

    /// <summary>
    /// Refuses <paramref name="values"/> when a size parameter exceeds its cap, a list is too long, or the family's
    /// memory estimate (with <paramref name="runsInFlight"/> runs at once) exceeds the budget: a
    /// <see cref="ParameterException"/> naming the parameter.
    /// </summary>
    public void Check(ParameterValues values, ModelFamily? family = null, int runsInFlight = 1)
    {
        foreach (var (name, text) in values.AsText())
        {
            if (text is null) continue;
            var spec = values.Schema.Find(name)!;
            if (spec.Kind is ParameterKind.RealList or ParameterKind.IntegerList && text.Split(',').Length > MaxListItems)
                throw new ParameterException(name, text, $"at most {MaxListItems} values per request on this server");
            if (MaxInteger.TryGetValue(name, out int cap) && spec.Kind is ParameterKind.Integer or ParameterKind.IntegerList)
                foreach (var item in text.Split(','))
                    if (long.TryParse(item, out long v) && v > cap)
                        throw new ParameterException(name, text, $"at most {cap} on this server (the command line has no such cap)");
        }
        if (family is not null)
            TransferLab.Experiments.MemoryBudget.Check(family.EstimateMemory(values, runsInFlight), MemoryBudget, values.AsText());
    }

    /// <summary>Refuses a grid of <paramref name="cells"/> cells over <see cref="MaxGridCells"/>, naming <paramref name="parameter"/>.</summary>
    public void CheckGrid(long cells, string parameter, object? value)
    {
        if (cells > MaxGridCells)
            throw new ParameterException(parameter, value, $"the grid would have {cells} cells; at most {MaxGridCells} on this server");
        // The grid holds a few doubles per cell; refused before it is allocated when that alone exceeds the budget.
        if (MemoryEstimate.Doubles(8.0 * cells) > MemoryBudget)
            throw new ParameterException(parameter, value, $"the grid needs more than the server's memory budget of {TransferLab.Experiments.MemoryBudget.Format(MemoryBudget)}");
    }
}
