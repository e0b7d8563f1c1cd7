using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace TransferLab.Experiments.Studies;

/// <summary>
/// One worker process's append-only journal: a file of its own in the store's <c>runs/</c> directory, created new (never
/// appended to by anyone else, so a crashed writer's torn tail is never glued to a later line), written with one
/// positional write per line. A line handed to <see cref="Append"/> is in the kernel when the call returns, so it survives
/// the process being killed at any moment; a flusher thread makes it durable (fdatasync on Linux, fsync elsewhere)
/// right behind the writers, one flush covering every line written since the last (group commit), so no writer waits
/// for the disk. <see cref="Durable"/> reports what is on disk; <see cref="AppendDurable"/> waits for it
/// (docs/studies.md, "Store").
/// </summary>
public sealed partial class RunJournal : IDisposable
{
    private readonly SafeFileHandle _handle;
    private readonly object _writeGate = new();
    private readonly object _flushGate = new();
    private readonly Thread _flusher;
    private long _offset;
    private long _written, _countedWritten;
    private long _flushed;
    private bool _closing;
    private Exception? _broken;

    /// <summary>The journal's path.</summary>
    public string Path { get; }

    /// <summary>Called on the flusher thread after each flush with the number of counted lines (<see cref="Append"/>'s <c>counts</c>) now on disk.</summary>
    public event Action<long>? Durable;

    private RunJournal(string path, SafeFileHandle handle)
    {
        Path = path;
        _handle = handle;
        _flusher = new Thread(FlushLoop) { IsBackground = true, Name = "study-journal-flusher" };
        _flusher.Start();
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

    /// <summary>
    /// Appends a line (a newline is added) and returns its sequence number once the kernel has it (it survives the process
    /// being killed); the flusher makes it durable shortly after. <paramref name="counts"/> marks a line that
    /// <see cref="Durable"/> counts (a run record).
    /// </summary>
    public long Append(string line, bool counts = false)
    {
        var bytes = Encoding.UTF8.GetBytes(line + "\n");
        long seq;
        lock (_writeGate)
        {
            // After a failed write the file may end in a partial line; nothing more may follow it.
            if (_broken is not null) throw new IOException($"journal {Path} failed: {_broken.Message}", _broken);
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
            seq = ++_written;
            if (counts) _countedWritten++;
        }
        lock (_flushGate) Monitor.PulseAll(_flushGate);
        return seq;
    }

    /// <summary>Appends a line and returns once it, and every line before it, is on disk.</summary>
    public void AppendDurable(string line, bool counts = false) => WaitDurable(Append(line, counts));

    /// <summary>Blocks until line <paramref name="seq"/> and all before it are on disk.</summary>
    public void WaitDurable(long seq)
    {
        lock (_flushGate)
            while (Interlocked.Read(ref _flushed) < seq)
            {
                if (_broken is not null) throw new IOException($"journal {Path} failed: {_broken.Message}", _broken);
                Monitor.Wait(_flushGate);
            }
    }

    private void FlushLoop()
    {
        while (true)
        {
            long upTo, counted;
            lock (_flushGate)
            {
                while (Interlocked.Read(ref _written) == Interlocked.Read(ref _flushed) && !_closing) Monitor.Wait(_flushGate);
                if (_closing && Interlocked.Read(ref _written) == Interlocked.Read(ref _flushed)) return;
            }
            lock (_writeGate)
            {
                upTo = _written;
                counted = _countedWritten;
            }
            try
            {
                Flush(_handle);
            }
            catch (Exception e)
            {
                lock (_writeGate) _broken ??= e;
                lock (_flushGate) Monitor.PulseAll(_flushGate);
                return;
            }
            lock (_flushGate)
            {
                Interlocked.Exchange(ref _flushed, upTo);
                Monitor.PulseAll(_flushGate);
            }
            Durable?.Invoke(counted);
        }
    }

    /// <summary>Flushes what is written, stops the flusher and closes the file.</summary>
    public void Dispose()
    {
        lock (_flushGate)
        {
            _closing = true;
            Monitor.PulseAll(_flushGate);
        }
        _flusher.Join();
        _handle.Dispose();
    }

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
