using System.Text.Json.Serialization;

namespace TransferLab.Plotting;

/// <summary>
/// One drawing step of a <see cref="PlotDescription"/>: a series (theory line, simulation points, heatmap, boundary,
/// reference line) or an axis directive (y limits, fit y to the data, legend position). Layers are replayed in order by
/// <see cref="PlotRenderer"/>, so a directive acts on what was drawn before it. The style goes to the plot's JSON file
/// (with <c>kind</c> naming the layer type), the numbers (<see cref="Points"/>) to its CSV file (docs/architecture.md,
/// "Figures from tables").
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(TheoryLine), TheoryLine.Name)]
[JsonDerivedType(typeof(SimulationPoints), SimulationPoints.Name)]
[JsonDerivedType(typeof(HeatmapLayer), HeatmapLayer.Name)]
[JsonDerivedType(typeof(BoundaryCurve), BoundaryCurve.Name)]
[JsonDerivedType(typeof(ReferenceLine), ReferenceLine.Name)]
[JsonDerivedType(typeof(YLimits), YLimits.Name)]
[JsonDerivedType(typeof(FitYToData), FitYToData.Name)]
[JsonDerivedType(typeof(LegendInside), LegendInside.Name)]
public abstract record PlotLayer
{
    /// <summary>The layer's numbers (kept in the CSV file, not in the JSON).</summary>
    [JsonIgnore]
    public PlotPoints Points { get; init; } = PlotPoints.Empty;

    /// <summary>The layer type as the files spell it (the JSON <c>kind</c> and the CSV <c>kind</c> column).</summary>
    [JsonIgnore]
    public string Kind => s_kinds[GetType()];

    // The names declared once, in the JsonDerivedType attributes above.
    private static readonly Dictionary<Type, string> s_kinds = typeof(PlotLayer)
        .GetCustomAttributes(typeof(JsonDerivedTypeAttribute), false).Cast<JsonDerivedTypeAttribute>()
        .ToDictionary(a => a.DerivedType, a => (string)a.TypeDiscriminator!);
}

/// <summary>A theory curve through (x, y): line width 2, no markers.</summary>
/// <param name="Label">Legend entry (empty: none).</param>
/// <param name="Color">Palette index (<see cref="PlotStyle.ColorAt"/>).</param>
/// <param name="Line">Stroke.</param>
public sealed record TheoryLine(string Label, int Color, LineStyle Line) : PlotLayer
{
    /// <summary>The kind name in the files.</summary>
    public const string Name = "theory";
}

/// <summary>Simulation means at (x, y) with error bars at ±2 standard errors (columns x, y, se).</summary>
/// <param name="Label">Legend entry (empty: none).</param>
/// <param name="Color">Palette index.</param>
/// <param name="Marker">Point marker.</param>
/// <param name="XShift">Drawing offset along x (decades on a log axis) so that series at the same x do not hide each other; the stored x is unshifted.</param>
public sealed record SimulationPoints(string Label, int Color, PointMarker Marker, double XShift) : PlotLayer
{
    /// <summary>The kind name in the files.</summary>
    public const string Name = "simulation";
}

/// <summary>
/// Values on a rectangular grid as a colour map with a colour bar (columns x, y, value: one row per cell, cells row by row
/// with x varying fastest, y growing from row to row; cell centres evenly spaced).
/// </summary>
/// <param name="ColorbarLabel">Label of the colour bar.</param>
/// <param name="Diverging">A diverging map symmetric about 0 (else Viridis over the data range).</param>
/// <param name="Columns">Cells along x.</param>
/// <param name="Rows">Cells along y.</param>
public sealed record HeatmapLayer(string ColorbarLabel, bool Diverging, int Columns, int Rows) : PlotLayer
{
    /// <summary>The kind name in the files.</summary>
    public const string Name = "heatmap";
}

/// <summary>A boundary curve drawn on a heatmap: a white underlay under a coloured dashed or dotted line (columns x, y).</summary>
/// <param name="Label">Legend entry (empty: none); a labelled boundary shows the legend in the upper right corner.</param>
/// <param name="Color">Palette index.</param>
/// <param name="Line">Stroke of the coloured line.</param>
public sealed record BoundaryCurve(string Label, int Color, LineStyle Line) : PlotLayer
{
    /// <summary>The kind name in the files.</summary>
    public const string Name = "boundary";
}

/// <summary>A grey line across the whole data area at one position (column y for a horizontal line, x for a vertical one).</summary>
/// <param name="Orientation">Horizontal (y = const) or vertical (x = const).</param>
/// <param name="Label">Legend entry (empty: none).</param>
/// <param name="Line">Stroke.</param>
public sealed record ReferenceLine(LineOrientation Orientation, string Label, LineStyle Line) : PlotLayer
{
    /// <summary>The kind name in the files.</summary>
    public const string Name = "reference-line";
}

/// <summary>Sets the y range (on a log axis: in log₁₀ units, as drawn).</summary>
/// <param name="Min">Lower limit.</param>
/// <param name="Max">Upper limit.</param>
public sealed record YLimits(double Min, double Max) : PlotLayer
{
    /// <summary>The kind name in the files.</summary>
    public const string Name = "y-limits";
}

/// <summary>
/// Sets the y range to the values drawn so far (lines and means, not error bars) plus <paramref name="Pad"/> of their span
/// on each side (see <see cref="CurvePlot.FitYToData"/>).
/// </summary>
/// <param name="Pad">Margin as a fraction of the span.</param>
public sealed record FitYToData(double Pad) : PlotLayer
{
    /// <summary>The kind name in the files.</summary>
    public const string Name = "fit-y";
}

/// <summary>Moves the legend inside the data area, to a corner (by default a curve plot's legend sits outside, on the right).</summary>
/// <param name="Position">The corner.</param>
public sealed record LegendInside(LegendPosition Position) : PlotLayer
{
    /// <summary>The kind name in the files.</summary>
    public const string Name = "legend";
}
