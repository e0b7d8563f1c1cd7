using TransferLab.Numerics;
using TransferLab.Validation;

namespace TransferLab.Data.Readers;

/// <summary>
/// Writes Fashion-MNIST rows as a numeric CSV for tools that read tables (e.g. <c>predict linear</c>): the top d principal
/// coordinates of the training split (centred, not whitened; the basis is fitted on the training rows read), one row per image,
/// and a label column: the class (0–9), or with a positive class the centred one-vs-rest label 1{class = c} − fraction of c.
/// Optionally also the least-squares weights of another one-vs-rest task on the same rows (a "pretrained" linear model).
/// </summary>
public static class PrincipalExport
{
    /// <summary>What was written.</summary>
    /// <param name="Rows">Rows written.</param>
    /// <param name="D">Columns (principal components).</param>
    /// <param name="ExplainedFraction">Variance fraction in the d components.</param>
    /// <param name="Files">Files written.</param>
    public sealed record Result(int Rows, int D, double ExplainedFraction, IReadOnlyList<string> Files);

    /// <summary>
    /// Exports <paramref name="rows"/> training rows with <paramref name="d"/> components to <paramref name="csvPath"/>. With
    /// <paramref name="weightsClass"/> and <paramref name="weightsPath"/>, also writes θ = Σ̂⁻¹XᵀY/N of "weights-class vs rest"
    /// fitted on the same rows (one weight per line).
    /// </summary>
    public static Result FashionMnist(string? dataDirectory, int d, int rows, int? labelClass, int? weightsClass, string csvPath, string? weightsPath)
    {
        ArgumentNullException.ThrowIfNull(csvPath);
        if (labelClass is int lc) Require.InRange("label-class", lc, 0, 9);
        if (weightsClass is int wc) Require.InRange("weights-class", wc, 0, 9);
        if ((weightsClass is null) != (weightsPath is null))
            throw new ParameterException(weightsClass is null ? "weights-out" : "weights-class", weightsPath ?? weightsClass.ToString()!, "weights-class and weights-out go together");
        var data = PrincipalRows.FashionMnistTrain(d, rows, dataDirectory, whiten: false);
        var labels = new double[data.Labels.Length];
        if (labelClass is int c)
        {
            double frac = data.Labels.Count(l => l == c) / (double)labels.Length;
            for (int i = 0; i < labels.Length; i++) labels[i] = (data.Labels[i] == c ? 1.0 : 0.0) - frac;
        }
        else
            for (int i = 0; i < labels.Length; i++) labels[i] = data.Labels[i];
        var names = Enumerable.Range(1, d).Select(k => "pc" + k).ToArray();
        CsvMatrixReader.Write(csvPath, data.X, labels, names);
        var files = new List<string> { csvPath };
        if (weightsClass is int w)
        {
            var pool = RealLinearPool.Create(data.X, data.Labels, data.Source);
            var theta = pool.Task(Readers.FashionMnist.ClassName(w), [w]).Theta;
            CsvMatrixReader.Write(weightsPath!, new Matrix(d, 1, theta), null, ["weight"]);
            files.Add(weightsPath!);
        }
        return new Result(data.Labels.Length, d, data.Components.ExplainedFraction(d), files);
    }
}
