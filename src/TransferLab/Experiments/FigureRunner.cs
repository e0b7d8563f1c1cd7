using System.Diagnostics;
using TransferLab.Validation;

namespace TransferLab.Experiments;

/// <summary>The outcome of one figure run.</summary>
public sealed record FigureRunResult(Figure Figure, Manifest Manifest, IReadOnlyList<string> Files, double ElapsedSeconds);

/// <summary>
/// Runs a figure into a staging directory next to the output and moves the files into place only when
/// the figure completed: an interrupted or failed run leaves no partial outputs behind.
/// </summary>
public static class FigureRunner
{
    /// <summary>
    /// Checks that <paramref name="outDir"/> can be created and written; throws
    /// <see cref="ParameterException"/> for <paramref name="parameter"/> otherwise.
    /// </summary>
    public static string PrepareOutputDirectory(string outDir, string parameter = "out")
    {
        if (string.IsNullOrWhiteSpace(outDir)) throw new ParameterException(parameter, "(empty)", "expected the path of a directory");
        string full;
        try
        {
            full = Path.GetFullPath(outDir);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new ParameterException(parameter, outDir, $"is not a valid directory path ({e.Message})");
        }
        if (File.Exists(full)) throw new ParameterException(parameter, outDir, "is an existing file; give a directory");
        try
        {
            System.IO.Directory.CreateDirectory(full);
            string probe = Path.Combine(full, $".transferlab-probe-{Guid.NewGuid():N}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new ParameterException(parameter, outDir, $"is not a writable directory ({e.Message})");
        }
        return full;
    }

    /// <summary>Runs <paramref name="figure"/> and publishes its outputs into <paramref name="outDir"/>.</summary>
    /// <remarks><paramref name="runs"/> supplies the figure's runs (default: computed here); a collect reads them from a run store.</remarks>
    public static FigureRunResult Run(Figure figure, bool quick, string outDir, ulong seed, int threads,
        ProgressBoard? board = null, TextWriter? log = null, FigureRuns? runs = null, string? dataDirectory = null)
    {
        string full = PrepareOutputDirectory(outDir);
        using var outputLock = OutputLock.Acquire(full);
        string staging = Path.Combine(full, $"{OutputLock.StagingPrefix}{figure.Id}-{Guid.NewGuid():N}");
        Interruption.Track(staging);
        System.IO.Directory.CreateDirectory(staging);
        var started = DateTime.UtcNow;
        var sw = Stopwatch.StartNew();
        try
        {
            var ctx = new FigureContext(quick, seed, threads, staging, board, log, runs) { DataDirectory = dataDirectory };
            try
            {
                figure.Run(ctx);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                ctx.Runs.Finish(figure, e);
                throw;
            }
            ctx.Runs.Finish(figure, null);
            sw.Stop();
            string manifestName = $"{figure.Id}-manifest.json";
            var files = ctx.Files.Append(manifestName).ToList();
            var manifest = new Manifest
            {
                Figure = figure.Id,
                Paper = figure.Paper,
                Quick = quick,
                Seed = seed,
                Threads = ctx.Threads,
                StartedUtc = started,
                ElapsedSeconds = Math.Round(sw.Elapsed.TotalSeconds, 3),
                Parameters = new Dictionary<string, object?>(ctx.Notes),
                Headlines = ctx.Headlines.GroupBy(h => h.Name).ToDictionary(g => g.Key, g => g.Last().Value),
                Files = files,
            };
            File.WriteAllText(Path.Combine(staging, manifestName), manifest.ToJson());
            // Publish: rename within one file system is atomic per file; the manifest goes last so its
            // presence means the set is complete. An interruption waits for the gate, so it never splits a set.
            lock (Interruption.Gate)
            {
                if (Interruption.Aborted) throw new OperationCanceledException("interrupted before publishing");
                foreach (var f in ctx.Files)
                    File.Move(Path.Combine(staging, f), Path.Combine(full, f), overwrite: true);
                File.Move(Path.Combine(staging, manifestName), Path.Combine(full, manifestName), overwrite: true);
            }
            return new FigureRunResult(figure, manifest, files.Select(f => Path.Combine(full, f)).ToList(), sw.Elapsed.TotalSeconds);
        }
        finally
        {
            try { System.IO.Directory.Delete(staging, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            Interruption.Untrack(staging);
        }
    }
}
