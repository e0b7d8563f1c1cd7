namespace TransferLab.Experiments;

/// <summary>
/// What an interrupted run must undo: the staging folders it is writing into. A front end that catches SIGINT or
/// SIGTERM calls <see cref="Abort"/> before exiting; publishing a figure (moving its files from staging into the output
/// directory) holds <see cref="Gate"/>, so an interruption lands either before a figure is published (nothing of it
/// appears) or after (all of it appears), never in between.
/// </summary>
public static class Interruption
{
    private static readonly HashSet<string> s_staging = new(StringComparer.Ordinal);

    /// <summary>Held while files are published and while an interruption cleans up.</summary>
    public static object Gate { get; } = new();

    /// <summary>True once <see cref="Abort"/> ran: nothing may be published any more.</summary>
    public static bool Aborted { get; private set; }

    /// <summary>Records a staging folder in use.</summary>
    public static void Track(string stagingDirectory)
    {
        lock (s_staging) s_staging.Add(stagingDirectory);
    }

    /// <summary>Forgets a staging folder (published or removed).</summary>
    public static void Untrack(string stagingDirectory)
    {
        lock (s_staging) s_staging.Remove(stagingDirectory);
    }

    /// <summary>Whether this process is writing into <paramref name="stagingDirectory"/>.</summary>
    public static bool IsActiveStaging(string stagingDirectory)
    {
        lock (s_staging) return s_staging.Contains(stagingDirectory);
    }

    /// <summary>
    /// Removes every staging folder of this process (waiting for a publish in progress to finish) and returns how many
    /// were removed. Workers may still be writing: removal is retried briefly.
    /// </summary>
    public static int Abort()
    {
        lock (Gate)
        {
            Aborted = true;
            string[] dirs;
            lock (s_staging) dirs = s_staging.ToArray();
            foreach (var dir in dirs)
            {
                for (int attempt = 0; attempt < 5 && Directory.Exists(dir); attempt++)
                {
                    try { Directory.Delete(dir, recursive: true); }
                    catch (IOException) { Thread.Sleep(20); }
                    catch (UnauthorizedAccessException) { break; }
                }
                Untrack(dir);
            }
            return dirs.Length;
        }
    }
}
