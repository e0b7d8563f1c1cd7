namespace TransferLab.Data.Readers;

/// <summary>
/// A data file is malformed, truncated or inconsistent. The message always names the file and what is wrong
/// (e.g. "data/train.bin: file size 3073 bytes is not a multiple of the CIFAR-100 record size 3074 …"). Derives from
/// <see cref="FormatException"/>, which the CLI maps to a one-line error and exit code 2.
/// </summary>
public sealed class DataFormatException : FormatException
{
    /// <summary>The offending file.</summary>
    public string FilePath { get; }

    /// <summary>Creates the exception; the message is "<paramref name="path"/>: <paramref name="problem"/>".</summary>
    public DataFormatException(string path, string problem) : base($"{path}: {problem}")
    {
        FilePath = path;
    }
}
