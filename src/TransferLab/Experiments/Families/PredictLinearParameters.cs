using TransferLab.Data.Readers;
using TransferLab.Schema;

namespace TransferLab.Experiments.Families;

/// <summary>What <c>predict linear</c> was asked, read from its bound parameters.</summary>
/// <param name="Task">The practitioner's statistics: input rows, θ_S, θ_T or labels, σ.</param>
/// <param name="Inputs">The file the input rows came from (for the manifest).</param>
/// <param name="SampleSizes">Target sample sizes n, distinct and ascending.</param>
/// <param name="Epsilon">ε of the sample complexity n*(ε), or null for none.</param>
/// <param name="Check">Bootstrap designs per n (0 = theory only).</param>
public sealed record PredictLinearRequest(PractitionerTask Task, string Inputs, IReadOnlyList<int> SampleSizes, double? Epsilon, int Check);

/// <summary>
/// The parameters of the practitioner's predictor (<see cref="LinearTransferPredictor"/>, Shachaf et al. 2021 with the
/// user's own statistics; docs/shachaf2021.md), declared once: the command line's <c>predict linear</c> options, their
/// help and their validation come from <see cref="Schema"/>. The run settings (seed, threads, output directory) are
/// the front end's, as for every model family.
/// </summary>
public static class PredictLinearParameters
{
    /// <summary>The predictor's parameters, in help order. It computes the theory and, with <c>check</c>, its bootstrap check: bind for <see cref="Compute.Both"/>.</summary>
    public static ModelSchema Schema { get; } = new("predict-linear", Compute.Both,
    [
        new() { Name = "inputs", Kind = ParameterKind.FilePath, Required = true,
            Doc = "CSV of target inputs, one sample per row (optional header). Their second-moment matrix XᵀX/N is used as Σ (no intercept: add a constant column if you need one)." },
        new() { Name = "label-column", Kind = ParameterKind.Text,
            Doc = "Name or 0-based index of a label column in the inputs file; with no target-weights, θ_T is fitted by least squares (needs more rows than features) and σ from its residuals." },
        new() { Name = "source-weights", Kind = ParameterKind.FilePath, Required = true,
            Doc = "File with the pretrained weights θ_S: d numbers, one per line or comma separated." },
        new() { Name = "target-weights", Kind = ParameterKind.FilePath,
            Doc = "File with the target weights θ_T (same format), if known." },
        new() { Name = "sigma", Kind = ParameterKind.Real, Min = 0, Max = 1e100,
            Doc = "Label-noise standard deviation σ (default: 0 with target-weights, the residual estimate with label-column)." },
        new() { Name = "n", Kind = ParameterKind.IntegerList, Min = 1,
            Doc = "Target sample sizes (default: 16 log-spaced values from 1 to 2d)." },
        new() { Name = "epsilon", Kind = ParameterKind.Real, Min = 0, MinExclusive = true,
            Doc = "Also report n*(ε) = min{n : predicted excess risk ≤ ε} for fine-tuning and scratch." },
        new() { Name = "check", Kind = ParameterKind.Integer, Default = "0", Min = 0, Max = 10_000,
            Doc = "Bootstrap check: for each n, K designs resampled from your input rows with labels xᵀθ_T + σε, solved exactly (0 = theory only; otherwise K ≥ 2, a standard error needs two runs)." },
    ]);

    /// <summary>Reads the files and builds the request (file format errors name the file; <see cref="LinearTransferPredictor"/> checks shapes).</summary>
    public static PredictLinearRequest Read(ParameterValues p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var table = CsvMatrixReader.Read(p.Text("inputs"), p.OptionalText("label-column"));
        var source = ReadWeights(p.Text("source-weights"), "source-weights");
        var target = p.OptionalText("target-weights") is { } file ? ReadWeights(file, "target-weights") : null;
        int check = LinearTransferPredictor.ValidCheck(p.Integer("check"));
        var sizes = p.IsGiven("n") ? p.Integers("n").Distinct().Order().ToList() : DefaultSampleSizes(table.Features.Cols);
        var task = new PractitionerTask(table.Features, source, target, table.Labels, p.OptionalReal("sigma"));
        return new PredictLinearRequest(task, table.Source, sizes, p.OptionalReal("epsilon"), check);
    }

    /// <summary>
    /// Estimated peak memory, sized from the inputs file's column count d (its first line) and its length before it is
    /// read: the rows (at most one value per two bytes), Σ and its eigendecomposition (~8 d²), and with check the
    /// <paramref name="threads"/> bootstrap designs of the largest n (~3 n·d each).
    /// </summary>
    public static MemoryEstimate EstimateMemory(ParameterValues p, int threads)
    {
        string path = p.Text("inputs");
        double d = CsvMatrixReader.ColumnCount(path);
        double values = new FileInfo(path).Length / 2.0;
        double nMax = p.IsGiven("n") ? p.Integers("n").Max() : 2 * d;
        double check = p.Integer("check") > 0 ? MemoryEstimate.InFlight(threads, p.Integer("check")) * 3 * nMax * d : 0;
        return MemoryEstimate.OfDoubles(2 * values + 8 * d * d + check, "inputs", "n", "check", "threads");
    }

    /// <summary>16 log-spaced sample sizes from 1 to 2d (duplicates removed).</summary>
    public static List<int> DefaultSampleSizes(int d)
    {
        int max = Math.Max(2, 2 * d);
        return Enumerable.Range(0, 16).Select(i => (int)Math.Round(Math.Pow(max, i / 15.0))).Distinct().ToList();
    }

    /// <summary>Reads d weights from a file: one per line, or comma separated on one line (a header line is allowed).</summary>
    /// <remarks>Errors name <paramref name="parameter"/> and the path (the same file may also be given as the inputs).</remarks>
    private static double[] ReadWeights(string path, string parameter)
    {
        Numerics.Matrix m;
        try { m = CsvMatrixReader.Read(path).Features; }
        catch (DataFormatException e) { throw new Validation.ParameterException(parameter, path, e.Message.StartsWith(path + ": ", StringComparison.Ordinal) ? e.Message[(path.Length + 2)..] : e.Message); }
        if (m.Rows != 1 && m.Cols != 1)
            throw new Validation.ParameterException(parameter, path, $"is a {m.Rows}×{m.Cols} table; expected one row or one column of weights");
        return (double[])m.Data.Clone();
    }
}
