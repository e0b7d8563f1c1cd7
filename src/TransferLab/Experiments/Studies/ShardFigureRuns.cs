using System.Diagnostics;
using TransferLab.Numerics;

namespace TransferLab.Experiments.Studies;

/// <summary>
/// A figure's runs as one shard computes them: each batch (map call) is split over the shards by
/// <see cref="ShardAssignment"/> (equal costs, loads carried from batch to batch, so every shard computes the same split
/// as the figure asks for its batches in the same order); this shard computes its runs the store lacks on the context's
/// threads and records each in its journal the moment it is done, exactly as a study worker does (a start line before, the
/// record after, both in the kernel before the worker moves on). The other shards' runs are read from the store when
/// there, else handed out as placeholders; the figure's own outputs are not written (docs/studies.md, "Figures").
/// </summary>
public sealed class ShardFigureRuns(FigureRunSpec figure, ShardSpec shard, IReadOnlyDictionary<string, RunRecord> completed, RunJournal journal)
    : StoredFigureRuns(figure, completed)
{
    private readonly double[] _loads = new double[shard.Count];

    /// <inheritdoc />
    public override bool WritesOutputs => false;

    /// <summary>Runs assigned to this shard.</summary>
    public int InShard { get; private set; }

    /// <summary>Of those, runs the store already had.</summary>
    public int AlreadyComplete { get; private set; }

    /// <summary>Runs computed and recorded now.</summary>
    public int Executed => _executed;

    private int _executed;

    /// <inheritdoc />
    public override TResult[,] Map<TPoint, TResult>(FigureContext ctx, IReadOnlyList<TPoint> points, int repetitions, ulong seed,
        Func<TPoint, int, Rng, TResult> work, ProgressTask? progress)
    {
        var keys = Keys(points, repetitions, seed, out int batch);
        var owner = ShardAssignment.Assign(keys, Enumerable.Repeat(1.0, keys.Length).ToList(), _loads);
        var results = new TResult[points.Count, repetitions];
        var pending = new List<int>();
        var others = new List<int>();
        string? template = null;
        for (int j = 0; j < keys.Length; j++)
        {
            bool mine = owner[j] == shard.Index - 1;
            if (mine) InShard++;
            if (Completed.TryGetValue(keys[j], out var stored) && stored.Value is string json)
            {
                results[j / repetitions, j % repetitions] = FigureRunValue.Read<TResult>(json);
                template ??= json;
                if (mine) AlreadyComplete++;
            }
            else if (mine) pending.Add(j);
            else others.Add(j);
            if (!mine || Completed.ContainsKey(keys[j])) progress?.Increment();
        }
        var computed = new string?[keys.Length];
        try
        {
            System.Threading.Tasks.Parallel.For(0, pending.Count, new ParallelOptions { MaxDegreeOfParallelism = ctx.Threads }, k =>
            {
                int j = pending[k], i = j / repetitions, r = j % repetitions;
                journal.Append(JournalLine.Simple("start", "key", keys[j]));
                long started = Stopwatch.GetTimestamp();
                var value = work(points[i], r, ParallelRunner.Generator(seed, i, r));
                string json = FigureRunValue.Write(value);
                computed[j] = json;
                journal.Append(new RunRecord(keys[j], true, [], [], null, Stopwatch.GetElapsedTime(started).TotalSeconds, DateTime.UtcNow, json).ToLine(), counts: true);
                results[i, r] = value;
                Interlocked.Increment(ref _executed);
                progress?.Increment();
            });
        }
        catch (AggregateException e)
        {
            throw new FigureRunException(Figure.Figure, batch, e.InnerExceptions[0]);
        }
        // Other shards' runs not in the store yet: placeholders shaped like a real result of this batch (a copy of one read
        // back), so the figure's code between batches runs on well-formed numbers and reaches its later batches; what it
        // computes from them is discarded. Without any result of the batch at hand, the default value.
        template ??= computed.FirstOrDefault(c => c is not null);
        if (others.Count > 0) HandedOutPlaceholders = true;
        foreach (int j in others) results[j / repetitions, j % repetitions] = template is null ? default! : FigureRunValue.Read<TResult>(template);
        return results;
    }

    /// <inheritdoc />
    public override void Finish(Experiments.Figure figure, Exception? failure)
    {
        // A shard's outputs are never published; what it computed from placeholders is meant to be thrown away.
    }
}
