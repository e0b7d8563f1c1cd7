namespace TransferLab.Experiments.Families;

/// <summary>A block of a terminal report.</summary>
public abstract record ReportBlock;

/// <summary>A table with a title, headers and rows of cells.</summary>
public sealed record ReportTable(string? Title, IReadOnlyList<string> Headers, IReadOnlyList<object?[]> Rows) : ReportBlock;

/// <summary>A record shown as quantity / value pairs (its public properties).</summary>
public sealed record ReportRecord(string? Title, object Value) : ReportBlock;

/// <summary>A line of text.</summary>
public sealed record ReportLine(string Text) : ReportBlock;

/// <summary>What a computation shows in the terminal: blocks in order. Building it does no I/O.</summary>
public sealed class Report
{
    private readonly List<ReportBlock> _blocks = new();

    /// <summary>The blocks, in order.</summary>
    public IReadOnlyList<ReportBlock> Blocks => _blocks;

    /// <summary>Adds a table.</summary>
    public Report Table(string? title, string[] headers, IEnumerable<object?[]> rows)
    {
        _blocks.Add(new ReportTable(title, headers, rows.ToList()));
        return this;
    }

    /// <summary>Adds a record.</summary>
    public Report Record(object value, string? title = null)
    {
        _blocks.Add(new ReportRecord(title, value));
        return this;
    }

    /// <summary>Adds a line.</summary>
    public Report Line(string text)
    {
        _blocks.Add(new ReportLine(text));
        return this;
    }
}
