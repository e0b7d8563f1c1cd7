namespace TransferLab.Plotting;

/// <summary>
/// The numbers of one plot layer, one entry per plotted point, as drawn (values a figure clips for the picture are stored
/// clipped; a simulation's x is stored before its drawing offset). A column the layer does not use is empty. In the
/// plot data file (<see cref="PlotFiles"/>) each entry is one row.
/// </summary>
/// <param name="X">Abscissae (heatmap: the cell centre's x, cells row by row).</param>
/// <param name="Y">Ordinates (simulation: the mean; heatmap: the cell centre's y).</param>
/// <param name="Se">Standard errors of simulation means (bars are drawn at ±2 SE).</param>
/// <param name="Value">Heatmap cell values.</param>
public sealed record PlotPoints(double[] X, double[] Y, double[] Se, double[] Value)
{
    /// <summary>No points (axis directives).</summary>
    public static PlotPoints Empty { get; } = new([], [], [], []);

    /// <summary>Number of rows the layer takes in the data file: the length of its longest column.</summary>
    public int Count => Math.Max(Math.Max(X.Length, Y.Length), Math.Max(Se.Length, Value.Length));
}
