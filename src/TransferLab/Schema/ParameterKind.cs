namespace TransferLab.Schema;

/// <summary>The value type of a model parameter; decides how its text is parsed (<see cref="ValueParser"/>).</summary>
public enum ParameterKind
{
    /// <summary>A whole number (32-bit), no fraction, no exponent.</summary>
    Integer,
    /// <summary>A non-negative 64-bit whole number (seeds).</summary>
    Seed,
    /// <summary>A finite double (±∞ only where the parameter allows it).</summary>
    Real,
    /// <summary>A comma-separated, non-empty list of reals.</summary>
    RealList,
    /// <summary>A comma-separated, non-empty list of integers.</summary>
    IntegerList,
    /// <summary>One of a fixed set of names.</summary>
    Choice,
    /// <summary>A switch: present (true) or absent (false).</summary>
    Flag,
    /// <summary>A path to an existing file.</summary>
    FilePath,
    /// <summary>One or more paths to existing files, comma-separated (the command line also takes them as separate words).</summary>
    FilePathList,
    /// <summary>Free, non-empty text that no fixed set of names covers (e.g. a column name of a user's file).</summary>
    Text,
}
