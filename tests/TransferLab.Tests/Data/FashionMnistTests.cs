using System.IO.Compression;
using System.Security.Cryptography;
using TransferLab.Data;
using TransferLab.Data.Readers;
using TransferLab.Numerics;
using TransferLab.Validation;

namespace TransferLab.Tests.Data;

/// <summary>A fact that needs the Fashion-MNIST files of the Debian package; skipped, saying how to get them, when they are absent.</summary>
public sealed class RequiresFashionMnistFactAttribute : FactAttribute
{
    public RequiresFashionMnistFactAttribute()
    {
        if (!File.Exists(Path.Combine(FashionMnist.DefaultDirectory, "train-images-idx3-ubyte.gz")))
            Skip = $"Fashion-MNIST is not installed: apt-get install -y {FashionMnist.DebianPackage} (.ci/run does)";
    }
}

/// <summary>
/// The Fashion-MNIST data set: the real files when installed (counts, label histogram, the first image against the raw gzip
/// bytes decoded here), and the directory resolution on generated files. One class, so the tests that set TRANSFERLAB_DATA
/// never run next to those that read the default location.
/// </summary>
public sealed class FashionMnistTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "tl-fashion-" + Guid.NewGuid().ToString("N"));

    public FashionMnistTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [RequiresFashionMnistFact]
    public void RealFilesHaveTheDocumentedCountsAndBalancedClasses()
    {
        var train = FashionMnist.Load(DataSplit.Train, FashionMnist.DefaultDirectory);
        var test = FashionMnist.Load(DataSplit.Test, FashionMnist.DefaultDirectory);
        Assert.Equal(60000, train.Count);
        Assert.Equal(10000, test.Count);
        Assert.Equal(784, train.Images.Cols);
        Assert.All(FashionMnist.Histogram(train.Labels), h => Assert.Equal(6000, h));
        Assert.All(FashionMnist.Histogram(test.Labels), h => Assert.Equal(1000, h));
    }

    [RequiresFashionMnistFact]
    public void FirstImageAndLabelMatchTheRawGzipBytes()
    {
        // Decoded here from the file's bytes: 16-byte header (magic 0x00000803, n, rows, cols), then row-major pixels.
        byte[] raw = Decompress(Path.Combine(FashionMnist.DefaultDirectory, "train-images-idx3-ubyte.gz"));
        Assert.Equal(new byte[] { 0, 0, 8, 3 }, raw[..4]);
        Assert.Equal(28, (raw[8] << 24) | (raw[9] << 16) | (raw[10] << 8) | raw[11]);
        var firstRaw = raw.AsSpan(16, 784).ToArray();
        byte[] labels = Decompress(Path.Combine(FashionMnist.DefaultDirectory, "train-labels-idx1-ubyte.gz"));
        Assert.Equal(new byte[] { 0, 0, 8, 1 }, labels[..4]);

        var train = FashionMnist.Load(DataSplit.Train, FashionMnist.DefaultDirectory);
        var firstRead = Enumerable.Range(0, 784).Select(j => checked((byte)Math.Round(train.Images[0, j] * 255))).ToArray();
        Assert.Equal(Convert.ToHexString(SHA256.HashData(firstRaw)), Convert.ToHexString(SHA256.HashData(firstRead)));
        Assert.Equal(firstRaw.Sum(b => (long)b), firstRead.Sum(b => (long)b));
        Assert.Equal(labels[8], train.Labels[0]);
        Assert.Equal(labels[8 + 59999], train.Labels[59999]);
    }

    [Fact]
    public void ResolvesAGivenDirectoryThenTheEnvironmentAndNamesThePackageWhenMissing()
    {
        string good = Path.Combine(_dir, "good");
        WriteGenerated(good, 12, 3);
        Assert.Equal(Path.GetFullPath(good), FashionMnist.Resolve(good));
        // A folder of several data sets: the files in its fashion-mnist subdirectory.
        WriteGenerated(Path.Combine(_dir, "many", FashionMnist.Name), 12, 3);
        Assert.Equal(Path.GetFullPath(Path.Combine(_dir, "many", FashionMnist.Name)), FashionMnist.Resolve(Path.Combine(_dir, "many")));

        var missing = Assert.Throws<ParameterException>(() => FashionMnist.Resolve(Path.Combine(_dir, "empty")));
        Assert.Equal("data-dir", missing.Parameter);
        Assert.Contains(FashionMnist.DebianPackage, missing.Message);

        string? before = Environment.GetEnvironmentVariable(FashionMnist.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(FashionMnist.EnvironmentVariable, good);
            Assert.Equal(Path.GetFullPath(good), FashionMnist.Resolve());
            var d = FashionMnist.Load(DataSplit.Test);
            Assert.Equal(3, d.Count);
            Environment.SetEnvironmentVariable(FashionMnist.EnvironmentVariable, Path.Combine(_dir, "empty"));
            var e = Assert.Throws<ParameterException>(() => FashionMnist.Resolve());
            Assert.Equal(FashionMnist.EnvironmentVariable, e.Parameter);
            Assert.Contains(FashionMnist.DebianPackage, e.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable(FashionMnist.EnvironmentVariable, before);
        }
    }

    [Fact]
    public void ReadsGeneratedSplitsPixelForPixel()
    {
        string dir = Path.Combine(_dir, "gen");
        var (trainPixels, trainLabels) = WriteGenerated(dir, 7, 4);
        var d = FashionMnist.Load(DataSplit.Train, dir);
        Assert.Equal(trainLabels, d.Labels);
        for (int i = 0; i < trainPixels.Length; i++) Assert.Equal(trainPixels[i] / 255.0, d.Images.Data[i], 15);
    }

    /// <summary>Writes gzip-compressed IDX files of both splits with random pixels and labels; returns the training split's bytes.</summary>
    private static (byte[] Pixels, int[] Labels) WriteGenerated(string dir, int nTrain, int nTest)
    {
        Directory.CreateDirectory(dir);
        var rng = new Rng(7);
        (byte[], int[]) Split(DataSplit split, int n)
        {
            var px = new byte[n * 784];
            for (int i = 0; i < px.Length; i++) px[i] = (byte)rng.NextInt(256);
            var lab = Enumerable.Range(0, n).Select(_ => rng.NextInt(10)).ToArray();
            var (images, labels) = FashionMnist.FileNames(split);
            string ti = Path.Combine(dir, "tmp-images"), tl = Path.Combine(dir, "tmp-labels");
            MnistIdxReader.Write(ti, [n, 28, 28], px);
            MnistIdxReader.Write(tl, [n], lab.Select(l => (byte)l).ToArray());
            Gzip(ti, Path.Combine(dir, images));
            Gzip(tl, Path.Combine(dir, labels));
            return (px, lab);
        }
        var train = Split(DataSplit.Train, nTrain);
        Split(DataSplit.Test, nTest);
        return train;
    }

    private static void Gzip(string from, string to)
    {
        using (var input = File.OpenRead(from))
        using (var output = new GZipStream(File.Create(to), CompressionLevel.Fastest))
            input.CopyTo(output);
        File.Delete(from);
    }

    private static byte[] Decompress(string path)
    {
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var ms = new MemoryStream();
        gz.CopyTo(ms);
        return ms.ToArray();
    }
}
