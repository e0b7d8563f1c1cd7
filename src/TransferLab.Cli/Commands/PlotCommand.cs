using System.CommandLine;
using TransferLab.Experiments;
using TransferLab.Plotting;

namespace TransferLab.Cli.Commands;

/// <summary>
/// <c>transferlab plot DIR</c>: redraws every figure in an output directory from its plot description files
/// (<c>NAME-plot.json</c> + <c>NAME-plot.csv</c>) without recomputing; the images are the ones <c>reproduce</c> wrote
/// (docs/architecture.md, "Figures from tables").
/// </summary>
public sealed class PlotCommand : ICliModule
{
    /// <inheritdoc />
    public void Register(CliRoot root)
    {
        if (!root.Builds("plot")) return;
        var dir = new Argument<string>("dir") { Description = "Directory a figure was written into (by `reproduce`, the gallery or `--out`): every NAME-plot.json there is redrawn." };
        var outDir = new Option<string?>("--out") { Description = "Directory for the images (created if missing; default: DIR itself, replacing the images there)." };
        var format = new Option<string>("--format")
        {
            Description = "Image files to write: png, svg or both.",
            DefaultValueFactory = _ => "both",
        };
        // A validator rather than AcceptOnlyFromAmong: its error is the house one-liner ("--format = gif: expected …").
        format.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string>() is not ("png" or "svg" or "both")) r.AddError("expected one of png, svg, both");
        });
        var cmd = new Command("plot", "Redraw figures from their plot data files (NAME-plot.csv + NAME-plot.json) without recomputing: the same PNG/SVG files the run wrote.")
        {
            dir, outDir, format,
        };
        CliRoot.SetAction(cmd, p =>
        {
            string source = p.GetValue(dir)!;
            // Checked before anything is created, so a mistyped DIR is reported as such (not as an empty --out).
            int descriptions = PlotDirectory.Find(source, "dir").Count;
            string target = FigureRunner.PrepareOutputDirectory(p.GetValue(outDir) ?? source);
            var formats = p.GetValue(format) switch
            {
                "png" => ImageFormats.Png,
                "svg" => ImageFormats.Svg,
                _ => ImageFormats.Both,
            };
            var written = PlotDirectory.Redraw(source, target, formats, "dir");
            foreach (var file in written) Console.Out.WriteLine(file);
            Console.Out.WriteLine($"{written.Count} image files redrawn from {descriptions} plot descriptions in {source}");
            return 0;
        });
        root.Root.Subcommands.Add(cmd);
    }
}
