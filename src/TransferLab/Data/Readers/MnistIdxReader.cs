using System.Buffers.Binary;
using System.IO.Compression;
using TransferLab.Numerics;
using TransferLab.Validation;

namespace TransferLab.Data.Readers;

/// <summary>
/// Reader (and writer) of the IDX format used by MNIST / Fashion-MNIST (train-images-idx3-ubyte, train-labels-idx1-ubyte,
/// optionally gzip-compressed). Header: two zero bytes, a type byte (only 0x08 = unsigned byte is supported), the number of
/// dimensions, then each dimension as a big-endian int32; then the data. Every inconsistency raises a
/// <see cref="DataFormatException"/> naming the file.
/// </summary>
public static class MnistIdxReader
{
    /// <summary>An IDX array: its dimensions and raw bytes.</summary>
    public sealed record IdxArray(int[] Dimensions, byte[] Data);

    /// <summary>Reads any unsigned-byte IDX file (gzip detected by its magic bytes).</summary>
    public static IdxArray ReadIdx(string path)
    {
        var bytes = ImageScaling.ReadAll(path);
        if (bytes.Length >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b)
        {
            try
            {
                using var gz = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
                using var ms = new MemoryStream();
                gz.CopyTo(ms);
                bytes = ms.ToArray();
            }
            catch (InvalidDataException e)
            {
                throw new DataFormatException(path, $"corrupt gzip stream ({e.Message})");
            }
        }
        if (bytes.Length < 4) throw new DataFormatException(path, $"file has {bytes.Length} bytes, too short for an IDX header");
        if (bytes[0] != 0 || bytes[1] != 0) throw new DataFormatException(path, $"bad IDX magic 0x{bytes[0]:x2}{bytes[1]:x2} (expected 0x0000): not an IDX file");
        if (bytes[2] != 0x08) throw new DataFormatException(path, $"IDX data type 0x{bytes[2]:x2} is not supported (only 0x08, unsigned byte)");
        int nd = bytes[3];
        if (nd == 0) throw new DataFormatException(path, "IDX header declares 0 dimensions");
        int header = 4 + 4 * nd;
        if (bytes.Length < header) throw new DataFormatException(path, $"truncated IDX header: {nd} dimensions need {header} bytes, file has {bytes.Length}");
        var dims = new int[nd];
        long total = 1;
        for (int k = 0; k < nd; k++)
        {
            dims[k] = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + 4 * k));
            if (dims[k] <= 0) throw new DataFormatException(path, $"dimension {k} is {dims[k]} (must be > 0)");
            total *= dims[k];
        }
        long have = bytes.Length - header;
        if (have != total)
            throw new DataFormatException(path, have < total
                ? $"truncated: header declares {string.Join("×", dims)} = {total} values but only {have} bytes follow"
                : $"{have - total} unexpected bytes after the {total} values declared by the header");
        return new IdxArray(dims, bytes[header..]);
    }

    /// <summary>Reads an images file (idx3: n × rows × cols) as an n×(rows·cols) matrix.</summary>
    public static Matrix ReadImages(string path, PixelScaling scaling = PixelScaling.UnitInterval)
    {
        var a = ReadIdx(path);
        if (a.Dimensions.Length != 3) throw new DataFormatException(path, $"an images file must have 3 dimensions (n, rows, cols), found {a.Dimensions.Length}");
        int n = a.Dimensions[0], p = a.Dimensions[1] * a.Dimensions[2];
        var m = new Matrix(n, p);
        for (int i = 0; i < a.Data.Length; i++) m.Data[i] = a.Data[i];
        ImageScaling.Apply(m, scaling);
        return m;
    }

    /// <summary>Reads a labels file (idx1: n).</summary>
    public static int[] ReadLabels(string path)
    {
        var a = ReadIdx(path);
        if (a.Dimensions.Length != 1) throw new DataFormatException(path, $"a labels file must have 1 dimension, found {a.Dimensions.Length}");
        return a.Data.Select(b => (int)b).ToArray();
    }

    /// <summary>Reads an images file and its labels file; the counts must agree.</summary>
    public static LabeledImages Read(string imagesPath, string labelsPath, PixelScaling scaling = PixelScaling.UnitInterval)
    {
        var images = ReadImages(imagesPath, scaling);
        var labels = ReadLabels(labelsPath);
        if (labels.Length != images.Rows)
            throw new DataFormatException(labelsPath, $"has {labels.Length} labels but {imagesPath} has {images.Rows} images");
        return new LabeledImages(images, labels, null, imagesPath + "," + labelsPath);
    }

    /// <summary>Writes an unsigned-byte IDX file (atomically).</summary>
    public static void Write(string path, int[] dimensions, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        long total = 1;
        foreach (var d in dimensions) { Require.Positive("dimension", d); total *= d; }
        if (total != data.Length) throw new ParameterException("data", data.Length, $"must hold {total} bytes");
        var buf = new byte[4 + 4 * dimensions.Length + data.Length];
        buf[2] = 0x08;
        buf[3] = checked((byte)dimensions.Length);
        for (int k = 0; k < dimensions.Length; k++) BinaryPrimitives.WriteInt32BigEndian(buf.AsSpan(4 + 4 * k), dimensions[k]);
        data.CopyTo(buf.AsSpan(4 + 4 * dimensions.Length));
        ImageScaling.WriteAtomically(path, s => s.Write(buf));
    }
}
