using System.Globalization;
using System.Text.RegularExpressions;
using ScottPlot;

namespace TransferLab.Plotting;

/// <summary>
/// The one place that draws: replays a <see cref="PlotDescription"/>'s layers in order onto a ScottPlot plot in the house
/// style (<see cref="PlotStyle"/>) and writes PNG or SVG. <c>reproduce</c> and <c>plot</c> both come through here, from the
/// same description files, so they write the same images (docs/architecture.md, "Figures from tables").
/// </summary>
public static partial class PlotRenderer
{
    /// <summary>A ScottPlot plot drawing <paramref name="description"/>.</summary>
    public static Plot Render(PlotDescription description) => new Replay(description).Run();

    /// <summary>Writes <paramref name="description"/> as a PNG of <paramref name="width"/> × <paramref name="height"/> pixels.</summary>
    public static void SavePng(PlotDescription description, string path, int width, int height) =>
        Render(description).SavePng(path, width, height);

    /// <summary>
    /// Writes <paramref name="description"/> as SVG. Skia numbers clip paths from a process-wide counter, so the same plot
    /// would get different ids depending on what was drawn before it; they are renumbered in order of appearance, which
    /// makes the file a function of the description alone.
    /// </summary>
    public static void SaveSvg(PlotDescription description, string path, int width, int height) =>
        File.WriteAllText(path, NumberClipPathsInOrder(Render(description).GetSvgXml(width, height)));

    /// <summary>
    /// Writes <paramref name="plot"/> into <paramref name="directory"/> as <c>NAME.png</c> and/or <c>NAME.svg</c> (each through a
    /// temporary file, so an interrupted run leaves no half-written image); returns the paths written.
    /// </summary>
    public static IReadOnlyList<string> SaveImages(SavedPlot plot, string directory, ImageFormats formats)
    {
        var written = new List<string>();
        void Write(string extension, Action<string> save)
        {
            string path = Path.Combine(directory, plot.Name + extension);
            string temporary = Path.Combine(directory, $".{plot.Name}{extension}.{Guid.NewGuid():N}.tmp");
            try
            {
                save(temporary);
                File.Move(temporary, path, overwrite: true);
            }
            finally
            {
                if (File.Exists(temporary)) File.Delete(temporary);
            }
            written.Add(path);
        }
        if (formats.HasFlag(ImageFormats.Png)) Write(".png", path => SavePng(plot.Plot, path, plot.Width, plot.Height));
        if (formats.HasFlag(ImageFormats.Svg)) Write(".svg", path => SaveSvg(plot.Plot, path, plot.Width, plot.Height));
        return written;
    }

    /// <summary>Renames the clip-path ids <c>cl_&lt;hex&gt;</c> of an SVG document to <c>cl_0</c>, <c>cl_1</c>, … in order of first appearance.</summary>
    internal static string NumberClipPathsInOrder(string svg)
    {
        var ids = new Dictionary<string, string>();
        return ClipPathReference().Replace(svg, m =>
        {
            string old = m.Groups["id"].Value;
            if (!ids.TryGetValue(old, out var fresh)) ids[old] = fresh = "cl_" + ids.Count.ToString("x", CultureInfo.InvariantCulture);
            return m.Groups["pre"].Value + fresh + m.Groups["post"].Value;
        });
    }

    [GeneratedRegex("(?<pre>id=\"|url\\(#)(?<id>cl_[0-9a-f]+)(?<post>[\")])")]
    private static partial Regex ClipPathReference();

    /// <summary>Drawing state of one replay: the plot, the data range seen so far (for log ticks and fit-y) and the legend.</summary>
    private sealed class Replay(PlotDescription d)
    {
        private readonly Plot _plot = PlotStyle.NewPlot(d.Title, d.XLabel, d.YLabel);
        private bool _anyLegend;
        private IPanel? _outsideLegend;
        private double _xMin = double.PositiveInfinity, _xMax = double.NegativeInfinity, _yMin = double.PositiveInfinity, _yMax = double.NegativeInfinity;

        public Plot Run()
        {
            if (d.LogX) _plot.Axes.Bottom.TickGenerator = LogTicks();
            if (d.LogY) _plot.Axes.Left.TickGenerator = LogTicks();
            foreach (var layer in d.Layers)
            {
                switch (layer)
                {
                    case TheoryLine t: Draw(t); break;
                    case SimulationPoints s: Draw(s); break;
                    case HeatmapLayer h: Draw(h); break;
                    case BoundaryCurve b: Draw(b); break;
                    case ReferenceLine r: Draw(r); break;
                    case YLimits y: _plot.Axes.SetLimitsY(y.Min, y.Max); break;
                    case FitYToData f: FitY(f.Pad); break;
                    case LegendInside l: MoveLegendInside(l.Position); break;
                    default: throw new NotSupportedException($"no renderer for plot layer '{layer.Kind}'");
                }
            }
            return _plot;
        }

        private static ScottPlot.TickGenerators.NumericAutomatic LogTicks() => new()
        {
            // Ticks sit at "nice" values of log10; the label shows 10^v, so a plot spanning less than a
            // decade still gets labels (e.g. 0.0316).
            LabelFormatter = v => Math.Pow(10, v).ToString("G3", CultureInfo.InvariantCulture),
        };

        private double[] TX(double[] x)
        {
            var t = d.LogX ? x.Select(Math.Log10).ToArray() : x;
            Track(t, ref _xMin, ref _xMax, d.LogX, _plot.Axes.Bottom);
            return t;
        }

        private double[] TY(double[] y)
        {
            var t = d.LogY ? y.Select(v => Math.Log10(Math.Max(v, 1e-300))).ToArray() : y;
            Track(t, ref _yMin, ref _yMax, d.LogY, _plot.Axes.Left);
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
                manual.AddMajor(Math.Log10(tick), tick.ToString("G3", CultureInfo.InvariantCulture));
            axis.TickGenerator = manual;
        }

        private void Draw(TheoryLine t)
        {
            if (t.Points.X.Length != t.Points.Y.Length) throw new InvalidDataException("theory layer: x and y lengths differ");
            var s = _plot.Add.Scatter(TX(t.Points.X), TY(t.Points.Y));
            s.Color = PlotStyle.ColorAt(t.Color);
            s.LineWidth = 2;
            s.MarkerSize = 0;
            if (t.Line != LineStyle.Solid) s.LinePattern = Pattern(t.Line);
            Legend(s, t.Label);
        }

        private void Draw(SimulationPoints p)
        {
            double[] x = p.Points.X, mean = p.Points.Y, se = p.Points.Se;
            if (x.Length != mean.Length || x.Length != se.Length) throw new InvalidDataException("simulation layer: x, mean and se lengths differ");
            if (p.XShift != 0.0) x = x.Select(v => d.LogX ? v * Math.Pow(10, p.XShift) : v + p.XShift).ToArray();
            var tx = TX(x); // shifted before TX so that the axis range tracks where the points are drawn
            var color = PlotStyle.ColorAt(p.Color);
            double[] lo = new double[x.Length], hi = new double[x.Length], ty = TY(mean);
            for (int i = 0; i < x.Length; i++)
            {
                // Error bars are drawn in data space, so on a log axis they are asymmetric.
                double l = mean[i] - 2 * se[i], h = mean[i] + 2 * se[i];
                lo[i] = d.LogY ? ty[i] - Math.Log10(Math.Max(l, mean[i] * 1e-3)) : 2 * se[i];
                hi[i] = d.LogY ? Math.Log10(h) - ty[i] : 2 * se[i];
            }
            var zeros = new double[x.Length];
            var eb = new ScottPlot.Plottables.ErrorBar(tx, ty, zeros, zeros, hi, lo);
            _plot.Add.Plottable(eb);
            eb.Color = color;
            eb.LineWidth = 1.5f;
            var m = _plot.Add.Markers(tx, ty);
            m.Color = color;
            m.MarkerSize = 8;
            m.MarkerShape = p.Marker switch
            {
                PointMarker.TriangleUp => MarkerShape.FilledTriangleUp,
                PointMarker.Diamond => MarkerShape.FilledDiamond,
                _ => MarkerShape.FilledCircle,
            };
            Legend(m, p.Label);
        }

        private void Draw(HeatmapLayer h)
        {
            int nx = h.Columns, ny = h.Rows;
            var pts = h.Points;
            if (nx < 1 || ny < 1 || pts.X.Length != nx * ny || pts.Y.Length != nx * ny || pts.Value.Length != nx * ny)
                throw new InvalidDataException($"heatmap layer: expected {nx}×{ny} cells with x, y and value");
            var xs = Enumerable.Range(0, nx).Select(ix => pts.X[ix]).ToArray();
            var ys = Enumerable.Range(0, ny).Select(iy => pts.Y[iy * nx]).ToArray();
            // ScottPlot draws row 0 at the top; flip so that iy grows upward with y.
            var flipped = new double[ny, nx];
            for (int i = 0; i < ny; i++)
                for (int j = 0; j < nx; j++) flipped[ny - 1 - i, j] = pts.Value[i * nx + j];
            var hm = _plot.Add.Heatmap(flipped);
            hm.Colormap = h.Diverging ? new ScottPlot.Colormaps.MellowRainbow() : new ScottPlot.Colormaps.Viridis();
            double dx = nx > 1 ? (xs[^1] - xs[0]) / (nx - 1) : 1, dy = ny > 1 ? (ys[^1] - ys[0]) / (ny - 1) : 1;
            hm.Extent = new CoordinateRect(xs[0] - dx / 2, xs[^1] + dx / 2, ys[0] - dy / 2, ys[^1] + dy / 2);
            if (h.Diverging)
            {
                double m = 0;
                foreach (var v in pts.Value) if (double.IsFinite(v)) m = Math.Max(m, Math.Abs(v));
                hm.ManualRange = new ScottPlot.Range(-m, m);
            }
            var cb = _plot.Add.ColorBar(hm);
            cb.Label = h.ColorbarLabel;
            _plot.Axes.SetLimits(xs[0] - dx / 2, xs[^1] + dx / 2, ys[0] - dy / 2, ys[^1] + dy / 2);
        }

        private void Draw(BoundaryCurve b)
        {
            if (b.Points.X.Length != b.Points.Y.Length) throw new InvalidDataException("boundary layer: x and y lengths differ");
            var s = _plot.Add.Scatter(b.Points.X, b.Points.Y);
            s.Color = Colors.White;
            s.LineWidth = 3;
            s.MarkerSize = 0;
            var s2 = _plot.Add.Scatter(b.Points.X, b.Points.Y);
            s2.Color = PlotStyle.ColorAt(b.Color);
            s2.LineWidth = 2;
            s2.LinePattern = Pattern(b.Line);
            s2.MarkerSize = 0;
            if (!string.IsNullOrEmpty(b.Label))
            {
                s2.LegendText = b.Label;
                _plot.ShowLegend(ScottPlot.Alignment.UpperRight);
            }
        }

        private void Draw(ReferenceLine r)
        {
            ScottPlot.Plottables.AxisLine line = r.Orientation == LineOrientation.Horizontal
                ? _plot.Add.HorizontalLine(Single(r.Points.Y, "y"))
                : _plot.Add.VerticalLine(Single(r.Points.X, "x"));
            line.Color = Colors.Gray;
            if (r.Line != LineStyle.Solid) line.LinePattern = Pattern(r.Line);
            Legend(line, r.Label);
        }

        private static double Single(double[] values, string column) => values.Length == 1
            ? values[0]
            : throw new InvalidDataException($"reference line: expected one value in column {column}, found {values.Length}");

        private void FitY(double pad)
        {
            if (!(_yMax >= _yMin)) return;
            double span = _yMax - _yMin, margin = d.LogY ? Math.Max(0.05, pad * span) : (span > 0 ? pad * span : Math.Max(1e-12, Math.Abs(_yMax) * 0.1));
            double lo = _yMin - margin, hi = _yMax + margin;
            _plot.Axes.SetLimitsY(lo, hi);
            if (d.LogY)
            {
                double min = lo, max = hi;
                Track([], ref min, ref max, true, _plot.Axes.Left);
            }
        }

        private void Legend(IHasLegendText p, string label)
        {
            if (string.IsNullOrEmpty(label)) return;
            p.LegendText = label;
            // Outside the data area: theory lines and error bars are never hidden behind the legend.
            if (!_anyLegend) _outsideLegend = _plot.ShowLegend(Edge.Right);
            _anyLegend = true;
        }

        // ScottPlot keeps an outside legend panel when an inside legend is shown as well: drop it, so the legend is moved.
        private void MoveLegendInside(LegendPosition position)
        {
            if (_outsideLegend is not null) _plot.Axes.Remove(_outsideLegend);
            _outsideLegend = null;
            _plot.ShowLegend(Alignment(position));
        }

        private static LinePattern Pattern(LineStyle s) => s switch
        {
            LineStyle.Dashed => LinePattern.Dashed,
            LineStyle.Dotted => LinePattern.Dotted,
            _ => LinePattern.Solid,
        };

        private static Alignment Alignment(LegendPosition p) => p switch
        {
            LegendPosition.UpperLeft => ScottPlot.Alignment.UpperLeft,
            LegendPosition.UpperRight => ScottPlot.Alignment.UpperRight,
            LegendPosition.LowerLeft => ScottPlot.Alignment.LowerLeft,
            _ => ScottPlot.Alignment.LowerRight,
        };
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
}
