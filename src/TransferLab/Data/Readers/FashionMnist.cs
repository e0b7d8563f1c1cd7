using TransferLab.Numerics;
using TransferLab.Validation;

namespace TransferLab.Data.Readers;

/// <summary>Which part of a data set with a fixed train/test split.</summary>
public enum DataSplit
{
    /// <summary>The training split (Fashion-MNIST: 60 000 images).</summary>
    Train,
    /// <summary>The test split (Fashion-MNIST: 10 000 images).</summary>
    Test,
}

/// <summary>
/// Fashion-MNIST (Xiao, Rasul &amp; Vollgraf 2017): 70 000 greyscale 28×28 images of 10 clothing classes in the IDX format,
/// as installed by Debian's package <c>dataset-fashion-mnist</c> under /usr/share/datasets/fashion-mnist. Nothing is downloaded:
/// the directory is the one given (parameter <c>data-dir</c>), else the environment variable TRANSFERLAB_DATA, else the
/// Debian location; a missing file is a <see cref="ParameterException"/> naming the package to install (docs/realdata.md).
/// </summary>
public static class FashionMnist
{
    /// <summary>The data set's name as the schema and the command line spell it.</summary>
    public const string Name = "fashion-mnist";

    /// <summary>The Debian package that installs the files.</summary>
    public const string DebianPackage = "dataset-fashion-mnist";

    /// <summary>Where the Debian package puts the files.</summary>
    public const string DefaultDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>The environment variable naming a directory that holds the files (used when no directory is given).</summary>
    public const string EnvironmentVariable = "TRANSFERLAB_DATA";

    /// <summary>Pixels per image (28·28).</summary>
    public const int PixelCount = 784;

    /// <summary>Class names, indexed by label 0–9 (the data set's documentation).</summary>
    public static readonly IReadOnlyList<string> ClassNames =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>Images and labels file of a split.</summary>
    public static (string Images, string Labels) FileNames(DataSplit split) => split == DataSplit.Train
        ? ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz")
        : ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");

    /// <summary>
    /// The directory to read: <paramref name="dataDirectory"/> when given, else TRANSFERLAB_DATA when set, else
    /// /usr/share/datasets/fashion-mnist. It must hold all four files (an explicitly given directory may also hold them in a
    /// <c>fashion-mnist</c> subdirectory, so TRANSFERLAB_DATA can point at a folder of several data sets).
    /// </summary>
    public static string Resolve(string? dataDirectory = null)
    {
        string? env = Environment.GetEnvironmentVariable(EnvironmentVariable);
        (string parameter, string dir) = !string.IsNullOrWhiteSpace(dataDirectory) ? ("data-dir", dataDirectory!)
            : !string.IsNullOrWhiteSpace(env) ? (EnvironmentVariable, env!)
            : ("dataset", DefaultDirectory);
        foreach (var candidate in new[] { dir, Path.Combine(dir, Name) })
            if (HasAllFiles(candidate)) return Path.GetFullPath(candidate);
        string value = parameter == "dataset" ? Name : dir;
        throw new ParameterException(parameter, value,
            $"Fashion-MNIST files ({string.Join(", ", AllFileNames())}) not found in {dir}; install the Debian package {DebianPackage} " +
            $"(apt-get install {DebianPackage}, files in {DefaultDirectory}) or name a directory holding them with data-dir or {EnvironmentVariable}");
    }

    /// <summary>Reads one split (pixels p/255 in [0, 1]) from <see cref="Resolve"/>'s directory.</summary>
    public static LabeledImages Load(DataSplit split, string? dataDirectory = null, PixelScaling scaling = PixelScaling.UnitInterval)
    {
        string dir = Resolve(dataDirectory);
        var (images, labels) = FileNames(split);
        var d = MnistIdxReader.Read(Path.Combine(dir, images), Path.Combine(dir, labels), scaling);
        if (d.Images.Cols != PixelCount) throw new DataFormatException(Path.Combine(dir, images), $"images have {d.Images.Cols} pixels, Fashion-MNIST has {PixelCount}");
        foreach (var l in d.Labels)
            if (l > 9) throw new DataFormatException(Path.Combine(dir, labels), $"label {l} is out of range 0–9");
        return d;
    }

    /// <summary>The name of class <paramref name="label"/>.</summary>
    public static string ClassName(int label) => label >= 0 && label < ClassNames.Count ? ClassNames[label] : $"class {label}";

    /// <summary>Images per label 0–9.</summary>
    public static int[] Histogram(IReadOnlyList<int> labels)
    {
        var h = new int[ClassNames.Count];
        foreach (var l in labels) h[l]++;
        return h;
    }

    private static IEnumerable<string> AllFileNames() =>
        new[] { DataSplit.Train, DataSplit.Test }.SelectMany(s => { var (a, b) = FileNames(s); return new[] { a, b }; });

    private static bool HasAllFiles(string dir) => Directory.Exists(dir) && AllFileNames().All(f => File.Exists(Path.Combine(dir, f)));
}

/// <summary>Fashion-MNIST rows reduced to principal components (fitted on the same rows).</summary>
/// <param name="X">n×d rows: centred coordinates (not whitened), or whitened rows of norm √d (<see cref="PrincipalComponents.ProjectWhitenedOnSphere"/>).</param>
/// <param name="Labels">Class labels 0–9.</param>
/// <param name="Components">The fitted mean, spectrum and kept eigenvectors.</param>
/// <param name="Source">The directory read.</param>
public sealed record PrincipalRows(Matrix X, int[] Labels, PrincipalComponents Components, string Source)
{
    /// <summary>
    /// The first <paramref name="maxRows"/> rows of the training split projected on their top <paramref name="d"/> principal
    /// components; <paramref name="whiten"/> selects unit-variance components on the sphere of radius √d.
    /// </summary>
    public static PrincipalRows FashionMnistTrain(int d, int maxRows, string? dataDirectory, bool whiten)
    {
        Require.Positive("max-rows", maxRows);
        var data = FashionMnist.Load(DataSplit.Train, dataDirectory);
        int n = Math.Min(maxRows, data.Count);
        var raw = n == data.Count ? data.Images : new Matrix(n, FashionMnist.PixelCount, data.Images.Data.AsSpan(0, n * FashionMnist.PixelCount).ToArray());
        var pcs = PrincipalComponents.Fit(raw, d);
        var x = whiten ? pcs.ProjectWhitenedOnSphere(raw) : pcs.Project(raw);
        return new PrincipalRows(x, data.Labels[..n], pcs, FashionMnist.Resolve(dataDirectory));
    }
}
