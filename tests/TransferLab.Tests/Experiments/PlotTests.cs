using TransferLab.Experiments;
using TransferLab.Plotting;
using TransferLab.Validation;

namespace TransferLab.Tests.Experiments;

/// <summary>
/// Figures from tables (docs/architecture.md): a plot is recorded as data, stored as NAME-plot.json + NAME-plot.csv,
/// read back exactly, and drawn only by <see cref="PlotRenderer"/>, so redrawing from the files gives the images a run wrote.
/// </summary>
public sealed class PlotTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"transferlab-plot-tests-{Guid.NewGuid():N}");

    public PlotTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    /// <summary>Every layer kind, with awkward numbers (NaN, ±∞, −0, 10⁻³⁰⁰, 0.1 + 0.2) and labels (comma, quote, Unicode).</summary>
    private static (PlotDescription Curves, PlotDescription Heatmap) Sample()
    {
        var c = new CurvePlot("Risk vs n, \"quoted\", with, commas — ‖θ‖²", "n", "risk", logX: true, logY: true);
        c.AddTheory("theory, dashed", [1, 2, 4, 8], [1, 0.5, double.NaN, 0.1 + 0.2], 0, dashed: true);
        c.AddTheory("", [1, 8], [1e-300, double.PositiveInfinity], 1, dotted: true);
        c.AddSimulation("simulation ▲", [1, 2, 4], [0.9, 0.45, 0.3], [0.05, -0.0, 0.01], 2, PointMarker.TriangleUp, 0.025);
        c.AddSimulation("", [], [], [], 3);
        c.FitYToData(0.1);
        c.AddZeroLine();
        c.AddVerticalLine(3, "reference");
        c.ShowLegend(LegendPosition.LowerRight);
        c.SetLimitsY(-1, 0.5);
        var values = new double[3, 2];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 2; j++) values[i, j] = i == 1 && j == 0 ? double.NaN : i - 2.5 * j;
        var h = new HeatmapPlot("Phase diagram", "θ", "α", [10, 20], [0.5, 1, 1.5], values, "T", diverging: true);
        h.AddBoundary("T = 0", [10, 15, 20], [0.5, 1, 1.5]);
        h.AddBoundary("", [10, 20], [1.5, 0.5], 7, dotted: true);
        return (c.Plot, h.Plot);
    }

    private static long[] Bits(double[] xs) => xs.Select(BitConverter.DoubleToInt64Bits).ToArray();

    [Fact]
    public void DescriptionRoundTripsThroughItsFilesExactly()
    {
        var (curves, heatmap) = Sample();
        foreach (var (name, plot) in new[] { ("curves", curves), ("heatmap", heatmap) })
        {
            PlotFiles.Write(_dir, new SavedPlot(name, 800, 500, plot));
            var back = PlotFiles.Read(Path.Combine(_dir, PlotFiles.JsonName(name)));
            Assert.Equal((name, 800, 500), (back.Name, back.Width, back.Height));
            Assert.Equal((plot.Title, plot.XLabel, plot.YLabel, plot.LogX, plot.LogY), (back.Plot.Title, back.Plot.XLabel, back.Plot.YLabel, back.Plot.LogX, back.Plot.LogY));
            Assert.Equal(plot.Layers.Count, back.Plot.Layers.Count);
            for (int i = 0; i < plot.Layers.Count; i++)
            {
                PlotLayer a = plot.Layers[i], b = back.Plot.Layers[i];
                Assert.Equal(a with { Points = PlotPoints.Empty }, b with { Points = PlotPoints.Empty });
                Assert.Equal(Bits(a.Points.X), Bits(b.Points.X));
                Assert.Equal(Bits(a.Points.Y), Bits(b.Points.Y));
                Assert.Equal(Bits(a.Points.Se), Bits(b.Points.Se));
                Assert.Equal(Bits(a.Points.Value), Bits(b.Points.Value));
            }
        }
        // The data file is tidy: one row per plotted point, the layer's kind and label on every row.
        var lines = File.ReadAllLines(Path.Combine(_dir, PlotFiles.CsvName("curves")));
        Assert.Equal("layer,kind,label,x,y,se,value", lines[0]);
        Assert.Equal("0,theory,\"theory, dashed\",1,1,,", lines[1]);
        Assert.Contains("5,reference-line,,,0,,", lines);
        Assert.Equal(1 + 4 + 2 + 3 + 0 + 1 + 1, lines.Length);
    }

    [Fact]
    public void ImagesFromTheFilesAreTheImagesOfTheRecordedPlot()
    {
        var (curves, heatmap) = Sample();
        foreach (var (name, plot) in new[] { ("curves", curves), ("heatmap", heatmap) })
        {
            PlotRenderer.SavePng(plot, Path.Combine(_dir, "direct.png"), 600, 400);
            PlotRenderer.SaveSvg(plot, Path.Combine(_dir, "direct.svg"), 600, 400);
            PlotFiles.Write(_dir, new SavedPlot(name, 600, 400, plot));
            var written = PlotRenderer.SaveImages(PlotFiles.Read(Path.Combine(_dir, PlotFiles.JsonName(name))), _dir, ImageFormats.Both);
            Assert.Equal([Path.Combine(_dir, name + ".png"), Path.Combine(_dir, name + ".svg")], written);
            Assert.Equal(File.ReadAllBytes(Path.Combine(_dir, "direct.png")), File.ReadAllBytes(written[0]));
            Assert.Equal(File.ReadAllBytes(Path.Combine(_dir, "direct.svg")), File.ReadAllBytes(written[1]));
        }
    }

    [Fact]
    public void ALegendMovedInsideLeavesNoLegendOutside()
    {
        var c = new CurvePlot("t", "x", "y");
        c.AddTheory("line", [1, 2], [1, 2], 0);
        static int OutsideLegends(PlotDescription d) => PlotRenderer.Render(d).Axes.GetPanels().Count(p => p.GetType().Name.Contains("Legend"));
        Assert.Equal(1, OutsideLegends(c.Plot));
        c.ShowLegend(LegendPosition.LowerRight);
        Assert.Equal(0, OutsideLegends(c.Plot));
        Assert.True(PlotRenderer.Render(c.Plot).Legend.IsVisible);
    }

    [Fact]
    public void SvgClipPathsAreNumberedInOrderOfAppearance()
    {
        string svg = "<clipPath id=\"cl_31f\"/><g clip-path=\"url(#cl_31f)\"/><clipPath id=\"cl_a\"/><g clip-path=\"url(#cl_a)\"/><text>cl_31f</text>";
        Assert.Equal("<clipPath id=\"cl_0\"/><g clip-path=\"url(#cl_0)\"/><clipPath id=\"cl_1\"/><g clip-path=\"url(#cl_1)\"/><text>cl_31f</text>",
            PlotRenderer.NumberClipPathsInOrder(svg));
    }

    [Theory]
    [InlineData("shachaf-linear-isotropic")] // curves on a log axis
    [InlineData("tahir-fig7")]               // heatmaps with boundaries
    public void RedrawingAFigureDirectoryGivesTheImagesTheRunWrote(string id)
    {
        var run = FigureRunner.Run(FigureCatalogue.Find(id), quick: true, _dir, seed: 1, threads: 2);
        var images = run.Files.Where(f => f.EndsWith(".png") || f.EndsWith(".svg")).ToList();
        Assert.NotEmpty(images);
        foreach (var image in images)
        {
            string stem = Path.Combine(_dir, Path.GetFileNameWithoutExtension(image));
            Assert.Contains(stem + PlotFiles.JsonSuffix, run.Files);
            Assert.Contains(stem + PlotFiles.CsvSuffix, run.Files);
        }
        var before = images.ToDictionary(f => f, File.ReadAllBytes);
        foreach (var image in images) File.Delete(image);

        var redrawn = PlotDirectory.Redraw(_dir, _dir, ImageFormats.Both);

        Assert.Equal(images.Order(StringComparer.Ordinal), redrawn.Order(StringComparer.Ordinal));
        foreach (var image in images) Assert.True(before[image].AsSpan().SequenceEqual(File.ReadAllBytes(image)), $"{Path.GetFileName(image)} differs after redrawing");
    }

    [Fact]
    public void ADirectoryWithoutPlotDescriptionsIsAParameterErrorNamingDir()
    {
        var missing = Assert.Throws<ParameterException>(() => PlotDirectory.Redraw(Path.Combine(_dir, "no-such"), _dir, ImageFormats.Both));
        Assert.Equal("dir", missing.Parameter);
        var empty = Assert.Throws<ParameterException>(() => PlotDirectory.Redraw(_dir, _dir, ImageFormats.Both));
        Assert.Equal("dir", empty.Parameter);
        Assert.Contains("-plot.json", empty.Rule);
    }

    [Fact]
    public void BrokenPlotFilesAreInvalidDataNamingTheFile()
    {
        var (curves, _) = Sample();
        PlotFiles.Write(_dir, new SavedPlot("p", 600, 400, curves));
        string json = Path.Combine(_dir, PlotFiles.JsonName("p")), csv = Path.Combine(_dir, PlotFiles.CsvName("p"));
        File.WriteAllText(csv, File.ReadAllText(csv).Replace("0,theory,\"theory, dashed\",1,1,,", "0,theory,x,1,one,,"));
        var e = Assert.Throws<InvalidDataException>(() => PlotFiles.Read(json));
        Assert.Contains(csv, e.Message);
        File.WriteAllText(json, File.ReadAllText(json).Replace(PlotFiles.Format, "something-else/9"));
        e = Assert.Throws<InvalidDataException>(() => PlotFiles.Read(json));
        Assert.Contains(json, e.Message);
        File.WriteAllText(json, "{ \"layers\": [ { \"kind\": \"no-such-layer\" } ] }");
        Assert.Throws<InvalidDataException>(() => PlotFiles.Read(json));
    }

    [Fact]
    public void RecordersRejectSeriesOfMismatchedLengths()
    {
        var c = new CurvePlot("t", "x", "y");
        Assert.Throws<ArgumentException>(() => c.AddTheory("", [1, 2], [1], 0));
        Assert.Throws<ArgumentException>(() => c.AddSimulation("", [1, 2], [1, 2], [1], 0));
        Assert.Throws<ArgumentException>(() => new HeatmapPlot("t", "x", "y", [1, 2], [1], new double[2, 2], "v"));
        Assert.Empty(c.Plot.Layers);
    }
}
