using ScottPlot;

namespace TransferLab.Plotting;

/// <summary>House style: explicit DejaVu Sans (Skia without fontconfig can otherwise render no text), Category10 colours.</summary>
public static class PlotStyle
{
    /// <summary>Font family used for all text.</summary>
    public const string FontName = "DejaVu Sans";

    private static readonly ScottPlot.Palettes.Category10 s_palette = new();

    /// <summary>Colour number <paramref name="i"/> of the palette.</summary>
    public static Color ColorAt(int i) => s_palette.GetColor(((i % 10) + 10) % 10);

    /// <summary>A new plot with title and axis labels in the house style.</summary>
    public static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Font.Set(FontName);
        plot.Title(title, 16);
        plot.XLabel(xLabel, 14);
        plot.YLabel(yLabel, 14);
        return plot;
    }
}
