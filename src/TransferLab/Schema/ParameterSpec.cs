using System.Globalization;

namespace TransferLab.Schema;

/// <summary>
/// One parameter of a model family, declared as data: name, type, default, valid range or choices, unit, one-line
/// doc and which computations use it. The command line's options and <c>--help</c>, validation messages, study-spec
/// keys and the web API are all generated from these (docs/architecture.md, "Model schemas").
/// </summary>
public sealed record ParameterSpec
{
    /// <summary>Kebab-case name, e.g. <c>alpha-ft</c>; the command line prefixes it with two dashes.</summary>
    public required string Name { get; init; }

    /// <summary>Value type.</summary>
    public required ParameterKind Kind { get; init; }

    /// <summary>One-line description (symbol and meaning), without the range, which is generated.</summary>
    public required string Doc { get; init; }

    /// <summary>Default value as the user would type it; null when the parameter is required or optional.</summary>
    public string? Default { get; init; }

    /// <summary>
    /// Default of the simulation where it differs from <see cref="Default"/> (e.g. a smaller dimension for gradient-descent
    /// runs than for a closed form); null = the same default for every computation.
    /// </summary>
    public string? SimulateDefault { get; init; }

    /// <summary>The default <paramref name="compute"/> takes: <see cref="SimulateDefault"/> for simulate when set, else <see cref="Default"/>.</summary>
    public string? DefaultFor(Compute compute) => compute == Compute.Simulate && SimulateDefault is not null ? SimulateDefault : Default;

    /// <summary>Must be given (no default).</summary>
    public bool Required { get; init; }

    /// <summary>Lower bound for numbers (each item of a list); null for none.</summary>
    public double? Min { get; init; }

    /// <summary>Upper bound for numbers; null for none.</summary>
    public double? Max { get; init; }

    /// <summary>The lower bound itself is not allowed (v &gt; Min).</summary>
    public bool MinExclusive { get; init; }

    /// <summary>The upper bound itself is not allowed (v &lt; Max).</summary>
    public bool MaxExclusive { get; init; }

    /// <summary>
    /// A number without bounds is meaningful at any finite value (e.g. a signed scale). Declared explicitly, so that a
    /// forgotten range is caught by the schema contract test rather than silently accepted.
    /// </summary>
    public bool Unbounded { get; init; }

    /// <summary>
    /// A range that depends on other parameters, in words (e.g. "in [−c-pt, c-pt]"); the model checks it when it builds
    /// its task, naming this parameter. Shown in help after the static range.
    /// </summary>
    public string? DependentRange { get; init; }

    /// <summary>A value outside a <see cref="DependentRange"/> at the other parameters' defaults (for tests and fuzzing).</summary>
    public string? OutOfRangeExample { get; init; }

    /// <summary><c>inf</c> (+∞) is a valid value of a <see cref="ParameterKind.Real"/> parameter, with this meaning.</summary>
    public string? InfinityMeans { get; init; }

    /// <summary>Further words read as +∞ (beside inf, infinity and ∞), e.g. <c>oracle</c>.</summary>
    public IReadOnlyList<string> InfinityAliases { get; init; } = [];

    /// <summary>Valid names of a <see cref="ParameterKind.Choice"/>.</summary>
    public IReadOnlyList<string>? Choices { get; init; }

    /// <summary>Unit or scale of the value (e.g. "degrees"), shown in help; null when dimensionless.</summary>
    public string? Unit { get; init; }

    /// <summary>Largest number of items of a list parameter (a hard cap against oversized requests).</summary>
    public int MaxItems { get; init; } = 10_000;

    /// <summary>
    /// The parameter is read only when another (choice) parameter has one of these values, e.g. <c>power</c> only with
    /// <c>spectrum = power-law</c>. Giving it otherwise is an error naming it, not a silently ignored value.
    /// </summary>
    public Condition? AppliesWhen { get; init; }

    /// <summary>Which computations of the model read it (<see cref="Compute"/> flags).</summary>
    public Compute UsedBy { get; init; } = Compute.Both;

    /// <summary>The valid values in words, e.g. "a number in [0, 1]" or "one of exact, gd".</summary>
    public string Range => (Kind switch
    {
        ParameterKind.Flag => "a switch (present or absent)",
        ParameterKind.Choice => "one of " + string.Join(", ", Choices ?? []),
        ParameterKind.FilePath => "the path of an existing file",
        ParameterKind.FilePathList => "one or more paths of existing files, comma-separated",
        ParameterKind.Text => "a non-empty text",
        ParameterKind.Seed => "an integer in [0, 18446744073709551615]",
        ParameterKind.Integer => $"an integer {Interval(int.MinValue, int.MaxValue)}",
        ParameterKind.IntegerList => $"a comma-separated list of integers, each {Interval(int.MinValue, int.MaxValue)}",
        ParameterKind.RealList => $"a comma-separated list of finite numbers, each {Interval(double.NegativeInfinity, double.PositiveInfinity)}",
        _ => $"a finite number {Interval(double.NegativeInfinity, double.PositiveInfinity)}" + (InfinityMeans is null ? "" : $", or inf ({InfinityMeans})"),
    }).Replace("  ", " ").Replace(" ,", ",") + (DependentRange is null ? "" : (Min is null && Max is null ? "" : ",") + $" {DependentRange}");

    private string Interval(double typeMin, double typeMax)
    {
        // Bounds as a person writes them: 10000, 0.5, 1e100, 1e-30 (not 1E+100).
        string F(double v) => v != 0 && (Math.Abs(v) >= 1e15 || Math.Abs(v) < 1e-4)
            ? v.ToString("0.###e0", CultureInfo.InvariantCulture)
            : v.ToString("R", CultureInfo.InvariantCulture);
        double lo = Min ?? typeMin, hi = Max ?? typeMax;
        if (Min is null && Max is null && DependentRange is not null) return "";
        if (Min is null && Max is null) return double.IsFinite(typeMin) ? $"in [{F(typeMin)}, {F(typeMax)}]" : "of any sign";
        if (Max is null) return MinExclusive ? $"> {F(lo)}" : $"≥ {F(lo)}";
        if (Min is null) return MaxExclusive ? $"< {F(hi)}" : $"≤ {F(hi)}";
        return $"in {(MinExclusive ? "(" : "[")}{F(lo)}, {F(hi)}{(MaxExclusive ? ")" : "]")}";
    }

    /// <summary>Help text: the doc, the valid range and the unit.</summary>
    public string HelpText => $"{Doc} Valid: {Range}{(Unit is null ? "" : $" ({Unit})")}.";

    /// <summary>"Another parameter has one of these values."</summary>
    /// <param name="Parameter">The controlling parameter.</param>
    /// <param name="Values">Its values under which this parameter is read.</param>
    public sealed record Condition(string Parameter, params string[] Values)
    {
        /// <summary>In words, e.g. "spectrum = power-law".</summary>
        public override string ToString() => $"{Parameter} = {string.Join(" or ", Values)}";
    }
}
