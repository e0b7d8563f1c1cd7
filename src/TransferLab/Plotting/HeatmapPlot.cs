namespace TransferLab.Plotting;

/// <summary>
/// Records a phase diagram: values on a rectangular (x, y) grid as a colour map with a colour bar, and optional boundary
/// curves (e.g. transferability T = 0) drawn on top. Like <see cref="CurvePlot"/> it only appends layers to
/// <see cref="Plot"/>; <see cref="PlotRenderer"/> draws.
/// </summary>
public sealed class HeatmapPlot
{
    /// <summary>The plot recorded so far (what <c>FigureContext.Save</c> stores and renders).</summary>
    public PlotDescription Plot { get; }

    /// <summary>
    /// Creates the heatmap. <paramref name="values"/> is indexed [iy, ix] with
    /// <paramref name="ys"/>[iy], <paramref name="xs"/>[ix] the cell centres (ascending, evenly spaced).
    /// </summary>
    public HeatmapPlot(string title, string xLabel, string yLabel, double[] xs, double[] ys, double[,] values, string colorbarLabel, bool diverging = false)
    {
        if (values.GetLength(0) != ys.Length || values.GetLength(1) != xs.Length)
            throw new ArgumentException($"values is {values.GetLength(0)}×{values.GetLength(1)}, expected {ys.Length}×{xs.Length} ([iy, ix])");
        if (xs.Length == 0 || ys.Length == 0) throw new ArgumentException("a heatmap needs at least one cell");
        Plot = new PlotDescription(title, xLabel, yLabel);
        int ny = ys.Length, nx = xs.Length;
        double[] cx = new double[nx * ny], cy = new double[nx * ny], cv = new double[nx * ny];
        for (int iy = 0; iy < ny; iy++)
            for (int ix = 0; ix < nx; ix++)
            {
                int k = iy * nx + ix;
                cx[k] = xs[ix];
                cy[k] = ys[iy];
                cv[k] = values[iy, ix];
            }
        Plot.Add(new HeatmapLayer(colorbarLabel, diverging, nx, ny) { Points = new PlotPoints(cx, cy, [], cv) });
    }

    /// <summary>Draws a boundary curve on top of the map (dashed, or dotted for a reference curve).</summary>
    public HeatmapPlot AddBoundary(string label, double[] x, double[] y, int color = 3, bool dotted = false)
    {
        if (x.Length != y.Length) throw new ArgumentException("x and y lengths differ");
        Plot.Add(new BoundaryCurve(label, color, dotted ? LineStyle.Dotted : LineStyle.Dashed) { Points = new PlotPoints(x.ToArray(), y.ToArray(), [], []) });
        return this;
    }
}
