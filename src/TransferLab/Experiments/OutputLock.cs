using TransferLab.Validation;

namespace TransferLab.Experiments;

/// <summary>
/// Exclusive use of an output directory by one process: an advisory lock (flock, which .NET takes for
/// <see cref="FileShare.None"/> on Unix) on <c>DIR/.transferlab.lock</c>. A second run into the same directory is
/// refused naming the holder's pid, instead of interleaving its files with the first's. The operating system drops
/// the lock when the holder exits, however it exits, so a killed run never leaves the directory locked (only the
/// two small lock files, which the next run reuses); a run that ends normally removes them. Acquiring the
/// lock also removes staging folders left by dead runs: while we hold it, no live run can own one.
/// Re-entrant within a process (a <c>reproduce all</c> takes it once per figure).
/// </summary>
public sealed class OutputLock : IDisposable
{
    /// <summary>The lock file's name inside the output directory.</summary>
    public const string FileName = ".transferlab.lock";

    /// <summary>The holder's pid, beside the lock file (flock keeps the lock file itself unreadable for others).</summary>
    public const string PidFileName = ".transferlab.pid";

    /// <summary>Prefix of the staging folders a run writes into before publishing.</summary>
    public const string StagingPrefix = ".staging-";

    private static readonly Dictionary<string, (FileStream Stream, int Count)> s_held = new(StringComparer.Ordinal);
    private readonly string _directory;
    private bool _disposed;

    private OutputLock(string directory) => _directory = directory;

    /// <summary>
    /// Locks <paramref name="directory"/> (an existing directory, full path) or throws <see cref="ParameterException"/>
    /// for <paramref name="parameter"/> when another process holds it.
    /// </summary>
    public static OutputLock Acquire(string directory, string parameter = "out")
    {
        lock (s_held)
        {
            if (s_held.TryGetValue(directory, out var held))
            {
                s_held[directory] = (held.Stream, held.Count + 1);
                return new OutputLock(directory);
            }
            string path = Path.Combine(directory, FileName);
            FileStream stream;
            try
            {
                stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                throw new ParameterException(parameter, directory, $"in use by {Holder(directory)}; wait for it to finish or choose another directory");
            }
            File.WriteAllText(Path.Combine(directory, PidFileName), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            s_held[directory] = (stream, 1);
            RemoveStaleStaging(directory);
            return new OutputLock(directory);
        }
    }

    private static string Holder(string directory)
    {
        try
        {
            string pid = File.ReadAllText(Path.Combine(directory, PidFileName)).Trim();
            return pid.Length > 0 && pid.All(char.IsAsciiDigit) ? $"pid {pid}" : "another process";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "another process";
        }
    }

    private static void RemoveStaleStaging(string directory)
    {
        foreach (var dir in Directory.EnumerateDirectories(directory, StagingPrefix + "*"))
        {
            if (Interruption.IsActiveStaging(dir)) continue;
            try { Directory.Delete(dir, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>Releases this hold; the lock goes when the last hold of the process is released.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        lock (s_held)
        {
            var (stream, count) = s_held[_directory];
            if (count > 1) { s_held[_directory] = (stream, count - 1); return; }
            s_held.Remove(_directory);
            // Unlink while still holding the lock, then unlock: the directory is left as clean as the run found it. A
            // process that opened the old file in between fails to lock it and reports the directory busy.
            try
            {
                File.Delete(Path.Combine(_directory, PidFileName));
                File.Delete(Path.Combine(_directory, FileName));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
            stream.Dispose();
        }
    }
}
