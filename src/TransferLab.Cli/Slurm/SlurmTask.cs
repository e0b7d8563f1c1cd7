namespace TransferLab.Cli.Slurm;

/// <summary>The state of one task of a job (array) as the scheduler reports it.</summary>
/// <param name="JobId">The job's own id.</param>
/// <param name="ArrayJobId">The array it belongs to (null for a plain job).</param>
/// <param name="ArrayTask">Its task id within the array (null for a plain job).</param>
/// <param name="State">PENDING, RUNNING, COMPLETED, FAILED, TIMEOUT, CANCELLED, OUT_OF_MEMORY, NODE_FAIL, …</param>
public sealed record SlurmTask(string JobId, string? ArrayJobId, int? ArrayTask, string State)
{
    /// <summary>Waiting or running.</summary>
    public bool Active => State is "PENDING" or "RUNNING" or "CONFIGURING" or "COMPLETING" or "REQUEUED" or "RESIZING" or "SUSPENDED";

    /// <summary>Ended without success.</summary>
    public bool Failed => !Active && State != "COMPLETED";
}
