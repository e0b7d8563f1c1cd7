using System.Globalization;
using System.Text;
using TransferLab.Plotting;

namespace TransferLab.Experiments.Studies;

/// <summary>
/// The plots of a collected study: for each summary quantity, the quantity against the first swept parameter, one
/// line per value of the second (theory as lines; simulation means with ±2 SE bars), one plot per combination of any
/// further swept parameters. A theory-only study plots the outputs that vary and are not a swept parameter echoed
/// back. The x axis is logarithmic when the values are positive and geometrically spaced over at least a decade
/// (docs/studies.md, "Collect"); the y axis is logarithmic when the values are positive and span two decades.
/// </summary>
internal static class StudyPlots
{
    /// <summary>Writes the plots into <paramref name="directory"/>, adds their names to <paramref name="files"/>, and returns why any were skipped.</summary>
    public static IReadOnlyList<string> Write(StudyPlan plan, StudyCollector.SummaryData summary, string directory, List<string> files)
    {
        var skipped = new List<string>();
        var sweep = plan.Spec.Sweep;
        if (sweep.Count == 0) return ["no swept parameter: nothing to plot against"];
        var xAxis = sweep[0];
        var x = new double[xAxis.Values.Count];
        for (int i = 0; i < x.Length; i++)
            if (!double.TryParse(xAxis.Values[i], NumberStyles.Float, CultureInfo.InvariantCulture, out x[i]))
                return [$"{xAxis.Name} is not numeric: no plots"];
        bool logX = IsGeometric(x);
        int stride0 = sweep.Skip(1).Aggregate(1, (n, a) => n * a.Values.Count);
        int lines = sweep.Count > 1 ? sweep[1].Values.Count : 1;
        int stride1 = sweep.Skip(2).Aggregate(1, (n, a) => n * a.Values.Count);
        int combos = stride1;
        if (lines > 10) skipped.Add($"{sweep[1].Name} has {lines} values: the plots show the first 10 lines");

        var quantities = summary.Quantities.Where(q => summary.Simulated || Varies(summary, q) && !Echo(plan, q)).ToList();
        int written = 0;
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var q in quantities)
            for (int combo = 0; combo < combos; combo++)
            {
                if (written >= StudyCollector.MaxPlots)
                {
                    skipped.Add($"more than {StudyCollector.MaxPlots} plots: the rest ({q} onwards) not drawn");
                    return skipped;
                }
                string rest = string.Join(", ", sweep.Skip(2).Select((a, k) => $"{a.Name} = {a.Values[combo / sweep.Skip(3 + k).Aggregate(1, (n, b) => n * b.Values.Count) % a.Values.Count]}"));
                var plot = new CurvePlot($"{plan.Family.Name}: {q}" + (rest.Length > 0 ? $" ({rest})" : ""), xAxis.Name, q, logX: logX, logY: SpansDecades(summary, q));
                bool any = false;
                for (int line = 0; line < Math.Min(lines, 10); line++)
                {
                    // Points where a value is not finite (a risk that diverges at n = d, say) are left out, not drawn off the chart.
                    var xt = new List<double>();
                    var theory = new List<double>();
                    var xm = new List<double>();
                    var mean = new List<double>();
                    var se = new List<double>();
                    for (int i = 0; i < x.Length; i++)
                    {
                        int point = i * stride0 + line * stride1 + combo;
                        if (!summary.Cells[q].TryGetValue(point, out var cell)) continue;
                        if (double.IsFinite(cell.Theory))
                        {
                            xt.Add(x[i]);
                            theory.Add(cell.Theory);
                        }
                        if (cell.Simulation is { } c && double.IsFinite(c.Mean) && double.IsFinite(c.StandardError))
                        {
                            xm.Add(x[i]);
                            mean.Add(c.Mean);
                            se.Add(c.StandardError);
                        }
                    }
                    if (xt.Count == 0 && xm.Count == 0) continue;
                    any = true;
                    string label = sweep.Count > 1 ? $"{sweep[1].Name} = {sweep[1].Values[line]}" : "";
                    if (xt.Count > 0) plot.AddTheory(summary.Simulated ? (label.Length > 0 ? $"theory, {label}" : "theory") : label, xt.ToArray(), theory.ToArray(), line);
                    if (xm.Count > 0) plot.AddSimulation(label.Length > 0 ? $"simulation, {label}" : "simulation", xm.ToArray(), mean.ToArray(), se.ToArray(), line);
                }
                if (!any) continue;
                string name = Unique(names, "plot-" + Slug(q) + (rest.Length > 0 ? "-" + Slug(rest) : ""));
                // Like a figure: the plot description as data files, the images drawn from them (so `plot DIR` redraws them).
                var saved = new SavedPlot(name, 900, 560, plot.Plot);
                PlotFiles.Write(directory, saved);
                PlotRenderer.SaveImages(PlotFiles.Read(Path.Combine(directory, PlotFiles.JsonName(name))), directory, ImageFormats.Both);
                files.AddRange([PlotFiles.CsvName(name), PlotFiles.JsonName(name), name + ".png", name + ".svg"]);
                written++;
            }
        return skipped;
    }

    private static bool Varies(StudyCollector.SummaryData s, string q)
    {
        var cells = s.Cells[q].Values;
        double first = cells.First().Theory;
        return cells.Any(c => !c.Theory.Equals(first));
    }

    // A theory output that only repeats a parameter (the payload echoes d, n, …): its last name is the parameter's.
    private static bool Echo(StudyPlan plan, string q) =>
        plan.ParameterColumns.Any(p => p.Replace('-', '_') == q.Split('.')[^1]);

    // Risks and errors spanning two decades or more read best on a log axis; any value ≤ 0 keeps it linear (non-finite ones are not drawn).
    private static bool SpansDecades(StudyCollector.SummaryData s, string q)
    {
        double lo = double.PositiveInfinity, hi = 0;
        foreach (var cell in s.Cells[q].Values)
        {
            foreach (double v in new[] { cell.Theory, cell.Simulation?.Mean ?? cell.Theory })
            {
                if (double.IsInfinity(v) || double.IsNaN(v)) continue;
                if (!(v > 0)) return false;
                lo = Math.Min(lo, v);
                hi = Math.Max(hi, v);
            }
        }
        return hi / lo >= 100;
    }

    private static bool IsGeometric(double[] x)
    {
        var v = x.Order().ToArray();
        if (v.Length < 3 || v[0] <= 0 || v[^1] / v[0] < 10) return false;
        double ratio = v[1] / v[0];
        for (int i = 2; i < v.Length; i++)
            if (Math.Abs(v[i] / v[i - 1] / ratio - 1) > 0.05) return false;
        return true;
    }

    private static string Slug(string s)
    {
        var sb = new StringBuilder();
        foreach (char c in s.ToLowerInvariant())
            sb.Append(char.IsAsciiLetterOrDigit(c) || c == '.' ? c : '-');
        var slug = string.Join("-", sb.ToString().Split('-', StringSplitOptions.RemoveEmptyEntries));
        return slug.Length > 80 ? slug[..80] : slug;
    }

    private static string Unique(HashSet<string> names, string name)
    {
        string candidate = name;
        for (int k = 2; !names.Add(candidate); k++) candidate = $"{name}-{k}";
        return candidate;
    }
}
