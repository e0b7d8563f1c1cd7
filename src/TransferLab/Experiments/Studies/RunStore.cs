using System.Globalization;
using System.Text;
using System.Text.Json;
using TransferLab.Validation;

namespace TransferLab.Experiments.Studies;

/// <summary>
/// A study directory: <c>study.json</c> (the canonical spec; <c>figure.json</c> for a sharded figure), <c>runs/*.jsonl</c> (one append-only journal per worker
/// process) and <c>results/</c> (what collect writes). Any number of processes on any machines sharing the directory may
/// run at once; each writes only its own journal, and reading merges all of them (docs/studies.md, "Store").
/// </summary>
public sealed class RunStore
{
    /// <summary>The canonical spec's file name.</summary>
    public const string SpecFile = "study.json";

    /// <summary>The study directory.</summary>
    public string Directory { get; }

    /// <summary>Where journals live.</summary>
    public string RunsDirectory => Path.Combine(Directory, "runs");

    /// <summary>Where collect writes.</summary>
    public string ResultsDirectory => Path.Combine(Directory, "results");

    /// <summary>The canonical spec's path.</summary>
    public string SpecPath => Path.Combine(Directory, SpecFile);

    /// <summary>A store at <paramref name="directory"/> (nothing is created until <see cref="Initialize(StudySpec, bool)"/>).</summary>
    public RunStore(string directory) => Directory = Path.GetFullPath(directory);

    /// <summary>Opens an existing study directory (one holding study.json); a <see cref="ParameterException"/> for <c>dir</c> otherwise.</summary>
    public static RunStore Open(string directory)
    {
        var store = new RunStore(directory);
        if (!File.Exists(store.SpecPath)) throw new ParameterException("dir", directory, $"not a study directory (no {SpecFile}; create one with study run)");
        return store;
    }

    /// <summary>The spec the directory holds.</summary>
    public StudySpec ReadSpec(Func<string, Families.ModelFamily>? resolve = null) => StudySpec.Load(SpecPath, resolve);

    /// <summary>
    /// Makes the directory hold <paramref name="spec"/>: writes study.json (atomically: temporary file, rename, directory
    /// sync) when absent, accepts it when identical, and otherwise refuses unless <paramref name="replace"/> (completed
    /// runs whose keys the new spec shares are then reused).
    /// </summary>
    public void Initialize(StudySpec spec, bool replace = false)
    {
        if (File.Exists(Path.Combine(Directory, FigureRunSpec.FileName)))
            throw new ParameterException("out", Directory, $"holds a sharded figure ({FigureRunSpec.FileName}); choose another directory for the study");
        InitializeDescriptor(SpecFile, spec.ToCanonicalJson(), replace,
            "holds a different study (its study.json differs from this spec); choose another directory, or replace the spec there (completed runs with the same keys are kept)");
    }

    /// <summary>
    /// Makes the directory hold the sharded reproduction of a figure: writes figure.json (<paramref name="figure"/>'s id,
    /// size and seed) when absent and accepts it when identical; a directory holding another figure, size or seed, or a
    /// study, is refused (docs/studies.md, "Figures").
    /// </summary>
    public void Initialize(FigureRunSpec figure)
    {
        if (File.Exists(SpecPath)) throw new ParameterException("out", Directory, $"is a study directory (it holds {SpecFile}); choose another directory for the figure");
        InitializeDescriptor(FigureRunSpec.FileName, figure.ToCanonicalJson(), false,
            $"holds another figure reproduction ({FigureRunSpec.FileName} differs from {figure}); choose another directory");
    }

    /// <summary>The figure reproduction the directory holds (its figure.json); a <see cref="ParameterException"/> for <c>dir</c> when it holds none.</summary>
    public FigureRunSpec ReadFigure()
    {
        string path = Path.Combine(Directory, FigureRunSpec.FileName);
        if (!File.Exists(path))
            throw new ParameterException("dir", Directory, $"not a sharded figure directory (no {FigureRunSpec.FileName}; create one with reproduce <id> --shard i/N --out DIR)");
        return FigureRunSpec.Parse(File.ReadAllText(path), path);
    }

    // Writes a descriptor atomically (temporary file, rename, directory sync) when absent, accepts it when identical, and
    // otherwise refuses unless replace.
    private void InitializeDescriptor(string fileName, string json, bool replace, string differs)
    {
        System.IO.Directory.CreateDirectory(Directory);
        System.IO.Directory.CreateDirectory(RunsDirectory);
        string target = Path.Combine(Directory, fileName);
        if (File.Exists(target))
        {
            string existing = File.ReadAllText(target);
            if (existing == json) return;
            if (!replace) throw new ParameterException("out", Directory, differs);
        }
        string temp = Path.Combine(Directory, $".{fileName}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        using (var f = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
        {
            f.Write(Encoding.UTF8.GetBytes(json));
            f.Flush(true);
        }
        File.Move(temp, target, overwrite: true);
        RunJournal.SyncDirectory(Directory);
    }

    /// <summary>Creates this process's journal and writes its worker line (host, pid, shard, threads and <paramref name="info"/>).</summary>
    public RunJournal OpenJournal(ShardSpec shard, int threads, IReadOnlyDictionary<string, string>? info = null)
    {
        var now = DateTime.UtcNow;
        string host = Environment.MachineName;
        string name = $"shard{shard.Index}of{shard.Count}-{Sanitize(host)}-{Environment.ProcessId}-{now:yyyyMMddTHHmmss}-{Guid.NewGuid().ToString("N")[..6]}.jsonl";
        var journal = RunJournal.Create(RunsDirectory, name);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, JournalLine.WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("type", "worker");
            w.WriteString("host", host);
            w.WriteString("pid", Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            w.WriteString("shard", shard.ToString());
            w.WriteString("threads", threads.ToString(CultureInfo.InvariantCulture));
            w.WriteString("started", now.ToString("O", CultureInfo.InvariantCulture));
            foreach (var (k, v) in info ?? new Dictionary<string, string>()) w.WriteString(k, v);
            w.WriteEndObject();
        }
        journal.AppendDurable(Encoding.UTF8.GetString(buffer.WrittenSpan));
        return journal;
    }

    private static string Sanitize(string s) => new(s.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '_').ToArray());

    /// <summary>Reads every journal. Lines without their newline (torn) and lines that do not parse are skipped and counted.</summary>
    public StoreSnapshot Read()
    {
        var snap = new StoreSnapshot();
        if (!System.IO.Directory.Exists(RunsDirectory)) return snap;
        // Ordinal file order: the same merge on every machine.
        foreach (var path in System.IO.Directory.GetFiles(RunsDirectory, "*.jsonl").OrderBy(p => p, StringComparer.Ordinal))
        {
            var worker = new WorkerJournal(Path.GetFileName(path));
            snap.Workers.Add(worker);
            byte[] bytes;
            try
            {
                using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                bytes = new byte[f.Length];
                f.ReadExactly(bytes);
            }
            catch (FileNotFoundException)
            {
                continue;
            }
            int start = 0;
            while (start < bytes.Length)
            {
                int end = Array.IndexOf(bytes, (byte)'\n', start);
                if (end < 0)
                {
                    snap.TornLines++;
                    break;
                }
                if (!ReadLine(bytes.AsSpan(start, end - start), worker, snap)) snap.CorruptLines++;
                start = end + 1;
            }
        }
        // A key that failed somewhere but succeeded elsewhere is complete.
        foreach (var key in snap.Completed.Keys) snap.Failed.Remove(key);
        return snap;
    }

    private static bool ReadLine(ReadOnlySpan<byte> line, WorkerJournal worker, StoreSnapshot snap)
    {
        if (line.IsEmpty) return true;
        try
        {
            using var doc = JsonDocument.Parse(line.ToArray());
            var e = doc.RootElement;
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty("type", out var type)) return false;
            switch (type.GetString())
            {
                case "worker":
                    foreach (var p in e.EnumerateObject())
                        if (p.Name != "type" && p.Value.ValueKind == JsonValueKind.String) worker.Info[p.Name] = p.Value.GetString()!;
                    worker.StartedUtc = worker.Info.TryGetValue("started", out var s) ? ParseTime(s) : null;
                    return true;
                case "start":
                    worker.Unfinished.Add(e.GetProperty("key").GetString()!);
                    return true;
                case "end":
                    worker.EndedUtc = ParseTime(e.GetProperty("finished").GetString()!);
                    worker.Complete = e.TryGetProperty("complete", out var complete) && complete.ValueKind == JsonValueKind.True;
                    return true;
                case "run":
                    var record = RunRecord.FromJson(e);
                    if (record is null) return false;
                    worker.Unfinished.Remove(record.Key);
                    if (worker.LastFinishedUtc is not DateTime last || record.FinishedUtc > last) worker.LastFinishedUtc = record.FinishedUtc;
                    if (record.Ok)
                    {
                        worker.Completed++;
                        snap.Completed.TryAdd(record.Key, record);
                    }
                    else
                    {
                        worker.Failed++;
                        snap.Failed[record.Key] = record;
                    }
                    return true;
                default:
                    return false;
            }
        }
        catch (Exception x) when (x is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return false;
        }
    }

    private static DateTime ParseTime(string s) => DateTime.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
