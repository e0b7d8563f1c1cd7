using TransferLab.Numerics;

namespace TransferLab.Data.Readers;

/// <summary>How raw 0–255 pixel bytes are turned into doubles.</summary>
public enum PixelScaling
{
    /// <summary>p/255, in [0, 1].</summary>
    UnitInterval,
    /// <summary>Per-feature standardisation over the loaded set: (p − mean_j)/sd_j (sd 0 → feature set to 0).</summary>
    Standardized,
}

/// <summary>Images as rows of a matrix plus integer labels.</summary>
/// <param name="Images">n×p pixels (CIFAR: p = 3072 in channel-major order R(32×32), G, B; MNIST: rows×cols).</param>
/// <param name="Labels">n labels (CIFAR-100: the fine label, 0–99).</param>
/// <param name="CoarseLabels">CIFAR-100 coarse labels (0–19); null for other formats.</param>
/// <param name="Source">File(s) the data came from.</param>
public sealed record LabeledImages(Matrix Images, int[] Labels, int[]? CoarseLabels, string Source)
{
    /// <summary>Number of images.</summary>
    public int Count => Labels.Length;
}

/// <summary>Pixel scaling and small helpers shared by the image readers.</summary>
public static class ImageScaling
{
    /// <summary>Converts bytes to doubles according to <paramref name="scaling"/>, in place on <paramref name="m"/> (which holds raw 0–255 values).</summary>
    public static void Apply(Matrix m, PixelScaling scaling)
    {
        var d = m.Data;
        if (scaling == PixelScaling.UnitInterval)
        {
            for (int i = 0; i < d.Length; i++) d[i] /= 255.0;
            return;
        }
        int n = m.Rows, p = m.Cols;
        var mean = new double[p];
        var sq = new double[p];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < p; j++) { double v = d[i * p + j]; mean[j] += v; sq[j] += v * v; }
        for (int j = 0; j < p; j++)
        {
            mean[j] /= n;
            double var = sq[j] / n - mean[j] * mean[j];
            sq[j] = var > 1e-12 ? 1.0 / Math.Sqrt(var) : 0.0;
        }
        for (int i = 0; i < n; i++)
            for (int j = 0; j < p; j++) d[i * p + j] = (d[i * p + j] - mean[j]) * sq[j];
    }

    /// <summary>Writes bytes to <paramref name="path"/> through a temporary file and a rename, so no partial file is left behind.</summary>
    public static void WriteAtomically(string path, Action<Stream> write)
    {
        string full = Path.GetFullPath(path);
        string tmp = full + ".tmp-" + Environment.ProcessId;
        try
        {
            using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write)) write(fs);
            File.Move(tmp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    internal static byte[] ReadAll(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: file not found", path);
        return File.ReadAllBytes(path);
    }
}
