using System.Text.Json;
using System.Text.Json.Serialization;
using TransferLab.Experiments.Studies;

namespace TransferLab.Cli.Slurm;

/// <summary>One <c>study submit --slurm</c>, as recorded in DIR/slurm/submissions.jsonl (one JSON line each, appended durably).</summary>
public sealed record SlurmSubmission
{
    /// <summary>The array job's id.</summary>
    [JsonPropertyName("array_job")] public required string ArrayJob { get; init; }

    /// <summary>The collect job's id.</summary>
    [JsonPropertyName("collect_job")] public required string CollectJob { get; init; }

    /// <summary>Shard count N of this submission.</summary>
    [JsonPropertyName("tasks")] public required int Tasks { get; init; }

    /// <summary>The shards submitted (those with missing runs), 1-based.</summary>
    [JsonPropertyName("shards")] public required IReadOnlyList<int> Shards { get; init; }

    /// <summary>The study's spec hash, or the figure id of a sharded figure.</summary>
    [JsonPropertyName("study")] public required string Study { get; init; }

    /// <summary>When.</summary>
    [JsonPropertyName("submitted")] public required DateTime SubmittedUtc { get; init; }

    private static string PathIn(RunStore store) => Path.Combine(store.Directory, "slurm", "submissions.jsonl");

    /// <summary>Every submission of the study directory, oldest first (unreadable lines skipped).</summary>
    public static List<SlurmSubmission> ReadAll(RunStore store)
    {
        var list = new List<SlurmSubmission>();
        if (!File.Exists(PathIn(store))) return list;
        foreach (var line in File.ReadAllText(PathIn(store)).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            try
            {
                if (JsonSerializer.Deserialize<SlurmSubmission>(line) is { } s) list.Add(s);
            }
            catch (JsonException)
            {
                // A torn last line of an interrupted submit: the jobs it names, if any, are in the scheduler anyway.
            }
        }
        return list;
    }

    /// <summary>Appends this submission durably.</summary>
    public void Append(RunStore store)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(PathIn(store))!);
        using var f = new FileStream(PathIn(store), FileMode.Append, FileAccess.Write);
        f.Write(System.Text.Encoding.UTF8.GetBytes(JsonSerializer.Serialize(this) + "\n"));
        f.Flush(true);
    }
}
