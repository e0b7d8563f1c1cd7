using TransferLab.Numerics;
using TransferLab.Validation;

namespace TransferLab.Data.Readers;

/// <summary>Which CIFAR binary layout.</summary>
public enum CifarVariant
{
    /// <summary>CIFAR-10: records of 1 label byte (0–9) + 3072 pixel bytes.</summary>
    Cifar10,
    /// <summary>CIFAR-100: records of 1 coarse label byte (0–19) + 1 fine label byte (0–99) + 3072 pixel bytes.</summary>
    Cifar100,
}

/// <summary>
/// Reader (and writer, for tests and conversions) of the CIFAR-10/100 "binary version" files (data_batch_*.bin,
/// test_batch.bin, train.bin, test.bin). Each record holds the label byte(s) then 1024 red, 1024 green and 1024 blue
/// bytes of a 32×32 image, row-major. Nothing is downloaded: the caller points at files already on disk.
/// </summary>
public static class CifarReader
{
    /// <summary>Pixels per image (3·32·32).</summary>
    public const int PixelCount = 3072;

    /// <summary>Record size in bytes for a variant (3073 or 3074).</summary>
    public static int RecordSize(CifarVariant v) => PixelCount + LabelBytes(v);

    private static int LabelBytes(CifarVariant v) => v == CifarVariant.Cifar10 ? 1 : 2;

    /// <summary>Parses "cifar10"/"cifar-10"/"cifar100"/"cifar-100".</summary>
    public static CifarVariant ParseVariant(string name) => name.Trim().ToLowerInvariant().Replace("-", "") switch
    {
        "cifar10" => CifarVariant.Cifar10,
        "cifar100" => CifarVariant.Cifar100,
        _ => throw new ParameterException("format", name, "must be cifar10 or cifar100"),
    };

    /// <summary>
    /// Reads one or more binary files (concatenated in order). <paramref name="maxImages"/> limits how many records are
    /// read (null: all). Throws <see cref="DataFormatException"/> naming the file for a size that is not a whole number
    /// of records, an empty file, or a label out of range.
    /// </summary>
    public static LabeledImages Read(IReadOnlyList<string> paths, CifarVariant variant, PixelScaling scaling = PixelScaling.UnitInterval, int? maxImages = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Count == 0) throw new ParameterException("data", "(none)", "at least one CIFAR file is required");
        if (maxImages is { } mx) Require.Positive("max-images", mx);
        int rec = RecordSize(variant);
        var pixels = new List<byte[]>();
        var fine = new List<int>();
        var coarse = new List<int>();
        foreach (var path in paths)
        {
            var bytes = ImageScaling.ReadAll(path);
            if (bytes.Length == 0) throw new DataFormatException(path, "file is empty");
            if (bytes.Length % rec != 0)
            {
                string hint = bytes.Length % RecordSize(variant == CifarVariant.Cifar10 ? CifarVariant.Cifar100 : CifarVariant.Cifar10) == 0
                    ? $" (it is a multiple of the {(variant == CifarVariant.Cifar10 ? "CIFAR-100" : "CIFAR-10")} record size: wrong format?)"
                    : " (truncated or not a CIFAR binary file)";
                throw new DataFormatException(path, $"file size {bytes.Length} bytes is not a multiple of the {Label(variant)} record size {rec}{hint}");
            }
            int count = bytes.Length / rec;
            for (int k = 0; k < count; k++)
            {
                if (maxImages is { } lim && fine.Count >= lim) break;
                int off = k * rec;
                if (variant == CifarVariant.Cifar10)
                {
                    int l = bytes[off];
                    if (l > 9) throw new DataFormatException(path, $"record {k}: label {l} is out of range 0–9 for CIFAR-10");
                    fine.Add(l);
                }
                else
                {
                    int c = bytes[off], f = bytes[off + 1];
                    if (c > 19) throw new DataFormatException(path, $"record {k}: coarse label {c} is out of range 0–19 for CIFAR-100");
                    if (f > 99) throw new DataFormatException(path, $"record {k}: fine label {f} is out of range 0–99 for CIFAR-100");
                    coarse.Add(c);
                    fine.Add(f);
                }
                pixels.Add(bytes.AsSpan(off + LabelBytes(variant), PixelCount).ToArray());
            }
        }
        var m = new Matrix(fine.Count, PixelCount);
        for (int i = 0; i < pixels.Count; i++)
            for (int j = 0; j < PixelCount; j++) m.Data[i * PixelCount + j] = pixels[i][j];
        ImageScaling.Apply(m, scaling);
        return new LabeledImages(m, fine.ToArray(), variant == CifarVariant.Cifar100 ? coarse.ToArray() : null, string.Join(",", paths));
    }

    /// <summary>Reads a single file.</summary>
    public static LabeledImages Read(string path, CifarVariant variant, PixelScaling scaling = PixelScaling.UnitInterval, int? maxImages = null)
        => Read([path], variant, scaling, maxImages);

    /// <summary>
    /// Writes raw pixel bytes and labels in the CIFAR binary layout (atomically). <paramref name="pixels"/> holds n·3072 bytes;
    /// <paramref name="coarseLabels"/> is required for CIFAR-100 and must be null for CIFAR-10.
    /// </summary>
    public static void Write(string path, CifarVariant variant, ReadOnlySpan<byte> pixels, int[] labels, int[]? coarseLabels = null)
    {
        ArgumentNullException.ThrowIfNull(labels);
        int n = labels.Length;
        if (pixels.Length != n * PixelCount) throw new ParameterException("pixels", pixels.Length, $"must hold {n}·{PixelCount} bytes");
        if ((variant == CifarVariant.Cifar100) != (coarseLabels != null)) throw new ParameterException("coarse-labels", coarseLabels?.Length ?? 0, "required for CIFAR-100 only");
        if (coarseLabels != null && coarseLabels.Length != n) throw new ParameterException("coarse-labels", coarseLabels.Length, $"must have {n} entries");
        var buffer = new byte[n * RecordSize(variant)];
        int rec = RecordSize(variant);
        for (int i = 0; i < n; i++)
        {
            int off = i * rec;
            if (variant == CifarVariant.Cifar10) buffer[off] = checked((byte)labels[i]);
            else { buffer[off] = checked((byte)coarseLabels![i]); buffer[off + 1] = checked((byte)labels[i]); }
            pixels.Slice(i * PixelCount, PixelCount).CopyTo(buffer.AsSpan(off + LabelBytes(variant)));
        }
        ImageScaling.WriteAtomically(path, s => s.Write(buffer));
    }

    private static string Label(CifarVariant v) => v == CifarVariant.Cifar10 ? "CIFAR-10" : "CIFAR-100";
}
