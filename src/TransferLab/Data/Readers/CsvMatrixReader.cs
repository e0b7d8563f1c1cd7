using System.Globalization;
using System.Text;
using TransferLab.Numerics;
using TransferLab.Validation;

namespace TransferLab.Data.Readers;

/// <summary>A numeric table read from CSV: feature matrix, optional label column, column names.</summary>
/// <param name="Features">n×p numeric features.</param>
/// <param name="Labels">The label column (null when none was selected).</param>
/// <param name="FeatureNames">Header names of the feature columns (col0, col1… without a header).</param>
/// <param name="Source">File.</param>
public sealed record CsvTable(Matrix Features, double[]? Labels, string[] FeatureNames, string Source);

/// <summary>
/// Plain comma-separated numeric files (one sample per line, invariant culture, optional header, optional label column).
/// Quoted fields are not supported (numeric data only). A header is detected when the first line has a non-numeric cell.
/// Errors name the file, the line and the column.
/// </summary>
public static class CsvMatrixReader
{
    /// <summary>Reads <paramref name="path"/>. <paramref name="labelColumn"/>: a header name or a 0-based index, or null for no labels.</summary>
    public static CsvTable Read(string path, string? labelColumn = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: file not found", path);
        var lines = File.ReadAllLines(path, Encoding.UTF8).Select((l, i) => (Text: l.Trim(), Line: i + 1)).Where(t => t.Text.Length > 0 && !t.Text.StartsWith('#')).ToList();
        if (lines.Count == 0) throw new DataFormatException(path, "file has no data rows");
        var first = Split(lines[0].Text);
        // A header is a line of names: every cell non-numeric. A first line mixing numbers and text is a malformed row,
        // reported as such, not silently taken for a header (which would drop a sample).
        bool IsNumber(string c) => double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
        bool header = first.All(c => !IsNumber(c));
        if (!header && !first.All(IsNumber))
        {
            int j = Array.FindIndex(first, c => !IsNumber(c));
            throw new DataFormatException(path, $"line {lines[0].Line}, column {j + 1}: '{first[j]}' is not a finite number (a header line has names in every column)");
        }
        string[] names = header ? first : Enumerable.Range(0, first.Length).Select(i => "col" + i).ToArray();
        int cols = names.Length;
        int label = -1;
        if (labelColumn != null)
        {
            label = Array.IndexOf(names, labelColumn);
            if (label < 0 && int.TryParse(labelColumn, NumberStyles.Integer, CultureInfo.InvariantCulture, out int idx)) label = idx;
            if (label < 0 || label >= cols)
                throw new ParameterException("label-column", labelColumn, $"must be one of the {cols} column names or an index 0–{cols - 1} in {path}");
        }
        var rows = lines.Skip(header ? 1 : 0).ToList();
        if (rows.Count == 0) throw new DataFormatException(path, "file has a header but no data rows");
        int p = cols - (label >= 0 ? 1 : 0);
        var x = new Matrix(rows.Count, p);
        var y = label >= 0 ? new double[rows.Count] : null;
        for (int i = 0; i < rows.Count; i++)
        {
            var cells = Split(rows[i].Text);
            if (cells.Length != cols)
                throw new DataFormatException(path, $"line {rows[i].Line} has {cells.Length} fields, expected {cols}");
            int jj = 0;
            for (int j = 0; j < cols; j++)
            {
                if (!double.TryParse(cells[j], NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
                    throw new DataFormatException(path, $"line {rows[i].Line}, column {j + 1} ('{names[j]}'): '{cells[j]}' is not a finite number");
                if (j == label) y![i] = v;
                else x[i, jj++] = v;
            }
        }
        var featureNames = names.Where((_, j) => j != label).ToArray();
        return new CsvTable(x, y, featureNames, path);
    }

    /// <summary>Writes a numeric table (atomically), labels last under the header "label" when given. Round-trips with <see cref="Read"/> (R format).</summary>
    public static void Write(string path, Matrix features, double[]? labels = null, string[]? names = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (labels != null && labels.Length != features.Rows) throw new ParameterException("labels", labels.Length, $"must have {features.Rows} entries");
        names ??= Enumerable.Range(0, features.Cols).Select(j => "x" + j).ToArray();
        var sb = new StringBuilder();
        sb.AppendLine(string.Join(",", labels != null ? names.Append("label") : names));
        for (int i = 0; i < features.Rows; i++)
        {
            var cells = new List<string>();
            for (int j = 0; j < features.Cols; j++) cells.Add(features[i, j].ToString("R", CultureInfo.InvariantCulture));
            if (labels != null) cells.Add(labels[i].ToString("R", CultureInfo.InvariantCulture));
            sb.AppendLine(string.Join(",", cells));
        }
        ImageScaling.WriteAtomically(path, s => s.Write(Encoding.UTF8.GetBytes(sb.ToString())));
    }

    /// <summary>
    /// The number of columns of <paramref name="path"/>'s first data line, read without reading the rest: what a caller
    /// sizes its estimate by before reading the file (0 for an empty file).
    /// </summary>
    public static int ColumnCount(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        while (reader.ReadLine() is { } line)
        {
            string t = line.Trim();
            if (t.Length > 0 && !t.StartsWith('#')) return Split(t).Length;
        }
        return 0;
    }

    private static string[] Split(string line) => line.Split(',').Select(c => c.Trim()).ToArray();
}
