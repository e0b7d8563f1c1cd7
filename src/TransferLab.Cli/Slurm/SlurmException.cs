namespace TransferLab.Cli.Slurm;

/// <summary>A Slurm command failed (sbatch refused a job, squeue could not reach the controller).</summary>
public sealed class SlurmException(string message) : Exception(message);
