namespace TransferLab.Plotting;

/// <summary>A plot as a figure saves it: its file stem, its image size and what it draws.</summary>
/// <param name="Name">File stem: the images are <c>Name.png</c> and <c>Name.svg</c>, the description <c>Name-plot.json</c> + <c>Name-plot.csv</c>.</param>
/// <param name="Width">Image width in pixels.</param>
/// <param name="Height">Image height in pixels.</param>
/// <param name="Plot">The recorded plot.</param>
public sealed record SavedPlot(string Name, int Width, int Height, PlotDescription Plot);
