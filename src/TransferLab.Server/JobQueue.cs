using System.Collections.Concurrent;
using System.Security.Cryptography;
using TransferLab.Experiments.Families;
using TransferLab.Schema;

namespace TransferLab.Server;

/// <summary>
/// The simulation jobs of one server: at most <see cref="ExplorerOptions.MaxJobs"/> run at once, up to
/// <see cref="ExplorerOptions.MaxQueued"/> wait, and beyond that a submission is refused. Each running job gets an equal
/// share of the cores (results do not depend on it: per-run seeds are derived from keys). Finished jobs are kept for
/// reading until <see cref="ExplorerOptions.MaxFinishedJobs"/> newer ones have finished.
/// </summary>
public sealed class JobQueue : IDisposable
{
    private readonly ConcurrentDictionary<string, SimulationJob> _jobs = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _finished = new();
    private readonly SemaphoreSlim _slots;
    private readonly ExplorerOptions _options;
    private int _waiting;

    /// <summary>Creates the queue.</summary>
    public JobQueue(ExplorerOptions options)
    {
        _options = options;
        _slots = new SemaphoreSlim(Math.Max(1, options.MaxJobs));
    }

    /// <summary>Runs in parallel inside one job.</summary>
    public int ThreadsPerJob => Math.Max(1, Environment.ProcessorCount / Math.Max(1, _options.MaxJobs));

    /// <summary>Jobs waiting for a slot.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Queues a job, or returns null when the queue is full.</summary>
    public SimulationJob? Submit(ModelFamily family, ParameterValues parameters, ulong seed)
    {
        if (Interlocked.Increment(ref _waiting) > _options.MaxQueued)
        {
            Interlocked.Decrement(ref _waiting);
            return null;
        }
        var job = new SimulationJob(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), family, parameters, seed);
        _jobs[job.Id] = job;
        _ = Task.Run(async () =>
        {
            bool acquired = false;
            try
            {
                await _slots.WaitAsync(job.Cancellation).ConfigureAwait(false);
                acquired = true;
            }
            catch (OperationCanceledException) { }
            finally { Interlocked.Decrement(ref _waiting); }
            try
            {
                if (acquired) await Task.Factory.StartNew(() => job.Run(ThreadsPerJob), TaskCreationOptions.LongRunning).ConfigureAwait(false);
                else job.Cancel();
            }
            finally
            {
                if (acquired) _slots.Release();
                Retire(job);
            }
        });
        return job;
    }

    /// <summary>The job with this id, or null.</summary>
    public SimulationJob? Find(string id) => _jobs.GetValueOrDefault(id);

    /// <summary>Every job kept, newest first.</summary>
    public IReadOnlyList<SimulationJob> All => _jobs.Values.OrderByDescending(j => j.CreatedUtc).ToList();

    private void Retire(SimulationJob job)
    {
        _finished.Enqueue(job.Id);
        while (_finished.Count > _options.MaxFinishedJobs && _finished.TryDequeue(out var old)) _jobs.TryRemove(old, out _);
    }

    /// <summary>Cancels every job (the server is stopping).</summary>
    public void Dispose()
    {
        foreach (var job in _jobs.Values) job.Cancel();
    }
}
