using System.Diagnostics;
using System.Globalization;
using TransferLab.Experiments.Families;
using TransferLab.Schema;

namespace TransferLab.Experiments.Studies;

/// <summary>What one <see cref="StudyRunner.Run"/> did.</summary>
/// <param name="InShard">Runs of the shard.</param>
/// <param name="AlreadyComplete">Of those, runs the store already had (skipped).</param>
/// <param name="Executed">Runs executed and recorded now.</param>
/// <param name="Failed">Of those, runs that failed (recorded with their error; retried by the next run).</param>
/// <param name="Elapsed">Wall time.</param>
/// <param name="Journal">The journal written (null when nothing was left to do).</param>
public sealed record StudyRunOutcome(int InShard, int AlreadyComplete, int Executed, int Failed, TimeSpan Elapsed, string? Journal);

/// <summary>
/// Executes the runs of one shard that the store does not have yet, on <c>threads</c> workers, recording each in this
/// process's journal. A worker writes a start line before it computes and its record right after; both are in the kernel
/// before the worker moves on, so killing the process at any moment loses at most the run each worker is computing. The
/// journal's flusher makes records durable behind the workers, and a run counts once its record is on disk; the outcome
/// is returned after the last flush (docs/studies.md, "Store").
/// </summary>
public static class StudyRunner
{
    /// <summary>Runs shard <paramref name="shard"/> of <paramref name="plan"/> into <paramref name="store"/>.</summary>
    public static StudyRunOutcome Run(StudyPlan plan, RunStore store, ShardSpec shard, int threads, ProgressBoard? board = null,
        IReadOnlyDictionary<string, string>? workerInfo = null, bool replaceSpec = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        var clock = Stopwatch.StartNew();
        store.Initialize(plan.Spec, replaceSpec);
        var mine = plan.RunsOf(shard);
        var done = store.Read().Completed;
        // Costliest first (ties in canonical order) so the shard's tail is short runs spread over the workers.
        var pending = mine.Where(r => !done.ContainsKey(r.Key)).OrderByDescending(r => r.Estimate.Seconds).ToList();
        if (pending.Count == 0) return new StudyRunOutcome(mine.Count, mine.Count, 0, 0, clock.Elapsed, null);

        var progress = (board ?? new ProgressBoard()).Start($"study {plan.Spec.Model} shard {shard}: runs", pending.Count);
        using var journal = store.OpenJournal(shard, threads, workerInfo);
        // A run counts (on the progress bar, in the outcome) once its record is on disk.
        long counted = 0;
        journal.Durable += n => progress.Increment(n - Interlocked.Exchange(ref counted, n));
        int next = -1, failed = 0, executed = 0;
        Exception? fatal = null;
        void Work()
        {
            try
            {
                while (Volatile.Read(ref fatal) is null)
                {
                    int i = Interlocked.Increment(ref next);
                    if (i >= pending.Count) return;
                    var run = pending[i];
                    journal.Append(JournalLine.Simple("start", "key", run.Key));
                    var record = Execute(plan.Family, run);
                    journal.Append(record.ToLine(), counts: true);
                    Interlocked.Increment(ref executed);
                    if (!record.Ok) Interlocked.Increment(ref failed);
                }
            }
            catch (Exception e)
            {
                // The journal cannot be written (disk full, directory gone): stop every worker; recorded runs stay valid.
                Interlocked.CompareExchange(ref fatal, e, null);
            }
        }
        var workers = Enumerable.Range(0, Math.Min(threads, pending.Count))
            .Select(k => new Thread(Work) { IsBackground = true, Name = $"study-worker-{k}" }).ToList();
        foreach (var w in workers) w.Start();
        foreach (var w in workers) w.Join();
        if (fatal is not null) throw new IOException($"study store {store.Directory}: {fatal.Message}", fatal);
        var end = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new System.Text.Json.Utf8JsonWriter(end, JournalLine.WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("type", "end");
            w.WriteString("finished", DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            w.WriteNumber("executed", executed);
            w.WriteNumber("failed", failed);
            w.WriteEndObject();
        }
        journal.AppendDurable(System.Text.Encoding.UTF8.GetString(end.WrittenSpan));
        return new StudyRunOutcome(mine.Count, mine.Count - pending.Count, executed, failed, clock.Elapsed, journal.Path);
    }

    /// <summary>
    /// Computes one run: the family's theory, or one repetition of its simulation (<see cref="ModelFamily.SimulateRun"/>)
    /// single-threaded (the study parallelises over runs). A failure becomes a record with its error.
    /// </summary>
    public static RunRecord Execute(ModelFamily family, StudyRun run)
    {
        long started = Stopwatch.GetTimestamp();
        try
        {
            var result = run.Compute == Compute.Theory
                ? family.Theory(run.Values)
                : family.SimulateRun(run.Values, run.RunSeed!.Value, new RunSettings(1));
            return new RunRecord(run.Key, true, PayloadFlattener.Flatten(result.Payload), result.Comparisons, null,
                Stopwatch.GetElapsedTime(started).TotalSeconds, DateTime.UtcNow);
        }
        catch (Exception e)
        {
            while (e is AggregateException { InnerExceptions.Count: 1 } a) e = a.InnerExceptions[0];
            string message = $"{e.GetType().Name}: {e.Message}".ReplaceLineEndings(" ");
            return new RunRecord(run.Key, false, [], [], message, Stopwatch.GetElapsedTime(started).TotalSeconds, DateTime.UtcNow);
        }
    }
}
