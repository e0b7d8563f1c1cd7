using ScottPlot;

namespace TransferLab.Plotting;

/// <summary>
/// Theory lines with simulation points and ±2 standard-error bars: the basic TransferLab figure.
/// Log axes are drawn by plotting log10 of the data with power-of-ten tick labels.
/// </summary>
public sealed class CurvePlot
{
    private readonly bool _logX, _logY;
    private bool _anyLegend;

    /// <summary>The underlying ScottPlot plot.</summary>
    public Plot Plot { get; }

    /// <summary>Creates an empty plot.</summary>
    public CurvePlot(string title, string xLabel, string yLabel, bool logX = false, bool logY = false)
    {
        _logX = logX;
        _logY = logY;
        Plot = PlotStyle.NewPlot(title, xLabel, yLabel);
        if (logX) Plot.Axes.Bottom.TickGenerator = LogTicks();
        if (logY) Plot.Axes.Left.TickGenerator = LogTicks();
    }

    private static ScottPlot.TickGenerators.NumericAutomatic LogTicks() => new()
    {
        // Ticks sit at "nice" values of log10; the label shows 10^v, so a plot spanning less than a
        // decade still gets labels (e.g. 0.0316).
        LabelFormatter = v => Math.Pow(10, v).ToString("G3", System.Globalization.CultureInfo.InvariantCulture),
    };

    private double _xMin = double.PositiveInfinity, _xMax = double.NegativeInfinity, _yMin = double.PositiveInfinity, _yMax = double.NegativeInfinity;

    private double[] TX(double[] x)
    {
        var t = _logX ? x.Select(Math.Log10).ToArray() : x;
        Track(t, ref _xMin, ref _xMax, _logX, Plot.Axes.Bottom);
        return t;
    }

    private double[] TY(double[] y)
    {
        var t = _logY ? y.Select(v => Math.Log10(Math.Max(v, 1e-300))).ToArray() : y;
        Track(t, ref _yMin, ref _yMax, _logY, Plot.Axes.Left);
        return t;
    }

    // Once a log axis spans 1.5 decades, ticks at powers of ten only (with log minor ticks) read best;
    // below that, ticks at the round values 1, 2, 5 (or 1…9) × 10^k inside the range keep the labels readable.
    private static void Track(double[] t, ref double min, ref double max, bool log, IAxis axis)
    {
        foreach (var v in t)
            if (double.IsFinite(v)) { min = Math.Min(min, v); max = Math.Max(max, v); }
        if (!log || !(max >= min)) return;
        if (max - min >= 1.5)
        {
            axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
            {
                LabelFormatter = LogTicks().LabelFormatter,
                IntegerTicksOnly = true,
                MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            };
            return;
        }
        var manual = new ScottPlot.TickGenerators.NumericManual();
        foreach (double tick in RoundLogTicks(min, max))
            manual.AddMajor(Math.Log10(tick), tick.ToString("G3", System.Globalization.CultureInfo.InvariantCulture));
        axis.TickGenerator = manual;
    }

    /// <summary>Round values m·10^k (m in 1, 2, 5, or 1…9 when that gives fewer than three) with log10 inside [lo, hi].</summary>
    internal static List<double> RoundLogTicks(double lo, double hi)
    {
        foreach (int[] mantissas in new[] { new[] { 1, 2, 5 }, new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 } })
        {
            var ticks = new List<double>();
            for (int k = (int)Math.Floor(lo) - 1; k <= (int)Math.Ceiling(hi); k++)
                foreach (int m in mantissas)
                {
                    double v = m * Math.Pow(10, k), l = Math.Log10(v);
                    if (l >= lo - 1e-9 && l <= hi + 1e-9) ticks.Add(v);
                }
            if (ticks.Count >= 3) return ticks;
        }
        // A range narrower than the 1…9 spacing: label both ends.
        return [Math.Pow(10, lo), Math.Pow(10, hi)];
    }

    /// <summary>Adds a theory curve (solid line; dashed or dotted on request, dotted winning when both are set).</summary>
    public CurvePlot AddTheory(string label, double[] x, double[] y, int color, bool dashed = false, bool dotted = false)
    {
        if (x.Length != y.Length) throw new ArgumentException("x and y lengths differ");
        var s = Plot.Add.Scatter(TX(x), TY(y));
        s.Color = PlotStyle.ColorAt(color);
        s.LineWidth = 2;
        s.MarkerSize = 0;
        if (dotted) s.LinePattern = LinePattern.Dotted;
        else if (dashed) s.LinePattern = LinePattern.Dashed;
        Legend(s, label);
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
        if (!(_yMax >= _yMin)) return this;
        double span = _yMax - _yMin, margin = _logY ? Math.Max(0.05, pad * span) : (span > 0 ? pad * span : Math.Max(1e-12, Math.Abs(_yMax) * 0.1));
        double lo = _yMin - margin, hi = _yMax + margin;
        Plot.Axes.SetLimitsY(lo, hi);
        if (_logY)
        {
            double min = lo, max = hi;
            Track([], ref min, ref max, true, Plot.Axes.Left);
        }
        return this;
    }

    /// <summary>Adds a grey horizontal line at y = 0 (dotted by default): the sign change of a transferability.</summary>
    public CurvePlot AddZeroLine(bool dotted = true)
    {
        var zero = Plot.Add.HorizontalLine(0);
        zero.Color = Colors.Gray;
        if (dotted) zero.LinePattern = LinePattern.Dotted;
        return this;
    }

    /// <summary>Adds simulation points (mean) with error bars at ±2 standard errors.</summary>
    public CurvePlot AddSimulation(string label, double[] x, double[] mean, double[] se, int color) =>
        AddSimulation(label, x, mean, se, color, MarkerShape.FilledCircle);

    /// <summary>
    /// Adds simulation points (mean) with error bars at ±2 standard errors, drawn with <paramref name="marker"/> (to tell
    /// series of one colour apart), shifted horizontally by <paramref name="xShift"/> decades on a log x axis (an additive offset
    /// on a linear one) so that series at the same x do not hide each other. The data are not changed, only where they are drawn.
    /// </summary>
    public CurvePlot AddSimulation(string label, double[] x, double[] mean, double[] se, int color, MarkerShape marker, double xShift = 0.0)
    {
        if (x.Length != mean.Length || x.Length != se.Length) throw new ArgumentException("x, mean and se lengths differ");
        if (xShift != 0.0) x = x.Select(v => _logX ? v * Math.Pow(10, xShift) : v + xShift).ToArray();
        var tx = TX(x); // shifted before TX so that the axis range tracks where the points are drawn
        var color0 = PlotStyle.ColorAt(color);
        double[] lo = new double[x.Length], hi = new double[x.Length], ty = TY(mean);
        for (int i = 0; i < x.Length; i++)
        {
            // Error bars are drawn in data space, so on a log axis they are asymmetric.
            double l = mean[i] - 2 * se[i], h = mean[i] + 2 * se[i];
            lo[i] = _logY ? ty[i] - Math.Log10(Math.Max(l, mean[i] * 1e-3)) : 2 * se[i];
            hi[i] = _logY ? Math.Log10(h) - ty[i] : 2 * se[i];
        }
        var zeros = new double[x.Length];
        var eb = new ScottPlot.Plottables.ErrorBar(tx, ty, zeros, zeros, hi, lo);
        Plot.Add.Plottable(eb);
        eb.Color = color0;
        eb.LineWidth = 1.5f;
        var m = Plot.Add.Markers(tx, ty);
        m.Color = color0;
        m.MarkerSize = 8;
        m.MarkerShape = marker;
        Legend(m, label);
        return this;
    }

    private void Legend(IHasLegendText p, string label)
    {
        if (string.IsNullOrEmpty(label)) return;
        p.LegendText = label;
        // Outside the data area: theory lines and error bars are never hidden behind the legend.
        if (!_anyLegend) Plot.ShowLegend(Edge.Right);
        _anyLegend = true;
    }
}
