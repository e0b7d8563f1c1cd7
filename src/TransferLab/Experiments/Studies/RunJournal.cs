using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace TransferLab.Experiments.Studies;

/// <summary>
/// One worker process's append-only journal: a file of its own in the store's <c>runs/</c> directory, created new (never
/// appended to by anyone else, so a crashed writer's torn tail is never glued to a later line), written with one
/// positional write per line. <see cref="AppendDurable"/> returns once the line is on disk (fdatasync on Linux,
/// fsync elsewhere); concurrent callers share one flush (group commit), which keeps the store's overhead per run
/// below a millisecond while no run counts before it is durable (docs/studies.md, "Store").
/// </summary>
public sealed partial class RunJournal : IDisposable
{
    private readonly SafeFileHandle _handle;
    private readonly object _writeGate = new();
    private readonly object _flushGate = new();
    private long _offset;
    private long _written;
    private long _flushed;
    private Exception? _broken;

    /// <summary>The journal's path.</summary>
    public string Path { get; }

    private RunJournal(string path, SafeFileHandle handle)
    {
        Path = path;
        _handle = handle;
    }

    /// <summary>Creates a new journal file named <paramref name="name"/> in <paramref name="directory"/> and makes its directory entry durable.</summary>
    public static RunJournal Create(string directory, string name)
    {
        Directory.CreateDirectory(directory);
        string path = System.IO.Path.Combine(directory, name);
        var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read | FileShare.Delete);
        SyncDirectory(directory);
        return new RunJournal(path, handle);
    }

    /// <summary>Appends a line (a newline is added) without waiting for the disk: it survives the process being killed, not the machine.</summary>
    public void Append(string line) => Write(line);

    /// <summary>Appends a line and returns once it (and every line before it) is on disk.</summary>
    public void AppendDurable(string line)
    {
        long seq = Write(line);
        lock (_flushGate)
        {
            // Another caller's flush may already have covered this line.
            if (Interlocked.Read(ref _flushed) >= seq) return;
            long upTo = Interlocked.Read(ref _written);
            Flush(_handle);
            Interlocked.Exchange(ref _flushed, upTo);
        }
    }

    private long Write(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line + "\n");
        lock (_writeGate)
        {
            // After a failed write the file may end in a partial line; nothing more may follow it.
            if (_broken is not null) throw new IOException($"journal {Path} failed earlier: {_broken.Message}", _broken);
            try
            {
                RandomAccess.Write(_handle, bytes, _offset);
            }
            catch (Exception e)
            {
                _broken = e;
                throw;
            }
            _offset += bytes.Length;
            return ++_written;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _handle.Dispose();

    private static void Flush(SafeFileHandle handle)
    {
        if (OperatingSystem.IsLinux())
        {
            // fdatasync skips the timestamp update fsync also writes: ~3× faster, and the file size (the data) is still covered.
            if (FdataSync(handle) != 0) throw new IOException($"fdatasync failed (errno {Marshal.GetLastPInvokeError()})");
            return;
        }
        RandomAccess.FlushToDisk(handle);
    }

    private static int FdataSync(SafeFileHandle handle)
    {
        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            return fdatasync((int)handle.DangerousGetHandle());
        }
        finally
        {
            if (added) handle.DangerousRelease();
        }
    }

    /// <summary>Makes a directory's entries (a newly created or renamed file) durable; a no-op where directories cannot be synced.</summary>
    public static void SyncDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return;
        int fd = open(directory, 0 /* O_RDONLY */);
        if (fd < 0) return;
        try { fsync(fd); }
        finally { close(fd); }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fdatasync(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fsync(int fd);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);
}
