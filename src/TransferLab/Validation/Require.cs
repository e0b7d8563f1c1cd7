namespace TransferLab.Validation;

/// <summary>Boundary checks that throw <see cref="ParameterException"/> with the valid range in the message.</summary>
public static class Require
{
    private static void Finite(string name, double v)
    {
        if (!double.IsFinite(v)) throw new ParameterException(name, v, "must be a finite number");
    }

    /// <summary>v &gt; 0.</summary>
    public static double Positive(string name, double v)
    {
        Finite(name, v);
        if (!(v > 0)) throw new ParameterException(name, v, "must be > 0");
        return v;
    }

    /// <summary>v &gt; 0 (integers).</summary>
    public static int Positive(string name, int v)
    {
        if (v <= 0) throw new ParameterException(name, v, "must be a positive integer (≥ 1)");
        return v;
    }

    /// <summary>v ≥ 0.</summary>
    public static double NonNegative(string name, double v)
    {
        Finite(name, v);
        if (!(v >= 0)) throw new ParameterException(name, v, "must be ≥ 0");
        return v;
    }

    /// <summary>v ≥ min (integers).</summary>
    public static int AtLeast(string name, int v, int min)
    {
        if (v < min) throw new ParameterException(name, v, $"must be ≥ {min}");
        return v;
    }

    /// <summary>v ≥ min.</summary>
    public static double AtLeast(string name, double v, double min)
    {
        Finite(name, v);
        if (!(v >= min)) throw new ParameterException(name, v, $"must be ≥ {min}");
        return v;
    }

    /// <summary>lo ≤ v ≤ hi.</summary>
    public static double InRange(string name, double v, double lo, double hi)
    {
        Finite(name, v);
        if (!(v >= lo && v <= hi)) throw new ParameterException(name, v, $"must be in [{lo}, {hi}]");
        return v;
    }

    /// <summary>lo ≤ v ≤ hi (integers).</summary>
    public static int InRange(string name, int v, int lo, int hi)
    {
        if (v < lo || v > hi) throw new ParameterException(name, v, $"must be an integer in [{lo}, {hi}]");
        return v;
    }

    /// <summary>0 ≤ v ≤ 1.</summary>
    public static double Probability(string name, double v) => InRange(name, v, 0, 1);

    /// <summary>A sequence of the expected length.</summary>
    public static IReadOnlyList<double> Length(string name, IReadOnlyList<double> values, int expected)
    {
        if (values.Count != expected)
            throw new ParameterException(name, $"has {values.Count} values, expected {expected} (one per dimension)");
        return values;
    }

    /// <summary>
    /// A count derived from a parameter (samples n = round(α·d), …) that the computation holds in an <c>int</c>:
    /// round(<paramref name="count"/>), at least 1, refused naming <paramref name="name"/> when it exceeds 2³¹ − 1.
    /// </summary>
    public static int Count(string name, double value, double count, string what)
    {
        double r = Math.Round(count);
        if (!(r <= int.MaxValue))
            throw new ParameterException(name, value, $"makes {what} = {count:G3}, more than the largest supported count {int.MaxValue}");
        return Math.Max(1, (int)r);
    }
}
