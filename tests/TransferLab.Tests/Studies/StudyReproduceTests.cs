using System.Globalization;
using System.Text.Json;
using TransferLab.Cli.Commands;
using TransferLab.Experiments;
using TransferLab.Experiments.Studies;
using TransferLab.Tests.Cli;
using static TransferLab.Tests.Studies.StudyTestSupport;

namespace TransferLab.Tests.Studies;

/// <summary>Each row's reproduce command, run as a real command line, prints that row's numbers to the last bit.</summary>
[Collection("console")]
public class StudyReproduceTests
{
    [Fact]
    public void EveryKindOfRowReproducesBitForBit()
    {
        string dir = TempDir("reproduce");
        // A negative swept value (copy-scale applies to the scaled-copy teacher) checks that "--name=value" is attached.
        File.WriteAllText(Path.Combine(dir, "s.yaml"), SmallLinear.Replace("teacher: angle", "teacher: scaled-copy")
            .Replace("angle: { linspace: [30, 60, 2] }", "copy-scale: [-0.5, -0.25]") + "\n");
        var (code, _, err) = CliHarness.Run("study", "run", Path.Combine(dir, "s.yaml"), "--out", Path.Combine(dir, "out"), "--threads", "2");
        Assert.True(code == 0, err);
        (code, _, err) = CliHarness.Run("study", "collect", Path.Combine(dir, "out"));
        Assert.True(code == 0, err);
        var table = ReadCsv(Path.Combine(dir, "out", "results", "runs.csv"));
        var header = table[0];
        int reproduce = Array.IndexOf(header, "reproduce"), compute = Array.IndexOf(header, "compute");
        // A theory row and simulation rows of two points (seeds differ per row).
        var rows = table.Skip(1).Where(r => r[compute] == "theory").Take(1).Concat(table.Skip(1).Where(r => r[compute] == "simulate").Where((_, i) => i % 5 == 0).Take(3)).ToList();
        Assert.Equal(4, rows.Count);
        foreach (var row in rows)
        {
            var args = StudyReproduceLine.Split(row[reproduce]);
            Assert.Equal("transferlab", args[0]);
            if (row[compute] == "simulate") Assert.Contains("--run-seed", args);
            Assert.Contains(args, a => a is "--copy-scale=-0.5" or "--copy-scale=-0.25");
            var (c, json, e) = CliHarness.Run([.. args.Skip(1), "--json"]);
            Assert.True(c == 0, $"{row[reproduce]}: {e}");
            var outputs = PayloadFlattener.Flatten(JsonDocument.Parse(json).RootElement);
            Assert.NotEmpty(outputs);
            foreach (var (name, value) in outputs)
            {
                int j = Array.IndexOf(header, row[compute] + "." + name);
                Assert.True(j >= 0, $"no column {row[compute]}.{name}");
                // The CSV holds round-trip text; equal text is equal bits.
                Assert.Equal(TidyTable.Format(value), row[j]);
            }
        }
    }

    private static List<string[]> ReadCsv(string path)
    {
        using var reader = new CsvHelper.CsvReader(new StreamReader(path), CultureInfo.InvariantCulture);
        var rows = new List<string[]>();
        while (reader.Read()) rows.Add(Enumerable.Range(0, reader.Parser.Count).Select(i => reader.GetField(i) ?? "").ToArray());
        return rows;
    }
}
