using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace TransferLab.Experiments;

/// <summary>
/// A tidy ("long") results table: named columns, one observation per row, values of any simple type.
/// Written as RFC-4180 CSV with invariant culture and round-trip doubles so pandas reads it exactly.
/// </summary>
public sealed class TidyTable
{
    private readonly List<object?[]> _rows = new();
    private readonly object _lock = new();

    /// <summary>Column names in order.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Creates a table with the given columns.</summary>
    public TidyTable(params string[] columns)
    {
        if (columns.Length == 0) throw new ArgumentException("a table needs at least one column", nameof(columns));
        if (columns.Distinct().Count() != columns.Length) throw new ArgumentException("column names must be unique", nameof(columns));
        Columns = columns;
    }

    /// <summary>Rows in insertion order.</summary>
    public IReadOnlyList<object?[]> Rows
    {
        get { lock (_lock) return _rows.ToList(); }
    }

    /// <summary>Number of rows.</summary>
    public int Count
    {
        get { lock (_lock) return _rows.Count; }
    }

    /// <summary>Appends a row (thread-safe); values in column order.</summary>
    public TidyTable Add(params object?[] values)
    {
        if (values.Length != Columns.Count)
            throw new ArgumentException($"row has {values.Length} values, table has {Columns.Count} columns ({string.Join(", ", Columns)})");
        lock (_lock) _rows.Add(values);
        return this;
    }

    /// <summary>Index of a column by name.</summary>
    public int IndexOf(string column)
    {
        for (int i = 0; i < Columns.Count; i++) if (Columns[i] == column) return i;
        throw new ArgumentException($"no column '{column}' (columns: {string.Join(", ", Columns)})", nameof(column));
    }

    /// <summary>Values of one column converted to double.</summary>
    public double[] Doubles(string column)
    {
        int j = IndexOf(column);
        return Rows.Select(r => Convert.ToDouble(r[j], CultureInfo.InvariantCulture)).ToArray();
    }

    /// <summary>Rows whose column equals the value.</summary>
    public TidyTable Where(string column, object value)
    {
        int j = IndexOf(column);
        var t = new TidyTable(Columns.ToArray());
        foreach (var r in Rows) if (Equals(r[j], value) || (r[j]?.ToString() == value.ToString())) t.Add(r);
        return t;
    }

    /// <summary>
    /// Groups by the given columns and reports the mean, the standard error of the mean (sample SD/√n)
    /// and n of <paramref name="value"/>; groups keep first-appearance order.
    /// </summary>
    public TidyTable Summarize(string[] groupBy, string value)
    {
        var keys = groupBy.Select(IndexOf).ToArray();
        int v = IndexOf(value);
        var groups = new List<(object?[] key, List<double> xs)>();
        var index = new Dictionary<string, int>();
        foreach (var r in Rows)
        {
            var key = keys.Select(k => r[k]).ToArray();
            string id = string.Join("\u001f", key.Select(Format));
            if (!index.TryGetValue(id, out int gi))
            {
                gi = groups.Count;
                index[id] = gi;
                groups.Add((key, new List<double>()));
            }
            groups[gi].xs.Add(Convert.ToDouble(r[v], CultureInfo.InvariantCulture));
        }
        var t = new TidyTable(groupBy.Concat(["mean", "se", "n"]).ToArray());
        foreach (var (key, xs) in groups)
        {
            var (mean, se) = Statistics.MeanAndStandardError(xs);
            t.Add(key.Concat([mean, se, xs.Count]).ToArray());
        }
        return t;
    }

    internal static string Format(object? v) => v switch
    {
        null => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };

    /// <summary>Writes the table as CSV.</summary>
    public void WriteCsv(TextWriter writer)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture) { NewLine = "\n" };
        using var csv = new CsvWriter(writer, config, leaveOpen: true);
        foreach (var c in Columns) csv.WriteField(c);
        csv.NextRecord();
        foreach (var r in Rows)
        {
            foreach (var v in r) csv.WriteField(Format(v));
            csv.NextRecord();
        }
        csv.Flush();
    }

    /// <summary>Reads a CSV written by <see cref="WriteCsv"/> (all values as strings, or doubles where they parse).</summary>
    public static TidyTable ReadCsv(TextReader reader)
    {
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture));
        csv.Read();
        csv.ReadHeader();
        var header = csv.HeaderRecord ?? throw new InvalidDataException("CSV has no header");
        var t = new TidyTable(header);
        while (csv.Read())
        {
            var row = new object?[header.Length];
            for (int i = 0; i < header.Length; i++)
            {
                string s = csv.GetField(i) ?? "";
                row[i] = double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : s;
            }
            t.Add(row);
        }
        return t;
    }
}
