using ScottPlot;

namespace TransferLab.Plotting;

/// <summary>
/// A phase diagram: values on a rectangular (x, y) grid as a colour map with a colour bar, and
/// optional boundary curves (e.g. transferability T = 0) drawn on top.
/// </summary>
public sealed class HeatmapPlot
{
    /// <summary>The underlying ScottPlot plot.</summary>
    public Plot Plot { get; }

    /// <summary>
    /// Creates the heatmap. <paramref name="values"/> is indexed [iy, ix] with
    /// <paramref name="ys"/>[iy], <paramref name="xs"/>[ix] the cell centres (ascending, evenly spaced).
    /// </summary>
    public HeatmapPlot(string title, string xLabel, string yLabel, double[] xs, double[] ys, double[,] values, string colorbarLabel, bool diverging = false)
    {
        if (values.GetLength(0) != ys.Length || values.GetLength(1) != xs.Length)
            throw new ArgumentException($"values is {values.GetLength(0)}×{values.GetLength(1)}, expected {ys.Length}×{xs.Length} ([iy, ix])");
        Plot = PlotStyle.NewPlot(title, xLabel, yLabel);
        // ScottPlot draws row 0 at the top; flip so that iy grows upward with y.
        int ny = ys.Length, nx = xs.Length;
        var flipped = new double[ny, nx];
        for (int i = 0; i < ny; i++)
            for (int j = 0; j < nx; j++) flipped[ny - 1 - i, j] = values[i, j];
        var hm = Plot.Add.Heatmap(flipped);
        hm.Colormap = diverging ? new ScottPlot.Colormaps.MellowRainbow() : new ScottPlot.Colormaps.Viridis();
        double dx = nx > 1 ? (xs[^1] - xs[0]) / (nx - 1) : 1, dy = ny > 1 ? (ys[^1] - ys[0]) / (ny - 1) : 1;
        hm.Extent = new CoordinateRect(xs[0] - dx / 2, xs[^1] + dx / 2, ys[0] - dy / 2, ys[^1] + dy / 2);
        if (diverging)
        {
            double m = 0;
            foreach (var v in values) if (double.IsFinite(v)) m = Math.Max(m, Math.Abs(v));
            hm.ManualRange = new ScottPlot.Range(-m, m);
        }
        var cb = Plot.Add.ColorBar(hm);
        cb.Label = colorbarLabel;
        Plot.Axes.SetLimits(xs[0] - dx / 2, xs[^1] + dx / 2, ys[0] - dy / 2, ys[^1] + dy / 2);
    }

    /// <summary>Draws a boundary curve on top of the map (dashed, or dotted for a reference curve).</summary>
    public HeatmapPlot AddBoundary(string label, double[] x, double[] y, int color = 3, bool dotted = false)
    {
        var s = Plot.Add.Scatter(x, y);
        s.Color = Colors.White;
        s.LineWidth = 3;
        s.MarkerSize = 0;
        var s2 = Plot.Add.Scatter(x, y);
        s2.Color = PlotStyle.ColorAt(color);
        s2.LineWidth = 2;
        s2.LinePattern = dotted ? LinePattern.Dotted : LinePattern.Dashed;
        s2.MarkerSize = 0;
        if (!string.IsNullOrEmpty(label))
        {
            s2.LegendText = label;
            Plot.ShowLegend(Alignment.UpperRight);
        }
        return this;
    }
}
