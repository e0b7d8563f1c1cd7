namespace TransferLab.Plotting;

/// <summary>
/// Everything one plot draws, as data: title, axis labels, log axes and the ordered <see cref="PlotLayer"/>s with their
/// numbers. Figures record it through <see cref="CurvePlot"/> or <see cref="HeatmapPlot"/>; <see cref="PlotFiles"/> stores
/// it as a JSON + tidy CSV pair and <see cref="PlotRenderer"/> is the one place that turns it into a picture, so a figure
/// can be redrawn from its files without recomputing (docs/architecture.md, "Figures from tables").
/// </summary>
public sealed class PlotDescription
{
    private readonly List<PlotLayer> _layers = new();

    /// <summary>Creates a plot with no layers yet.</summary>
    public PlotDescription(string title, string xLabel, string yLabel, bool logX = false, bool logY = false, IEnumerable<PlotLayer>? layers = null)
    {
        Title = title;
        XLabel = xLabel;
        YLabel = yLabel;
        LogX = logX;
        LogY = logY;
        if (layers is not null) _layers.AddRange(layers);
    }

    /// <summary>Title above the plot.</summary>
    public string Title { get; }

    /// <summary>Label of the x axis.</summary>
    public string XLabel { get; }

    /// <summary>Label of the y axis.</summary>
    public string YLabel { get; }

    /// <summary>Whether x is drawn on a log₁₀ scale.</summary>
    public bool LogX { get; }

    /// <summary>Whether y is drawn on a log₁₀ scale.</summary>
    public bool LogY { get; }

    /// <summary>The layers in drawing order.</summary>
    public IReadOnlyList<PlotLayer> Layers => _layers;

    /// <summary>Appends a layer (the recorders' one way in).</summary>
    internal void Add(PlotLayer layer) => _layers.Add(layer);
}
