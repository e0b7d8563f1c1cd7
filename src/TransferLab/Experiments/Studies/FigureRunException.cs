namespace TransferLab.Experiments.Studies;

/// <summary>A run of a figure's shard threw (or its record could not be written); the runs recorded before it stay valid.</summary>
public sealed class FigureRunException(string figure, int batch, Exception inner)
    : Exception($"figure {figure}, batch {batch}: a run failed: {inner.Message}", inner);
