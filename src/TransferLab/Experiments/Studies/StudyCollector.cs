using System.Globalization;
using System.Text;
using System.Text.Json;
using TransferLab.Schema;

namespace TransferLab.Experiments.Studies;

/// <summary>What <see cref="StudyCollector.Collect"/> wrote and found missing.</summary>
/// <param name="Directory">The results directory.</param>
/// <param name="Files">Files written (names relative to it).</param>
/// <param name="Planned">Runs the plan has.</param>
/// <param name="Completed">Runs with a successful record.</param>
/// <param name="Failed">Runs whose only records are failures.</param>
/// <param name="Missing">Runs not completed (failed ones included), in canonical order.</param>
public sealed record CollectOutcome(string Directory, IReadOnlyList<string> Files, int Planned, int Completed, int Failed, IReadOnlyList<StudyRun> Missing);

/// <summary>
/// Merges a study's records into its results: a tidy CSV (one row per completed run: parameters and outputs), a summary
/// CSV (per grid point and quantity: the simulation's mean ± SE over seeds next to the theory, with z-score and
/// agreement by <see cref="Comparison"/>; theory values alone for a theory-only study), a manifest, and PNG/SVG plots of
/// each summary quantity against the first swept parameter (one line per value of the second). Rows follow the plan's
/// canonical order and nothing depends on which worker or shard recorded a run, or when, so the results of any
/// sharding are byte-identical (docs/studies.md, "Collect").
/// </summary>
public static class StudyCollector
{
    /// <summary>The tidy table's file name.</summary>
    public const string RunsFile = "runs.csv";

    /// <summary>The summary's file name.</summary>
    public const string SummaryFile = "summary.csv";

    /// <summary>The manifest's file name.</summary>
    public const string ManifestFile = "manifest.json";

    /// <summary>Most plot files (per format) one collect writes.</summary>
    public const int MaxPlots = 60;

    /// <summary>
    /// Writes the results of <paramref name="plan"/> from <paramref name="snapshot"/> into <paramref name="resultsDirectory"/>
    /// (replacing what an earlier collect wrote there). <paramref name="reproduce"/>, when given, adds a column with the
    /// command that recomputes each row.
    /// </summary>
    public static CollectOutcome Collect(StudyPlan plan, StoreSnapshot snapshot, string resultsDirectory, Func<StudyRun, string>? reproduce = null)
    {
        string staging = resultsDirectory.TrimEnd('/') + $".collect-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";
        Directory.CreateDirectory(staging);
        try
        {
            return Write(plan, snapshot, resultsDirectory, staging, reproduce);
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>Names the table columns reserve; a model parameter of the same name gets the column <c>parameter.name</c>.</summary>
    public static readonly IReadOnlySet<string> ReservedColumns = new HashSet<string>(StringComparer.Ordinal)
    {
        "run", "compute", "point", "repetition", "run_seed", "reproduce", "quantity", "theory", "mean", "se", "samples", "seeds", "z_score", "agrees",
    };

    /// <summary>The table column of a parameter.</summary>
    public static string ParameterColumn(string parameter) => ReservedColumns.Contains(parameter) ? "parameter." + parameter : parameter;

    private static CollectOutcome Write(StudyPlan plan, StoreSnapshot snapshot, string resultsDirectory, string staging, Func<StudyRun, string>? reproduce)
    {
        var files = new List<string>();
        var completed = plan.Runs.Where(r => snapshot.Completed.ContainsKey(r.Key)).ToList();
        var missing = plan.Runs.Where(r => !snapshot.Completed.ContainsKey(r.Key)).ToList();
        int failed = missing.Count(r => snapshot.Failed.ContainsKey(r.Key));

        var outputs = OutputColumns(completed, snapshot);
        WriteCsv(staging, RunsFile, Tidy(plan, completed, snapshot, outputs, reproduce), files);
        var summary = Summary(plan, snapshot);
        WriteCsv(staging, SummaryFile, summary.Table, files);
        var skipped = StudyPlots.Write(plan, summary, staging, files);
        File.WriteAllText(Path.Combine(staging, ManifestFile), Manifest(plan, snapshot, completed.Count, failed, missing, outputs, summary, skipped, files.Append(ManifestFile).ToList()));
        files.Add(ManifestFile);

        if (Directory.Exists(resultsDirectory)) Directory.Delete(resultsDirectory, recursive: true);
        Directory.Move(staging, resultsDirectory);
        return new CollectOutcome(resultsDirectory, files, plan.Runs.Count, completed.Count, failed, missing);
    }

    private static void WriteCsv(string dir, string name, TidyTable table, List<string> files)
    {
        using (var w = new StreamWriter(Path.Combine(dir, name), false, new UTF8Encoding(false))) table.WriteCsv(w);
        files.Add(name);
    }

    private static string Prefix(StudyRun run) => StudySpec.Describe(run.Compute) + ".";

    /// <summary>Output columns in order of first appearance over the runs in canonical order, each prefixed by its computation.</summary>
    private static List<string> OutputColumns(List<StudyRun> completed, StoreSnapshot snapshot)
    {
        var columns = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var run in completed)
            foreach (var (name, _) in snapshot.Completed[run.Key].Outputs)
                if (seen.Add(Prefix(run) + name)) columns.Add(Prefix(run) + name);
        return columns;
    }

    private static TidyTable Tidy(StudyPlan plan, List<StudyRun> completed, StoreSnapshot snapshot, List<string> outputs, Func<StudyRun, string>? reproduce)
    {
        var head = new[] { "run", "compute", "point", "repetition", "run_seed" };
        var columns = head.Concat(plan.ParameterColumns.Select(ParameterColumn)).Concat(outputs).Concat(reproduce is null ? [] : ["reproduce"]).ToArray();
        var table = new TidyTable(columns);
        var outputIndex = outputs.Select((o, i) => (o, i)).ToDictionary(x => x.o, x => head.Length + plan.ParameterColumns.Count + x.i, StringComparer.Ordinal);
        foreach (var run in completed)
        {
            var row = new object?[columns.Length];
            row[0] = run.Key;
            row[1] = StudySpec.Describe(run.Compute);
            row[2] = run.Point;
            row[3] = run.Repetition;
            row[4] = run.RunSeed;
            var point = plan.Points[run.Point];
            for (int j = 0; j < plan.ParameterColumns.Count; j++)
                // A parameter the run's computation does not take stays empty (e.g. d in a theory row, when only simulate takes d).
                row[head.Length + j] = run.Given.Any(g => g.Key == plan.ParameterColumns[j]) ? point[j] : null;
            foreach (var (name, value) in snapshot.Completed[run.Key].Outputs) row[outputIndex[Prefix(run) + name]] = value;
            if (reproduce is not null) row[^1] = reproduce(run);
            table.Add(row);
        }
        return table;
    }

    /// <summary>The summary table and, for plotting, its cells by quantity and grid point.</summary>
    internal sealed record SummaryData(TidyTable Table, List<string> Quantities, Dictionary<string, Dictionary<int, SummaryCell>> Cells, bool Simulated);

    /// <summary>One summary cell: the theory value and, when simulated, the comparison over seeds.</summary>
    internal sealed record SummaryCell(double Theory, Comparison? Simulation);

    private static SummaryData Summary(StudyPlan plan, StoreSnapshot snapshot)
    {
        bool simulated = (plan.Spec.Compute & Compute.Simulate) != 0;
        var columns = new[] { "point" }.Concat(plan.ParameterColumns.Select(ParameterColumn)).Concat(["quantity", "theory", "mean", "se", "samples", "seeds", "z_score", "agrees"]).ToArray();
        var table = new TidyTable(columns);
        var quantities = new List<string>();
        var cells = new Dictionary<string, Dictionary<int, SummaryCell>>(StringComparer.Ordinal);
        int p0 = plan.ParameterColumns.Count + 1;
        void Add(int point, string quantity, double theory, Comparison? c)
        {
            var row = new object?[columns.Length];
            row[0] = point;
            var values = plan.Points[point];
            for (int j = 0; j < values.Length; j++) row[1 + j] = values[j];
            row[p0] = quantity;
            row[p0 + 1] = theory;
            if (c is not null)
            {
                row[p0 + 2] = c.Mean;
                row[p0 + 3] = c.StandardError;
                row[p0 + 4] = c.Samples;
                row[p0 + 5] = plan.Spec.Seeds;
                row[p0 + 6] = c.ZScore;
                row[p0 + 7] = c.Agrees;
            }
            table.Add(row);
            if (!cells.TryGetValue(quantity, out var byPoint))
            {
                cells[quantity] = byPoint = new Dictionary<int, SummaryCell>();
                quantities.Add(quantity);
            }
            byPoint[point] = new SummaryCell(theory, c);
        }
        foreach (var group in plan.Runs.GroupBy(r => r.Point))
        {
            if (simulated)
            {
                // Repetitions in repetition order, so sums (and their rounding) never depend on the store.
                var reps = group.Where(r => r.Compute == Compute.Simulate && snapshot.Completed.ContainsKey(r.Key))
                    .OrderBy(r => r.Repetition).Select(r => snapshot.Completed[r.Key]).ToList();
                var names = new List<string>();
                foreach (var rec in reps)
                    foreach (var c in rec.Comparisons)
                        if (!names.Contains(c.Quantity)) names.Add(c.Quantity);
                foreach (var q in names)
                {
                    var samples = reps.Select(r => r.Comparisons.FirstOrDefault(c => c.Quantity == q)).OfType<Comparison>().ToList();
                    var (mean, se) = Statistics.MeanAndStandardError(samples.Select(c => c.Mean).ToList());
                    var cmp = new Comparison(q, samples[0].Theory, mean, se, samples.Count, samples[0].Slack);
                    Add(group.Key, q, cmp.Theory, cmp);
                }
            }
            else
            {
                var theory = group.FirstOrDefault(r => r.Compute == Compute.Theory && snapshot.Completed.ContainsKey(r.Key));
                if (theory is null) continue;
                foreach (var (name, value) in snapshot.Completed[theory.Key].Outputs) Add(group.Key, name, value, null);
            }
        }
        return new SummaryData(table, quantities, cells, simulated);
    }

    private static string Manifest(StudyPlan plan, StoreSnapshot snapshot, int completed, int failed, List<StudyRun> missing, List<string> outputs,
        SummaryData summary, IReadOnlyList<string> skipped, List<string> files)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("tool", "transferlab");
            w.WriteString("version", ToolInfo.Version);
            w.WriteString("study", plan.Spec.Hash);
            w.WriteString("model", plan.Family.Name);
            w.WriteString("paper", plan.Family.Paper);
            w.WriteStartObject("runs");
            w.WriteNumber("planned", plan.Runs.Count);
            w.WriteNumber("completed", completed);
            w.WriteNumber("failed", failed);
            w.WriteNumber("missing", missing.Count);
            w.WriteEndObject();
            w.WriteStartArray("parameters");
            foreach (var p in plan.ParameterColumns) w.WriteStringValue(p);
            w.WriteEndArray();
            w.WriteStartArray("outputs");
            foreach (var o in outputs) w.WriteStringValue(o);
            w.WriteEndArray();
            w.WriteStartArray("quantities");
            foreach (var q in summary.Quantities) w.WriteStringValue(q);
            w.WriteEndArray();
            w.WriteStartArray("missing_runs");
            // The first thousand; study status counts them all.
            foreach (var r in missing.Take(1000))
            {
                w.WriteStartObject();
                w.WriteString("run", r.Key);
                w.WriteString("compute", StudySpec.Describe(r.Compute));
                w.WriteNumber("point", r.Point);
                w.WriteNumber("repetition", r.Repetition);
                if (snapshot.Failed.TryGetValue(r.Key, out var f)) w.WriteString("error", f.Error);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("plots_skipped");
            foreach (var s in skipped) w.WriteStringValue(s);
            w.WriteEndArray();
            w.WriteStartArray("files");
            foreach (var f in files) w.WriteStringValue(f);
            w.WriteEndArray();
            w.WritePropertyName("spec");
            using (var spec = JsonDocument.Parse(plan.Spec.ToCanonicalJson())) spec.RootElement.WriteTo(w);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
