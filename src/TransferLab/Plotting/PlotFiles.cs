using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using CsvHelper;
using CsvHelper.Configuration;

namespace TransferLab.Plotting;

/// <summary>
/// Stores a <see cref="SavedPlot"/> as two files next to its images: <c>NAME-plot.json</c> (format tag, image size,
/// title, axis labels, log axes and the layers' styles in drawing order) and <c>NAME-plot.csv</c> (tidy: one row per
/// plotted point, columns <c>layer, kind, label, x, y, se, value</c>, <c>layer</c> indexing the JSON's layers), and reads
/// them back exactly (round-trip doubles). The format is documented in docs/architecture.md, "Figures from tables".
/// </summary>
public static class PlotFiles
{
    /// <summary>The format tag written into (and required in) every plot JSON file.</summary>
    public const string Format = "transferlab-plot/1";

    /// <summary>Ending of a plot description's JSON file name.</summary>
    public const string JsonSuffix = "-plot.json";

    /// <summary>Ending of a plot description's CSV file name.</summary>
    public const string CsvSuffix = "-plot.csv";

    /// <summary>The data columns, in file order.</summary>
    public static IReadOnlyList<string> Columns { get; } = ["layer", "kind", "label", "x", "y", "se", "value"];

    /// <summary>The JSON file name of the plot named <paramref name="name"/>.</summary>
    public static string JsonName(string name) => name + JsonSuffix;

    /// <summary>The CSV file name of the plot named <paramref name="name"/>.</summary>
    public static string CsvName(string name) => name + CsvSuffix;

    private sealed class PlotFile
    {
        public string Format { get; set; } = "";
        public string Data { get; set; } = "";
        public int Width { get; set; }
        public int Height { get; set; }
        public string Title { get; set; } = "";
        public string XLabel { get; set; } = "";
        public string YLabel { get; set; } = "";
        public bool LogX { get; set; }
        public bool LogY { get; set; }
        public List<PlotLayer> Layers { get; set; } = [];
    }

    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        // Symbols in titles (ρ, λ, ‖θ − θ₀‖²) stay readable UTF-8; these are data files, never embedded in HTML.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false) },
    };

    /// <summary>Writes <c>NAME-plot.json</c> and <c>NAME-plot.csv</c> into <paramref name="directory"/>.</summary>
    public static void Write(string directory, SavedPlot plot)
    {
        var p = plot.Plot;
        var file = new PlotFile
        {
            Format = Format, Data = CsvName(plot.Name), Width = plot.Width, Height = plot.Height,
            Title = p.Title, XLabel = p.XLabel, YLabel = p.YLabel, LogX = p.LogX, LogY = p.LogY, Layers = p.Layers.ToList(),
        };
        File.WriteAllText(Path.Combine(directory, JsonName(plot.Name)), JsonSerializer.Serialize(file, s_json) + "\n");
        using var writer = new StreamWriter(Path.Combine(directory, CsvName(plot.Name)));
        using var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture) { NewLine = "\n" });
        foreach (var c in Columns) csv.WriteField(c);
        csv.NextRecord();
        for (int l = 0; l < p.Layers.Count; l++)
        {
            var layer = p.Layers[l];
            var pts = layer.Points;
            string label = layer switch
            {
                TheoryLine t => t.Label,
                SimulationPoints s => s.Label,
                BoundaryCurve b => b.Label,
                ReferenceLine r => r.Label,
                _ => "",
            };
            for (int i = 0; i < pts.Count; i++)
            {
                csv.WriteField(l.ToString(CultureInfo.InvariantCulture));
                csv.WriteField(layer.Kind);
                csv.WriteField(label);
                foreach (var column in new[] { pts.X, pts.Y, pts.Se, pts.Value })
                    csv.WriteField(i < column.Length ? column[i].ToString("R", CultureInfo.InvariantCulture) : "");
                csv.NextRecord();
            }
        }
    }

    /// <summary>
    /// Reads the plot whose JSON file is <paramref name="jsonPath"/> (and the CSV file it names, in the same directory).
    /// Throws <see cref="InvalidDataException"/> naming the file when either is not a plot description of this format.
    /// </summary>
    public static SavedPlot Read(string jsonPath)
    {
        string fileName = Path.GetFileName(jsonPath);
        if (!fileName.EndsWith(JsonSuffix, StringComparison.Ordinal))
            throw new InvalidDataException($"{jsonPath}: a plot description's name ends in {JsonSuffix}");
        string name = fileName[..^JsonSuffix.Length];
        PlotFile file;
        try
        {
            file = JsonSerializer.Deserialize<PlotFile>(File.ReadAllText(jsonPath), s_json)
                ?? throw new InvalidDataException($"{jsonPath}: empty plot description");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{jsonPath}: not a plot description ({e.Message})", e);
        }
        if (file.Format != Format) throw new InvalidDataException($"{jsonPath}: format is '{file.Format}', expected '{Format}'");
        if (file.Width <= 0 || file.Height <= 0) throw new InvalidDataException($"{jsonPath}: image size {file.Width}×{file.Height} is not positive");
        if (file.Data.Length == 0 || Path.GetFileName(file.Data) != file.Data)
            throw new InvalidDataException($"{jsonPath}: data must name a CSV file in the same directory");
        string csvPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(jsonPath))!, file.Data);
        var points = ReadPoints(csvPath, file.Layers.Count);
        var layers = file.Layers.Select((layer, i) => layer with { Points = points[i] });
        return new SavedPlot(name, file.Width, file.Height, new PlotDescription(file.Title, file.XLabel, file.YLabel, file.LogX, file.LogY, layers));
    }

    private static PlotPoints[] ReadPoints(string csvPath, int layerCount)
    {
        if (!File.Exists(csvPath)) throw new FileNotFoundException($"{csvPath}: plot data file not found", csvPath);
        var columns = Enumerable.Range(0, layerCount).Select(_ => new List<double?>[] { new(), new(), new(), new() }).ToArray();
        using var reader = new StreamReader(csvPath);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture));
        if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { } header || !header.SequenceEqual(Columns))
            throw new InvalidDataException($"{csvPath}: header is not {string.Join(",", Columns)}");
        while (csv.Read())
        {
            int line = csv.Parser.Row;
            if (!int.TryParse(csv.GetField(0), NumberStyles.None, CultureInfo.InvariantCulture, out int layer) || layer >= layerCount)
                throw new InvalidDataException($"{csvPath}, line {line}: layer '{csv.GetField(0)}' is not one of the {layerCount} layers of the description");
            for (int c = 0; c < 4; c++)
            {
                string field = csv.GetField(3 + c) ?? "";
                if (field.Length == 0) columns[layer][c].Add(null);
                else if (double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out double v)) columns[layer][c].Add(v);
                else throw new InvalidDataException($"{csvPath}, line {line}: {Columns[3 + c]} = '{field}' is not a number");
            }
        }
        return columns.Select((cols, layer) =>
        {
            var arrays = cols.Select((values, c) =>
            {
                // A column is either used by every row of the layer or by none.
                if (values.All(v => v is null)) return Array.Empty<double>();
                if (values.Any(v => v is null))
                    throw new InvalidDataException($"{csvPath}: layer {layer} has {Columns[3 + c]} on some rows only");
                return values.Select(v => v!.Value).ToArray();
            }).ToArray();
            return new PlotPoints(arrays[0], arrays[1], arrays[2], arrays[3]);
        }).ToArray();
    }
}
