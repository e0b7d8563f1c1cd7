using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace TransferLab.Cli.Slurm;

/// <summary>
/// Runs Slurm's client commands (<c>sbatch</c>, <c>squeue --json</c>) found on PATH. Talks to whatever cluster they are
/// configured for: the development cluster of deploy/slurm/dev-cluster.sh or a real one (docs/studies.md, "Slurm").
/// </summary>
public sealed class SlurmClient
{
    private readonly string _sbatch;
    private readonly string? _squeue;

    private SlurmClient(string sbatch, string? squeue)
    {
        _sbatch = sbatch;
        _squeue = squeue;
    }

    /// <summary>The client, or null when <c>sbatch</c> is not on PATH.</summary>
    public static SlurmClient? Find() => FindOnPath("sbatch") is string sbatch ? new SlurmClient(sbatch, FindOnPath("squeue")) : null;

    /// <summary>The full path of <paramref name="tool"/> on PATH, or null.</summary>
    public static string? FindOnPath(string tool)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, tool);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>Submits a batch script with <c>sbatch --parsable</c>; returns the job id.</summary>
    public string Submit(string script, IEnumerable<string> options)
    {
        var (code, stdout, stderr) = Execute(_sbatch, ["--parsable", .. options, script]);
        string id = stdout.Trim().Split(';')[0];
        if (code != 0 || id.Length == 0 || !id.All(char.IsAsciiDigit))
            throw new SlurmException($"sbatch failed (exit {code}): {FirstLine(stderr.Length > 0 ? stderr : stdout)}");
        return id;
    }

    /// <summary>
    /// Every task of <paramref name="jobIds"/> the scheduler still knows (queued, running, or finished within its
    /// MinJobAge), from <c>squeue --json</c>. A pending array that has not been split yet is one record with a task range;
    /// it is expanded here.
    /// </summary>
    public IReadOnlyList<SlurmTask> Tasks(IReadOnlyCollection<string> jobIds)
    {
        if (_squeue is null) throw new SlurmException("squeue not found on PATH");
        var (code, stdout, stderr) = Execute(_squeue, ["--json"]);
        if (code != 0) throw new SlurmException($"squeue --json failed (exit {code}): {FirstLine(stderr)}");
        var tasks = new List<SlurmTask>();
        using var doc = JsonDocument.Parse(stdout);
        foreach (var job in doc.RootElement.GetProperty("jobs").EnumerateArray())
        {
            string id = Text(job, "job_id") ?? "";
            string? array = Text(job, "array_job_id") is string a && a != "0" ? a : null;
            // squeue of Slurm 22.05 ignores --jobs with --json: filter here.
            if (!jobIds.Contains(id) && (array is null || !jobIds.Contains(array))) continue;
            string state = State(job);
            int? task = job.TryGetProperty("array_task_id", out var t) ? Integer(t) : null;
            string range = Text(job, "array_task_string") ?? "";
            if (array is not null && task is null && range.Length > 0)
                foreach (int k in ExpandRange(range)) tasks.Add(new SlurmTask(id, array, k, state));
            else tasks.Add(new SlurmTask(id, array, task, state));
        }
        return tasks;
    }

    private static string State(JsonElement job)
    {
        if (!job.TryGetProperty("job_state", out var s)) return "UNKNOWN";
        // A string in Slurm 22.05, a list of flags (the first is the base state) from 23.02 on.
        return s.ValueKind == JsonValueKind.Array ? s.EnumerateArray().FirstOrDefault().GetString() ?? "UNKNOWN" : s.GetString() ?? "UNKNOWN";
    }

    private static string? Text(JsonElement e, string name) => !e.TryGetProperty(name, out var v) ? null : v.ValueKind switch
    {
        JsonValueKind.String => v.GetString(),
        JsonValueKind.Number => v.GetRawText(),
        // Newer Slurm wraps numbers: {"set": true, "infinite": false, "number": 12}.
        JsonValueKind.Object when v.TryGetProperty("number", out var n) && (!v.TryGetProperty("set", out var set) || set.GetBoolean()) => n.GetRawText(),
        _ => null,
    };

    private static int? Integer(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Number => v.GetInt32(),
        JsonValueKind.Object when v.TryGetProperty("number", out var n) && (!v.TryGetProperty("set", out var set) || set.GetBoolean()) => n.GetInt32(),
        _ => null,
    };

    /// <summary>Task ids of a Slurm range such as <c>1-3,7,9-12%2</c>.</summary>
    public static IEnumerable<int> ExpandRange(string range)
    {
        foreach (var part in range.Split('%')[0].Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var ends = part.Split(':')[0].Split('-');
            int lo = int.Parse(ends[0], CultureInfo.InvariantCulture), hi = ends.Length > 1 ? int.Parse(ends[1], CultureInfo.InvariantCulture) : lo;
            for (int k = lo; k <= hi; k++) yield return k;
        }
    }

    /// <summary>The shortest Slurm range for sorted task ids, e.g. <c>1-3,7</c>.</summary>
    public static string CompressRange(IReadOnlyList<int> ids)
    {
        var parts = new List<string>();
        for (int i = 0; i < ids.Count;)
        {
            int j = i;
            while (j + 1 < ids.Count && ids[j + 1] == ids[j] + 1) j++;
            parts.Add(i == j ? ids[i].ToString(CultureInfo.InvariantCulture) : FormattableString.Invariant($"{ids[i]}-{ids[j]}"));
            i = j + 1;
        }
        return string.Join(",", parts);
    }

    private static string FirstLine(string s) => s.Trim().Split('\n')[0].Trim();

    private static (int Code, string Out, string Err) Execute(string file, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new SlurmException($"cannot start {file}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            p.Kill();
            throw new SlurmException($"{Path.GetFileName(file)} did not answer within 120 s (is slurmctld up?)");
        }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}
