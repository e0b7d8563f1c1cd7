namespace TransferLab.Experiments.Families;

/// <summary>
/// How many points of a simulation produced a valid result: a point is invalid when a run behind it diverged
/// (<see cref="Training.DivergenceRule"/>) and its numbers are withheld. Front ends exit with "no valid result"
/// (exit 3, docs/architecture.md, "Error contract") when no point is valid, after showing what was computed.
/// </summary>
/// <param name="Points">Points computed.</param>
/// <param name="ValidPoints">Points whose runs all stayed finite and bounded.</param>
/// <param name="Reason">Why points are invalid (one sentence; empty when all are valid).</param>
public sealed record PointValidity(int Points, int ValidPoints, string Reason)
{
    /// <summary>Status of a point as outputs spell it.</summary>
    public const string Ok = "ok", Diverged = "diverged";

    /// <summary>Whether no point is valid.</summary>
    public bool NoneValid => Points > 0 && ValidPoints == 0;
}
