namespace TransferLab.Plotting;

/// <summary>How a line is stroked.</summary>
public enum LineStyle
{
    /// <summary>A continuous line (theory curves by default).</summary>
    Solid,

    /// <summary>A dashed line (limits, guides, boundaries).</summary>
    Dashed,

    /// <summary>A dotted line (reference curves).</summary>
    Dotted,
}

/// <summary>The marker of simulation points, to tell series of one colour apart.</summary>
public enum PointMarker
{
    /// <summary>A filled circle (the default).</summary>
    Circle,

    /// <summary>A filled upward triangle.</summary>
    TriangleUp,

    /// <summary>A filled diamond.</summary>
    Diamond,
}

/// <summary>A corner of the data area for a legend drawn inside it.</summary>
public enum LegendPosition
{
    /// <summary>Upper left corner.</summary>
    UpperLeft,

    /// <summary>Upper right corner.</summary>
    UpperRight,

    /// <summary>Lower left corner.</summary>
    LowerLeft,

    /// <summary>Lower right corner.</summary>
    LowerRight,
}

/// <summary>The direction of a reference line across the whole data area.</summary>
public enum LineOrientation
{
    /// <summary>A line y = const.</summary>
    Horizontal,

    /// <summary>A line x = const.</summary>
    Vertical,
}
