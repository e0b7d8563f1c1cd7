using TransferLab.Numerics;
using TransferLab.Validation;

namespace TransferLab.Data.Readers;

/// <summary>
/// Turns a real data file into inputs for the teacher–student experiments ("realistic data", Shachaf et al.): rows are
/// centred, projected on their top-d principal components (thin SVD of the centred matrix) and scaled to the unit sphere
/// (the NTK analysis assumes ‖x‖ = 1). Labels of the file are kept for label-defined tasks. Nothing is downloaded.
/// </summary>
public static class RealInputs
{
    /// <summary>Formats understood by <see cref="Load"/>.</summary>
    public static readonly string[] Formats = ["cifar10", "cifar100", "mnist", "csv"];

    /// <summary>Inputs (n×d, unit rows) and the file's labels (empty when the format has none).</summary>
    public sealed record Inputs(Matrix X, double[] Labels, string Source, double ExplainedVariance);

    /// <summary>
    /// Loads <paramref name="paths"/> in <paramref name="format"/> (mnist: images file then labels file; csv: one file, with
    /// optional <paramref name="labelColumn"/>), keeps the first <paramref name="maxRows"/> rows, and reduces to
    /// <paramref name="dims"/> principal components on the unit sphere.
    /// </summary>
    public static Inputs Load(string format, IReadOnlyList<string> paths, int maxRows, int dims, string? labelColumn = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        Require.Positive("max-rows", maxRows);
        Require.Positive("d", dims);
        Matrix raw;
        double[] labels;
        string f = format.Trim().ToLowerInvariant().Replace("-", "");
        switch (f)
        {
            case "cifar10":
            case "cifar100":
            {
                var d = CifarReader.Read(paths, CifarReader.ParseVariant(f), PixelScaling.UnitInterval, maxRows);
                raw = d.Images; labels = d.Labels.Select(v => (double)v).ToArray();
                break;
            }
            case "mnist":
            {
                if (paths.Count != 2) throw new ParameterException("data", paths.Count, "mnist needs two files: images then labels");
                var d = MnistIdxReader.Read(paths[0], paths[1]);
                raw = Head(d.Images, maxRows); labels = d.Labels.Take(raw.Rows).Select(v => (double)v).ToArray();
                break;
            }
            case "csv":
            {
                if (paths.Count != 1) throw new ParameterException("data", paths.Count, "csv needs exactly one file");
                var t = CsvMatrixReader.Read(paths[0], labelColumn);
                raw = Head(t.Features, maxRows); labels = t.Labels?.Take(raw.Rows).ToArray() ?? [];
                break;
            }
            default:
                throw new ParameterException("format", format, "must be one of " + string.Join(", ", Formats));
        }
        if (dims > Math.Min(raw.Rows, raw.Cols))
            throw new ParameterException("d", dims, $"must be ≤ min(rows, columns) = {Math.Min(raw.Rows, raw.Cols)} of {string.Join(",", paths)}");
        var (x, explained) = PrincipalSphere(raw, dims);
        return new Inputs(x, labels, string.Join(",", paths), explained);
    }

    /// <summary>Centres the columns, projects on the top <paramref name="dims"/> right singular vectors, scales rows to unit norm.</summary>
    public static (Matrix X, double ExplainedVariance) PrincipalSphere(Matrix raw, int dims)
    {
        int n = raw.Rows, p = raw.Cols;
        var c = raw.Clone();
        for (int j = 0; j < p; j++)
        {
            double mean = 0;
            for (int i = 0; i < n; i++) mean += c.Data[i * p + j];
            mean /= n;
            for (int i = 0; i < n; i++) c.Data[i * p + j] -= mean;
        }
        var svd = LinearAlgebra.Svd(c);
        double total = svd.S.Sum(s => s * s), kept = svd.S.Take(dims).Sum(s => s * s);
        var x = new Matrix(n, dims);
        for (int i = 0; i < n; i++)
            for (int k = 0; k < dims; k++) x[i, k] = svd.U[i, k] * svd.S[k];
        ReluInputs.NormalizeRows(x);
        return (x, total > 0 ? kept / total : 0);
    }

    private static Matrix Head(Matrix m, int rows)
    {
        if (rows >= m.Rows) return m;
        var h = new Matrix(rows, m.Cols);
        Array.Copy(m.Data, h.Data, rows * m.Cols);
        return h;
    }
}
