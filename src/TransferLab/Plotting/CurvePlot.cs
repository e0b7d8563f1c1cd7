namespace TransferLab.Plotting;

/// <summary>
/// Records the basic TransferLab figure: theory lines with simulation points and ±2 standard-error bars. Every call appends
/// a layer to <see cref="Plot"/>, a <see cref="PlotDescription"/>; nothing is drawn here (<see cref="PlotRenderer"/>
/// draws, from the description or from its files). Log axes are drawn by plotting log10 of the data with
/// power-of-ten tick labels.
/// </summary>
public sealed class CurvePlot
{
    /// <summary>The plot recorded so far (what <c>FigureContext.Save</c> stores and renders).</summary>
    public PlotDescription Plot { get; }

    /// <summary>Creates an empty plot.</summary>
    public CurvePlot(string title, string xLabel, string yLabel, bool logX = false, bool logY = false)
    {
        Plot = new PlotDescription(title, xLabel, yLabel, logX, logY);
    }

    /// <summary>Adds a theory curve (solid line; dashed or dotted on request, dotted winning when both are set).</summary>
    public CurvePlot AddTheory(string label, double[] x, double[] y, int color, bool dashed = false, bool dotted = false)
    {
        if (x.Length != y.Length) throw new ArgumentException("x and y lengths differ");
        var line = dotted ? LineStyle.Dotted : dashed ? LineStyle.Dashed : LineStyle.Solid;
        Plot.Add(new TheoryLine(label, color, line) { Points = new PlotPoints(x.ToArray(), y.ToArray(), [], []) });
        return this;
    }

    /// <summary>
    /// Sets the y range to the values plotted so far (theory lines and simulation means, not the error bars) plus a margin of
    /// <paramref name="pad"/> of the span on each side (on a log axis: of the span in decades, at least 0.05 decade), and
    /// regenerates the tick labels for that range. Error bars that reach beyond it are cut at the frame. Use it when a few
    /// wide error bars (for example a lower bound ≤ 0 on a log axis) would otherwise squeeze the points.
    /// </summary>
    public CurvePlot FitYToData(double pad = 0.08)
    {
        Plot.Add(new FitYToData(pad));
        return this;
    }

    /// <summary>Sets the y range to [<paramref name="min"/>, <paramref name="max"/>] (in log₁₀ units on a log axis).</summary>
    public CurvePlot SetLimitsY(double min, double max)
    {
        Plot.Add(new YLimits(min, max));
        return this;
    }

    /// <summary>Moves the legend inside the data area, to <paramref name="position"/>.</summary>
    public CurvePlot ShowLegend(LegendPosition position)
    {
        Plot.Add(new LegendInside(position));
        return this;
    }

    /// <summary>Adds a grey horizontal line at y = 0 (dotted by default): the sign change of a transferability.</summary>
    public CurvePlot AddZeroLine(bool dotted = true) => AddReferenceLine(LineOrientation.Horizontal, 0, "", dotted);

    /// <summary>Adds a grey vertical line at x = <paramref name="x"/> (dotted by default) with a legend entry.</summary>
    public CurvePlot AddVerticalLine(double x, string label, bool dotted = true) => AddReferenceLine(LineOrientation.Vertical, x, label, dotted);

    private CurvePlot AddReferenceLine(LineOrientation orientation, double at, string label, bool dotted)
    {
        var points = orientation == LineOrientation.Horizontal ? new PlotPoints([], [at], [], []) : new PlotPoints([at], [], [], []);
        Plot.Add(new ReferenceLine(orientation, label, dotted ? LineStyle.Dotted : LineStyle.Solid) { Points = points });
        return this;
    }

    /// <summary>Adds simulation points (mean) with error bars at ±2 standard errors.</summary>
    public CurvePlot AddSimulation(string label, double[] x, double[] mean, double[] se, int color) =>
        AddSimulation(label, x, mean, se, color, PointMarker.Circle);

    /// <summary>
    /// Adds simulation points (mean) with error bars at ±2 standard errors, drawn with <paramref name="marker"/> (to tell
    /// series of one colour apart), shifted horizontally by <paramref name="xShift"/> decades on a log x axis (an additive offset
    /// on a linear one) so that series at the same x do not hide each other. The data are not changed, only where they are drawn.
    /// </summary>
    public CurvePlot AddSimulation(string label, double[] x, double[] mean, double[] se, int color, PointMarker marker, double xShift = 0.0)
    {
        if (x.Length != mean.Length || x.Length != se.Length) throw new ArgumentException("x, mean and se lengths differ");
        Plot.Add(new SimulationPoints(label, color, marker, xShift) { Points = new PlotPoints(x.ToArray(), mean.ToArray(), se.ToArray(), []) });
        return this;
    }
}
