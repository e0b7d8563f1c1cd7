using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace TransferLab.Cli;

/// <summary>Prints results either as JSON (for scripts) or as a readable table.</summary>
public static class CliOutput
{
    /// <summary>Serializer settings for --json output (the library's, shared with the web API).</summary>
    public static JsonSerializerOptions Json => TransferLab.Experiments.ResultJson.Options;

    /// <summary>
    /// Prints <paramref name="result"/>: as JSON when <paramref name="json"/>, otherwise as a two-column
    /// table of its public properties (nested sequences of records as sub-tables).
    /// </summary>
    public static void Print(object result, bool json, string? title = null)
    {
        if (json)
        {
            Console.Out.WriteLine(TransferLab.Experiments.ResultJson.Serialize(result));
            return;
        }
        var table = new Table().Border(TableBorder.Rounded);
        if (title != null) table.Title(Markup.Escape(title));
        table.AddColumn("quantity");
        table.AddColumn("value");
        foreach (var p in result.GetType().GetProperties())
        {
            var v = p.GetValue(result);
            table.AddRow(Markup.Escape(JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name)), Markup.Escape(FormatValue(v)));
        }
        AnsiConsole.Write(table);
    }

    /// <summary>Prints rows as a table with the given headers.</summary>
    public static void PrintRows(string? title, string[] headers, IEnumerable<object?[]> rows)
    {
        var table = new Table().Border(TableBorder.Rounded);
        if (title != null) table.Title(Markup.Escape(title));
        foreach (var h in headers) table.AddColumn(Markup.Escape(h));
        foreach (var r in rows) table.AddRow(r.Select(v => Markup.Escape(FormatValue(v))).ToArray());
        AnsiConsole.Write(table);
    }

    /// <summary>Formats a value for a table cell (6 significant digits for doubles).</summary>
    public static string FormatValue(object? v) => v switch
    {
        null => "",
        double d => d.ToString("G6", CultureInfo.InvariantCulture),
        System.Collections.IEnumerable e and not string => string.Join(", ", e.Cast<object?>().Select(FormatValue)),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };
}
