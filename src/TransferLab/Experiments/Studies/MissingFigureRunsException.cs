namespace TransferLab.Experiments.Studies;

/// <summary>A collect found runs of the figure missing from the store; nothing was published.</summary>
/// <param name="figure">The figure id.</param>
/// <param name="missing">Runs missing.</param>
/// <param name="asked">Runs the figure asked for.</param>
public sealed class MissingFigureRunsException(string figure, int missing, int asked)
    : Exception($"{missing} of {asked} runs of {figure} are not in the store yet")
{
    /// <summary>The figure id.</summary>
    public string Figure { get; } = figure;

    /// <summary>Runs missing.</summary>
    public int Missing { get; } = missing;

    /// <summary>Runs the figure asked for (those after a missing one may depend on it and are counted as asked for then).</summary>
    public int Asked { get; } = asked;
}
