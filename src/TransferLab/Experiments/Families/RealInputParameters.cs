using TransferLab.Data.Readers;
using TransferLab.Numerics;
using TransferLab.Schema;

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
            Doc = "Use at most this many rows of the data files." },
    ];

    /// <summary>Whether data files were given.</summary>
    public static bool Given(ParameterValues p) => p.OptionalPaths("data") is { Length: > 0 };

    /// <summary>The d-dimensional input pool read from the data files, or null when none were given.</summary>
    public static Matrix? LoadPool(ParameterValues p, int d) => p.OptionalPaths("data") is { Length: > 0 } files
        ? RealInputs.Load(p.Text("format"), files, p.Integer("max-rows"), d, p.OptionalText("label-column")).X
        : null;
}
