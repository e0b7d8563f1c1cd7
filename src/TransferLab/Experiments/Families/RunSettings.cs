namespace TransferLab.Experiments.Families;

/// <summary>
/// How a simulation runs, as opposed to what it computes: thread budget and progress reporting. Results never depend
/// on these (per-run seeds are derived from keys, BLAS is single-threaded).
/// </summary>
/// <param name="Threads">Runs executed in parallel (≥ 1).</param>
/// <param name="Board">Progress counters; null for none.</param>
public sealed record RunSettings(int Threads, ProgressBoard? Board = null)
{
    /// <summary>The board to report on (a private one when none was given).</summary>
    public ProgressBoard Progress => Board ?? _fallback;

    private readonly ProgressBoard _fallback = new();
}
