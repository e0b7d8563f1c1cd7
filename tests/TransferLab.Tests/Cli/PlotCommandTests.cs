namespace TransferLab.Tests.Cli;

/// <summary><c>transferlab plot DIR</c>: redraws a reproduced figure from its plot files, byte for byte, without recomputing.</summary>
[Collection("console")]
public sealed class PlotCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"transferlab-plot-cli-{Guid.NewGuid():N}");

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public void PlotRedrawsTheImagesThatReproduceWrote()
    {
        var (code, _, err) = CliHarness.Run("reproduce", "tahir-scratch", "--quick", "--out", _dir, "--threads", "2");
        Assert.True(code == 0, err);
        var images = Directory.GetFiles(_dir).Where(f => f.EndsWith(".png") || f.EndsWith(".svg")).Order(StringComparer.Ordinal).ToList();
        Assert.Equal([Path.Combine(_dir, "tahir-scratch.png"), Path.Combine(_dir, "tahir-scratch.svg")], images);
        var before = images.Select(File.ReadAllBytes).ToList();
        var csvBefore = Directory.GetFiles(_dir, "*.csv").ToDictionary(f => f, File.ReadAllBytes);
        foreach (var image in images) File.Delete(image);

        (code, var output, err) = CliHarness.Run("plot", _dir);

        Assert.True(code == 0, err);
        Assert.Contains("2 image files redrawn from 1 plot descriptions", output);
        for (int i = 0; i < images.Count; i++) Assert.Equal(before[i], File.ReadAllBytes(images[i]));
        foreach (var (csv, bytes) in csvBefore) Assert.Equal(bytes, File.ReadAllBytes(csv)); // nothing recomputed or rewritten

        string other = Path.Combine(_dir, "svg-only");
        (code, _, err) = CliHarness.Run("plot", _dir, "--format", "svg", "--out", other);
        Assert.True(code == 0, err);
        Assert.Equal(["tahir-scratch.svg"], Directory.GetFiles(other).Select(Path.GetFileName));
        Assert.Equal(before[1], File.ReadAllBytes(Path.Combine(other, "tahir-scratch.svg")));
    }

    [Fact]
    public void ABadDirectoryExitsTwoNamingTheDirArgument()
    {
        var (code, _, err) = CliHarness.Run("plot", _dir);
        Assert.Equal(2, code);
        Assert.Equal($"error: <dir> = {_dir}: no such directory", err.Trim());
        Assert.False(Directory.Exists(_dir)); // nothing created for a mistyped DIR

        Directory.CreateDirectory(_dir);
        (code, _, err) = CliHarness.Run("plot", _dir);
        Assert.Equal(2, code);
        Assert.StartsWith($"error: <dir> = {_dir}: holds no plot descriptions", err.Trim());

        (code, _, err) = CliHarness.Run("plot", _dir, "--format", "gif");
        Assert.Equal(2, code);
        Assert.Equal("error: --format = gif: expected one of png, svg, both", err.Trim());
    }
}
