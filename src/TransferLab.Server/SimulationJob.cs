using System.Text.Json;
using TransferLab.Experiments;
using TransferLab.Experiments.Families;
using TransferLab.Schema;

namespace TransferLab.Server;

/// <summary>The states of a simulation job, in order; the last three are final.</summary>
public enum JobState
{
    /// <summary>Waiting for a free slot.</summary>
    Queued,
    /// <summary>Simulating.</summary>
    Running,
    /// <summary>Finished; the result is the payload of <c>simulate … --json</c>.</summary>
    Done,
    /// <summary>Stopped by a cancel request.</summary>
    Cancelled,
    /// <summary>Ended by an error.</summary>
    Failed,
}

/// <summary>
/// One <c>simulate &lt;model&gt;</c> run in the background: its validated parameters and seed, its progress counters
/// (the same <see cref="ProgressBoard"/> the command line draws) and, once done, the result as <see cref="ResultJson"/>
/// text, so it is the JSON the command line prints for the same options and seed.
/// </summary>
public sealed class SimulationJob
{
    private readonly object _gate = new();
    private readonly CancellationTokenSource _cancel = new();

    /// <summary>What a client sees: state, progress in [0, 1], and the result or the error once final.</summary>
    public sealed record View(string Id, string Model, ulong Seed, string State, double Progress, IReadOnlyDictionary<string, string?> Parameters,
        DateTime CreatedUtc, double? ElapsedSeconds, JsonElement? Result, string? Error);

    /// <summary>Creates a queued job.</summary>
    public SimulationJob(string id, ModelFamily family, ParameterValues parameters, ulong seed)
    {
        Id = id;
        Family = family;
        Parameters = parameters;
        Seed = seed;
        Board = new ProgressBoard(_cancel.Token);
    }

    /// <summary>Short random id.</summary>
    public string Id { get; }

    /// <summary>The model family simulated.</summary>
    public ModelFamily Family { get; }

    /// <summary>Validated parameters.</summary>
    public ParameterValues Parameters { get; }

    /// <summary>Seed of the simulation (the command line's <c>--seed</c>).</summary>
    public ulong Seed { get; }

    /// <summary>Progress counters; cancelling makes the run stop at its next increment.</summary>
    public ProgressBoard Board { get; }

    /// <summary>Cancelled when the job is.</summary>
    public CancellationToken Cancellation => _cancel.Token;

    /// <summary>Current state.</summary>
    public JobState State { get; private set; } = JobState.Queued;

    /// <summary>The result's JSON text (as <c>--json</c> prints it) once <see cref="JobState.Done"/>.</summary>
    public string? ResultJsonText { get; private set; }

    /// <summary>Error message once <see cref="JobState.Failed"/>.</summary>
    public string? Error { get; private set; }

    /// <summary>When the job was submitted.</summary>
    public DateTime CreatedUtc { get; } = DateTime.UtcNow;

    private DateTime? _started, _finished;

    /// <summary>True in a final state.</summary>
    public bool IsFinal => State is JobState.Done or JobState.Cancelled or JobState.Failed;

    /// <summary>Completes when the job reaches a final state.</summary>
    public Task Completion => _completion.Task;

    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Asks the job to stop: a queued job never starts, a running one stops at its next unit of work.</summary>
    public void Cancel()
    {
        lock (_gate)
        {
            if (IsFinal) return;
            _cancel.Cancel();
            if (State == JobState.Queued) Finish(JobState.Cancelled, null, null);
        }
    }

    /// <summary>Runs the simulation on the calling thread with <paramref name="threads"/> runs in parallel.</summary>
    public void Run(int threads)
    {
        lock (_gate)
        {
            if (IsFinal) return;
            State = JobState.Running;
            _started = DateTime.UtcNow;
        }
        try
        {
            var result = Family.Simulate(Parameters, Seed, new RunSettings(threads, Board));
            lock (_gate) Finish(JobState.Done, ResultJson.Serialize(result.Payload), null);
        }
        catch (Exception) when (_cancel.IsCancellationRequested)
        {
            lock (_gate) Finish(JobState.Cancelled, null, null);
        }
        catch (Exception e)
        {
            while (e is AggregateException { InnerExceptions.Count: 1 } a) e = a.InnerExceptions[0];
            lock (_gate) Finish(JobState.Failed, null, $"{e.GetType().Name}: {e.Message.Split('\n')[0]}");
        }
    }

    private void Finish(JobState state, string? result, string? error)
    {
        if (IsFinal) return;
        State = state;
        ResultJsonText = result;
        Error = error;
        _finished = DateTime.UtcNow;
        _completion.TrySetResult();
    }

    /// <summary>Progress in [0, 1] over every counter started so far (1 once done).</summary>
    public double Progress
    {
        get
        {
            if (State == JobState.Done) return 1;
            var tasks = Board.Snapshot();
            long total = tasks.Sum(t => t.Total), value = tasks.Sum(t => Math.Min(t.Value, t.Total));
            return total == 0 ? 0 : (double)value / total;
        }
    }

    /// <summary>A snapshot for the API.</summary>
    public View Snapshot()
    {
        lock (_gate)
        {
            double? elapsed = _started is { } s ? ((_finished ?? DateTime.UtcNow) - s).TotalSeconds : null;
            JsonElement? result = ResultJsonText is { } text ? JsonDocument.Parse(text).RootElement.Clone() : null;
            return new View(Id, Family.Name, Seed, State.ToString().ToLowerInvariant(), Progress, Parameters.AsText(), CreatedUtc, elapsed, result, Error);
        }
    }
}
