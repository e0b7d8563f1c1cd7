namespace TransferLab.Experiments.Families;

/// <summary>
/// What a model computation returns, whatever the model: the typed payload (serialised as the JSON of
/// <c>--json</c> and the web API), a report for the terminal, and the theory-vs-simulation comparisons (empty for a
/// theory computation).
/// </summary>
/// <param name="Payload">The result record; its properties become snake_case JSON keys.</param>
/// <param name="Report">What the terminal shows.</param>
/// <param name="Comparisons">Simulation points next to their theory values.</param>
public sealed record ModelResult(object Payload, Report Report, IReadOnlyList<Comparison> Comparisons)
{
    /// <summary>A result with no comparisons.</summary>
    public ModelResult(object payload, Report report) : this(payload, report, []) { }

    /// <summary>
    /// The per-run results as a tidy table (one row per seed and setting), for families that declare
    /// <see cref="ModelFamily.RunTableDescription"/>; null otherwise. Front ends decide where it goes (the command
    /// line writes it as CSV with <c>out</c>); computing it does no I/O.
    /// </summary>
    public TidyTable? Runs { get; init; }

    /// <summary>For simulations that detect divergence: how many points are valid; null when not tracked.</summary>
    public PointValidity? Validity { get; init; }
}
