using System.CommandLine;
using Spectre.Console;
using TransferLab.Data.Readers;
using TransferLab.Validation;

namespace TransferLab.Cli.Commands;

/// <summary>
/// <c>transferlab data info|export</c>: the real data sets TransferLab reads from disk (Fashion-MNIST from the Debian package
/// dataset-fashion-mnist; nothing is downloaded; docs/realdata.md).
/// </summary>
public sealed class DataCommands : ICliModule
{
    /// <inheritdoc />
    public void Register(CliRoot root)
    {
        if (!root.Builds("data")) return;
        var data = new Command("data", "Real data sets read from disk (Fashion-MNIST: apt-get install dataset-fashion-mnist; nothing is downloaded).");
        data.Subcommands.Add(BuildInfo());
        data.Subcommands.Add(BuildExport());
        root.Root.Subcommands.Add(data);
    }

    private static Argument<string> DataSetArgument() => new("dataset") { Description = $"Data set name: {FashionMnist.Name}." };

    private static Option<string?> DataDir() => new("--data-dir")
    {
        Description = $"Directory holding the data set's files (default: ${FashionMnist.EnvironmentVariable}, then {FashionMnist.DefaultDirectory} from the Debian package {FashionMnist.DebianPackage}).",
    };

    private static void RequireKnown(string name)
    {
        if (name != FashionMnist.Name) throw new ParameterException("dataset", name, $"must be {FashionMnist.Name}");
    }

    private static Command BuildInfo()
    {
        var name = DataSetArgument();
        var dir = DataDir();
        var d = CommonOptions.WithDefault("--d", "Principal components kept in the PCA summary (variance fraction, effective rank of the top d).", 50);
        var top = CommonOptions.WithDefault("--top", "How many of the largest covariance eigenvalues to list.", 10);
        var rows = CommonOptions.WithDefault("--max-rows", "Training images the covariance is computed from.", 60000);
        var json = CommonOptions.Json();
        var cmd = new Command("info", "Counts, class names, label histogram and the pixel covariance spectrum (effective rank, top eigenvalues, variance kept by PCA to d) of a data set.")
        {
            name, dir, d, top, rows, json,
        };
        CliRoot.SetAction(cmd, p =>
        {
            RequireKnown(p.GetValue(name)!);
            var s = DataSetSummary.FashionMnist(p.GetValue(dir), p.GetValue(d), p.GetValue(top), p.GetValue(rows));
            if (p.GetValue(json)) { CliOutput.Print(s, true); return 0; }
            AnsiConsole.MarkupLine(Markup.Escape($"{s.Name} in {s.Directory}: {s.TrainImages} training and {s.TestImages} test images of {s.Pixels} pixels, {s.Classes.Count} classes"));
            CliOutput.PrintRows("Label histogram", ["label", "class", "train", "test"], s.Classes.Select(c => new object?[] { c.Label, c.Name, c.Train, c.Test }));
            CliOutput.PrintRows($"Pixel covariance (pixels in [0, 1], {s.CovarianceRows} training images)", ["quantity", "value"],
            [
                ["total variance tr Σ̂", s.TotalVariance],
                ["effective rank (Σλ)²/Σλ²", s.EffectiveRank],
                [$"top {s.TopEigenvalues.Count} eigenvalues", s.TopEigenvalues],
                [$"variance kept by PCA to d = {s.D}", s.ExplainedFraction],
                [$"effective rank of the top {s.D}", s.EffectiveRankTopD],
            ]);
            return 0;
        });
        return cmd;
    }

    private static Command BuildExport()
    {
        var name = DataSetArgument();
        var dir = DataDir();
        var d = CommonOptions.WithDefault("--d", "Principal components written (columns pc1…pcd; centred, not whitened).", 30);
        var rows = CommonOptions.WithDefault("--max-rows", "Training images written (the first ones; the PCA basis is fitted on them).", 10000);
        var labelClass = new Option<int?>("--label-class") { Description = "Write the centred one-vs-rest label 1{class = c} − fraction of c instead of the class (0–9)." };
        var weightsClass = new Option<int?>("--weights-class") { Description = "Also write the least-squares weights of 'this class vs rest' on the same rows (a pretrained linear model for predict linear)." };
        var weightsOut = new Option<string?>("--weights-out") { Description = "File for the weights of --weights-class (one per line)." };
        var outFile = new Option<string>("--out") { Description = "CSV file to write (header pc1…pcd,label; written atomically).", Required = true };
        var cmd = new Command("export", "Write a data set's rows as principal-component coordinates with a label column (CSV), e.g. for predict linear.")
        {
            name, dir, d, rows, labelClass, weightsClass, weightsOut, outFile,
        };
        CliRoot.SetAction(cmd, p =>
        {
            RequireKnown(p.GetValue(name)!);
            string csv = p.GetValue(outFile)!;
            string? weights = p.GetValue(weightsOut);
            foreach (var (param, file) in new[] { ("out", csv), ("weights-out", weights) })
                if (file is not null && Path.GetDirectoryName(Path.GetFullPath(file)) is string parent && !Directory.Exists(parent))
                    throw new ParameterException(param, file, "its directory does not exist");
            var r = PrincipalExport.FashionMnist(p.GetValue(dir), p.GetValue(d), p.GetValue(rows), p.GetValue(labelClass), p.GetValue(weightsClass), csv, weights);
            AnsiConsole.MarkupLine(Markup.Escape($"wrote {r.Rows} rows × {r.D} principal components (variance kept {r.ExplainedFraction:F3}): {string.Join(", ", r.Files)}"));
            return 0;
        });
        return cmd;
    }
}
