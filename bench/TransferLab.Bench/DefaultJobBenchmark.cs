using BenchmarkDotNet.Attributes;
using TransferLab.Experiments;

namespace TransferLab.Bench;

/// <summary>Wall time of the default job (`./transferlab` with no arguments): every gallery figure at quick size.</summary>
public class DefaultJobBenchmark
{
    private string _dir = "";

    [GlobalSetup]
    public void Setup() => _dir = Path.Combine(Path.GetTempPath(), "transferlab-bench-" + Guid.NewGuid().ToString("N"));

    [GlobalCleanup]
    public void Cleanup()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, true);
    }

    [Benchmark]
    public int DefaultGallery()
    {
        int files = 0;
        foreach (var f in FigureCatalogue.All.Where(f => f.InDefaultGallery))
            files += FigureRunner.Run(f, quick: true, _dir, seed: 1, threads: Environment.ProcessorCount).Files.Count;
        return files;
    }
}
