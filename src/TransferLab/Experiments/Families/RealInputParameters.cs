using TransferLab.Data.Readers;
using TransferLab.Numerics;
using TransferLab.Schema;
using TransferLab.Validation;

namespace TransferLab.Experiments.Families;

/// <summary>
/// The parameters that replace synthetic sphere inputs by rows of a user's data file (the "realistic data" check of
/// Shachaf et al. 2021; docs/shachaf2021.md), shared by the NTK theory and the shallow-ReLU simulation, and the input
/// pool they load (<see cref="RealInputs.Load"/>: centred, top-d principal components, unit rows). Nothing is downloaded.
/// </summary>
public static class RealInputParameters
{
    /// <summary>The parameters, in help order, read by <paramref name="usedBy"/>.</summary>
    public static IReadOnlyList<ParameterSpec> Specs(Compute usedBy) =>
    [
        new() { Name = "data", Kind = ParameterKind.FilePathList, UsedBy = usedBy,
            Doc = "Real-data file(s) whose rows replace the synthetic sphere inputs (cifar10/cifar100: one or more .bin batches; mnist: images then labels IDX file; csv: one numeric file). Rows are centred, projected on the top d principal components and scaled to unit norm. Nothing is downloaded." },
        new() { Name = "format", Kind = ParameterKind.Choice, UsedBy = usedBy, Default = "cifar10", Choices = RealInputs.Formats,
            Doc = "Format of the data files." },
        new() { Name = "label-column", Kind = ParameterKind.Text, UsedBy = usedBy,
            Doc = "csv only: name or 0-based index of a label column to exclude from the features." },
        new() { Name = "max-rows", Kind = ParameterKind.Integer, UsedBy = usedBy, Default = "5000", Min = 1,
            Doc = "Use at most this many rows of the data files (or of the data set's training split)." },
        new() { Name = "dataset", Kind = ParameterKind.Choice, UsedBy = usedBy, Default = "none", Choices = ["none", FashionMnist.Name],
            Doc = "A real data set read from disk instead of data files: fashion-mnist (training split; Debian package dataset-fashion-mnist, docs/realdata.md). Rows are treated like those of data files." },
        new() { Name = "data-dir", Kind = ParameterKind.Text, UsedBy = usedBy,
            Doc = "Directory holding the data set's files (default: $TRANSFERLAB_DATA, then /usr/share/datasets/fashion-mnist)." },
    ];

    /// <summary>Whether data files or a data set were given.</summary>
    public static bool Given(ParameterValues p) => p.OptionalPaths("data") is { Length: > 0 } || DataSet(p) != "none";

    private static string DataSet(ParameterValues p) => p.IsBound("dataset") ? p.Text("dataset") : "none";

    /// <summary>The d-dimensional input pool read from the data files or the data set, or null when neither was given.</summary>
    public static Matrix? LoadPool(ParameterValues p, int d)
    {
        var files = p.OptionalPaths("data");
        string dataset = DataSet(p);
        if (dataset != "none")
        {
            if (files is { Length: > 0 }) throw new ParameterException("dataset", dataset, "give either data files or a data set, not both");
            var images = FashionMnist.Load(DataSplit.Train, p.OptionalText("data-dir"));
            int n = Math.Min(p.Integer("max-rows"), images.Count);
            if (d > Math.Min(n, FashionMnist.PixelCount)) throw new ParameterException("d", d, $"must be ≤ min(rows, pixels) = {Math.Min(n, FashionMnist.PixelCount)}");
            var head = new Matrix(n, FashionMnist.PixelCount, images.Images.Data.AsSpan(0, n * FashionMnist.PixelCount).ToArray());
            return RealInputs.PrincipalSphere(head, d).X;
        }
        return files is { Length: > 0 } ? RealInputs.Load(p.Text("format"), files, p.Integer("max-rows"), d, p.OptionalText("label-column")).X : null;
    }
}
