using System.IO.Compression;
using TransferLab.Data.Readers;
using TransferLab.Numerics;

namespace TransferLab.Tests.Data;

public sealed class ReaderTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "tl-readers-" + Guid.NewGuid().ToString("N"));

    public ReaderTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string P(string name) => Path.Combine(_dir, name);

    private static byte[] RandomBytes(int n, ulong seed)
    {
        var rng = new Rng(seed);
        var b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte)rng.NextInt(256);
        return b;
    }

    [Fact]
    public void Cifar10RoundTripsPixelsAndLabels()
    {
        var px = RandomBytes(3 * 3072, 1);
        int[] labels = [0, 9, 4];
        CifarReader.Write(P("c10.bin"), CifarVariant.Cifar10, px, labels);
        Assert.Equal(3 * 3073, new FileInfo(P("c10.bin")).Length);
        var d = CifarReader.Read(P("c10.bin"), CifarVariant.Cifar10);
        Assert.Equal(labels, d.Labels);
        Assert.Null(d.CoarseLabels);
        for (int i = 0; i < px.Length; i++) Assert.Equal(px[i] / 255.0, d.Images.Data[i], 15);
        // Record layout: the second record's first red pixel sits right after its label byte.
        Assert.Equal(File.ReadAllBytes(P("c10.bin"))[3073 + 1] / 255.0, d.Images[1, 0], 15);
    }

    [Fact]
    public void Cifar100ReadsCoarseAndFineLabelsAndStandardizes()
    {
        var px = RandomBytes(4 * 3072, 2);
        int[] fine = [99, 0, 57, 3], coarse = [19, 0, 7, 2];
        CifarReader.Write(P("c100.bin"), CifarVariant.Cifar100, px, fine, coarse);
        var d = CifarReader.Read(P("c100.bin"), CifarVariant.Cifar100, PixelScaling.Standardized, maxImages: 3);
        Assert.Equal(fine[..3], d.Labels);
        Assert.Equal(coarse[..3], d.CoarseLabels);
        for (int j = 0; j < 3072; j += 511)
        {
            double mean = 0, sq = 0;
            for (int i = 0; i < 3; i++) { mean += d.Images[i, j]; sq += d.Images[i, j] * d.Images[i, j]; }
            Assert.Equal(0.0, mean / 3, 10);
            if (px[j] != px[3072 + j] || px[j] != px[2 * 3072 + j]) Assert.Equal(1.0, sq / 3, 10);
        }
    }

    [Fact]
    public void CifarRejectsTruncatedFileAndWrongVariantNamingTheFile()
    {
        var px = RandomBytes(2 * 3072, 3);
        CifarReader.Write(P("c.bin"), CifarVariant.Cifar10, px, [1, 2]);
        var bytes = File.ReadAllBytes(P("c.bin"));
        File.WriteAllBytes(P("trunc.bin"), bytes[..^10]);
        var e = Assert.Throws<DataFormatException>(() => CifarReader.Read(P("trunc.bin"), CifarVariant.Cifar10));
        Assert.Contains("trunc.bin", e.Message);
        Assert.Contains("not a multiple", e.Message);
        // 2 CIFAR-10 records = 6146 bytes = 2·3073, not a multiple of 3074.
        var w = Assert.Throws<DataFormatException>(() => CifarReader.Read(P("c.bin"), CifarVariant.Cifar100));
        Assert.Contains("c.bin", w.Message);
        bytes[3073] = 12; // label 12 in CIFAR-10
        File.WriteAllBytes(P("badlabel.bin"), bytes);
        var l = Assert.Throws<DataFormatException>(() => CifarReader.Read(P("badlabel.bin"), CifarVariant.Cifar10));
        Assert.Contains("record 1", l.Message);
        File.WriteAllBytes(P("empty.bin"), []);
        Assert.Contains("empty", Assert.Throws<DataFormatException>(() => CifarReader.Read(P("empty.bin"), CifarVariant.Cifar10)).Message);
        Assert.Throws<FileNotFoundException>(() => CifarReader.Read(P("missing.bin"), CifarVariant.Cifar10));
    }

    [Fact]
    public void MnistIdxRoundTripsPlainAndGzip()
    {
        var px = RandomBytes(5 * 4 * 3, 4);
        byte[] lab = [7, 0, 3, 9, 1];
        MnistIdxReader.Write(P("img"), [5, 4, 3], px);
        MnistIdxReader.Write(P("lab"), [5], lab);
        var d = MnistIdxReader.Read(P("img"), P("lab"));
        Assert.Equal(5, d.Images.Rows);
        Assert.Equal(12, d.Images.Cols);
        Assert.Equal(lab.Select(b => (int)b), d.Labels);
        for (int i = 0; i < px.Length; i++) Assert.Equal(px[i] / 255.0, d.Images.Data[i], 15);
        // Header bytes as specified by the IDX format: 00 00 08 03, then big-endian 5, 4, 3.
        Assert.Equal(new byte[] { 0, 0, 8, 3, 0, 0, 0, 5, 0, 0, 0, 4, 0, 0, 0, 3 }, File.ReadAllBytes(P("img"))[..16]);
        using (var fs = File.Create(P("img.gz")))
        using (var gz = new GZipStream(fs, CompressionLevel.Fastest)) gz.Write(File.ReadAllBytes(P("img")));
        Assert.Equal(d.Images.Data, MnistIdxReader.ReadImages(P("img.gz")).Data);
    }

    [Fact]
    public void MnistRejectsTruncationBadMagicAndLabelCountMismatch()
    {
        MnistIdxReader.Write(P("img"), [3, 2, 2], RandomBytes(12, 5));
        MnistIdxReader.Write(P("lab4"), [4], [1, 2, 3, 4]);
        var e = Assert.Throws<DataFormatException>(() => MnistIdxReader.Read(P("img"), P("lab4")));
        Assert.Contains("lab4", e.Message);
        Assert.Contains("4 labels", e.Message);
        var bytes = File.ReadAllBytes(P("img"));
        File.WriteAllBytes(P("short"), bytes[..^3]);
        Assert.Contains("truncated", Assert.Throws<DataFormatException>(() => MnistIdxReader.ReadImages(P("short"))).Message);
        File.WriteAllBytes(P("hdr"), bytes[..9]);
        Assert.Contains("header", Assert.Throws<DataFormatException>(() => MnistIdxReader.ReadImages(P("hdr"))).Message);
        var bad = (byte[])bytes.Clone(); bad[0] = 0x50;
        File.WriteAllBytes(P("magic"), bad);
        Assert.Contains("magic", Assert.Throws<DataFormatException>(() => MnistIdxReader.ReadImages(P("magic"))).Message);
        var f = (byte[])bytes.Clone(); f[2] = 0x0D;
        File.WriteAllBytes(P("float"), f);
        Assert.Contains("not supported", Assert.Throws<DataFormatException>(() => MnistIdxReader.ReadImages(P("float"))).Message);
        Assert.Contains("3 dimensions", Assert.Throws<DataFormatException>(() => MnistIdxReader.ReadImages(P("lab4"))).Message);
    }

    [Fact]
    public void CsvRoundTripsExactlyWithLabelColumn()
    {
        var rng = new Rng(6);
        var x = rng.GaussianMatrix(6, 3);
        var y = rng.Gaussian(6);
        CsvMatrixReader.Write(P("t.csv"), x, y);
        var t = CsvMatrixReader.Read(P("t.csv"), "label");
        Assert.Equal(x.Data, t.Features.Data);
        Assert.Equal(y, t.Labels);
        Assert.Equal(["x0", "x1", "x2"], t.FeatureNames);
        File.WriteAllText(P("nohdr.csv"), "1,2.5,3\n4,5,6e-1\n");
        var u = CsvMatrixReader.Read(P("nohdr.csv"), "0");
        Assert.Equal(new double[] { 1, 4 }, u.Labels);
        Assert.Equal(new double[] { 2.5, 3, 5, 0.6 }, u.Features.Data);
    }

    [Fact]
    public void CsvRejectsRaggedRowsAndNonNumericCellsWithLineNumbers()
    {
        File.WriteAllText(P("rag.csv"), "a,b\n1,2\n3\n");
        var e = Assert.Throws<DataFormatException>(() => CsvMatrixReader.Read(P("rag.csv")));
        Assert.Contains("rag.csv", e.Message);
        Assert.Contains("line 3", e.Message);
        File.WriteAllText(P("nan.csv"), "a,b\n1,2\n3,abc\n");
        var n = Assert.Throws<DataFormatException>(() => CsvMatrixReader.Read(P("nan.csv")));
        Assert.Contains("'abc'", n.Message);
        File.WriteAllText(P("empty.csv"), "\n\n");
        Assert.Throws<DataFormatException>(() => CsvMatrixReader.Read(P("empty.csv")));
        File.WriteAllText(P("ok.csv"), "a,b\n1,2\n");
        Assert.Throws<TransferLab.Validation.ParameterException>(() => CsvMatrixReader.Read(P("ok.csv"), "zzz"));
    }

    [Fact]
    public void WritersLeaveNoTemporaryFiles()
    {
        CifarReader.Write(P("w.bin"), CifarVariant.Cifar10, new byte[3072], [5]);
        Assert.Equal(["w.bin"], Directory.GetFiles(_dir).Select(Path.GetFileName));
    }
}
