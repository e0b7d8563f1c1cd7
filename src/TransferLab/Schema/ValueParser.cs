using System.Globalization;
using TransferLab.Validation;

namespace TransferLab.Schema;

/// <summary>
/// The one parsing layer for parameter text (command line, study specs, web queries): invariant culture, no
/// thousands separators, finite values unless the parameter documents ±∞, integers without fractions or overflow,
/// lists without empty items. Errors name the parameter and say what is valid.
/// </summary>
public static class ValueParser
{
    private const NumberStyles RealStyle = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent |
                                           NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite;

    /// <summary>Parses <paramref name="text"/> as the value of <paramref name="spec"/> and checks its range.</summary>
    public static object Parse(ParameterSpec spec, string text) => spec.Kind switch
    {
        ParameterKind.Integer => CheckRange(spec, ParseInteger(spec, text), text),
        ParameterKind.Seed => ParseSeed(spec, text),
        ParameterKind.Real => CheckRange(spec, ParseReal(spec, text), text),
        ParameterKind.RealList => Items(spec, text).Select(s => CheckRange(spec, ParseReal(spec, s), s)).ToArray(),
        ParameterKind.IntegerList => Items(spec, text).Select(s => CheckRange(spec, ParseInteger(spec, s), s)).ToArray(),
        ParameterKind.Choice => ParseChoice(spec, text),
        ParameterKind.Flag => ParseFlag(spec, text),
        ParameterKind.FilePath => ParsePath(spec, text),
        ParameterKind.FilePathList => Items(spec, text).Select(s => ParsePath(spec, s)).ToArray(),
        ParameterKind.Text => ParseText(spec, text),
        _ => throw new ArgumentOutOfRangeException(nameof(spec)),
    };

    private static ParameterException Invalid(ParameterSpec spec, string text) => new(spec.Name, text, $"expected {spec.Range}");

    private static int ParseInteger(ParameterSpec spec, string text)
    {
        if (int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v)) return v;
        throw Invalid(spec, text);
    }

    private static ulong ParseSeed(ParameterSpec spec, string text)
    {
        if (ulong.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out ulong v)) return v;
        throw Invalid(spec, text);
    }

    private static double ParseReal(ParameterSpec spec, string text)
    {
        string t = text.Trim();
        if (spec.InfinityMeans is not null && (t.ToLowerInvariant() is "inf" or "infinity" or "+inf" or "∞" || spec.InfinityAliases.Contains(t.ToLowerInvariant())))
            return double.PositiveInfinity;
        if (double.TryParse(t, RealStyle, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v)) return v;
        throw Invalid(spec, text);
    }

    private static string[] Items(ParameterSpec spec, string text)
    {
        var items = text.Split(',');
        if (items.Length == 0 || items.Any(s => s.Trim().Length == 0))
            throw new ParameterException(spec.Name, text, $"expected {spec.Range} (no empty items)");
        if (items.Length > spec.MaxItems)
            throw new ParameterException(spec.Name, $"{items.Length} items", $"at most {spec.MaxItems} items");
        return items;
    }

    private static T CheckRange<T>(ParameterSpec spec, T value, string text) where T : IConvertible
    {
        double v = value.ToDouble(CultureInfo.InvariantCulture);
        if (double.IsPositiveInfinity(v) && spec.InfinityMeans is not null) return value;
        bool ok = (spec.Min is not double lo || (spec.MinExclusive ? v > lo : v >= lo))
                  && (spec.Max is not double hi || (spec.MaxExclusive ? v < hi : v <= hi));
        if (!ok) throw new ParameterException(spec.Name, text.Trim(), $"expected {spec.Range}");
        return value;
    }

    private static string ParseChoice(ParameterSpec spec, string text)
    {
        string t = text.Trim();
        if (spec.Choices!.Contains(t, StringComparer.Ordinal)) return t;
        throw Invalid(spec, text);
    }

    private static bool ParseFlag(ParameterSpec spec, string text) => text.Trim().ToLowerInvariant() switch
    {
        "true" or "1" or "yes" => true,
        "false" or "0" or "no" => false,
        _ => throw Invalid(spec, text),
    };

    private static string ParseText(ParameterSpec spec, string text)
    {
        if (text.Trim().Length == 0) throw new ParameterException(spec.Name, "(empty)", $"expected {spec.Range}");
        return text;
    }

    private static string ParsePath(ParameterSpec spec, string text)
    {
        if (text.Length == 0) throw new ParameterException(spec.Name, "(empty)", $"expected {spec.Range}");
        if (!File.Exists(text)) throw new ParameterException(spec.Name, text, $"no such file; expected {spec.Range}");
        return text;
    }
}
