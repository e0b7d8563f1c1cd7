namespace TransferLab.Server;

/// <summary>How the explorer server runs (the <c>serve</c> command's options; docs/explorer.md, "Limits").</summary>
public sealed record ExplorerOptions
{
    /// <summary>The address bound by default: this machine only.</summary>
    public const string LocalHost = "127.0.0.1";

    /// <summary>Interface to bind (<see cref="LocalHost"/> unless asked otherwise).</summary>
    public string Host { get; init; } = LocalHost;

    /// <summary>TCP port (0 = any free port; the server prints the one it got).</summary>
    public int Port { get; init; } = 8050;

    /// <summary>Output directory the results browser shows (figures from <c>reproduce</c>, studies); null = none.</summary>
    public string? ResultsDirectory { get; init; }

    /// <summary>Simulation jobs running at once; the rest queue.</summary>
    public int MaxJobs { get; init; } = 2;

    /// <summary>Jobs that may wait in the queue; beyond that a new job is refused (503).</summary>
    public int MaxQueued { get; init; } = 16;

    /// <summary>Finished jobs kept for <c>GET /api/jobs/{id}</c>; the oldest are forgotten first.</summary>
    public int MaxFinishedJobs { get; init; } = 64;

    /// <summary>Size limits every request is checked against before it allocates.</summary>
    public ServerLimits Limits { get; init; } = new();

    /// <summary>Whether <see cref="Host"/> is a loopback address (no warning needed).</summary>
    public bool IsLoopback => Host is LocalHost or "localhost" or "::1" or "[::1]";
}
