using System.Globalization;
using TransferLab.Schema;
using TransferLab.Validation;

namespace TransferLab.Experiments.Studies;

/// <summary>
/// One swept parameter of a study: its name and its values as text (the form the schema parses), from a list or from
/// <c>{linspace: [lo, hi, count]}</c> / <c>{logspace: [lo, hi, count]}</c> (docs/studies.md, "Spec").
/// </summary>
/// <param name="Name">The parameter (schema name = long option name).</param>
/// <param name="Values">The values in sweep order.</param>
public sealed record SweepAxis(string Name, IReadOnlyList<string> Values)
{
    /// <summary>Most values one axis may have.</summary>
    public const int MaxValues = 100_000;

    /// <summary>Reads the values of <paramref name="spec"/>'s parameter from a spec node.</summary>
    public static SweepAxis Parse(ParameterSpec spec, SpecNode node)
    {
        switch (node)
        {
            case SpecList list:
                if (list.Items.Count == 0) throw new ParameterException(spec.Name, "the sweep has no values");
                if (list.Items.Count > MaxValues) throw new ParameterException(spec.Name, $"{list.Items.Count} values", $"at most {MaxValues} values per axis");
                return new SweepAxis(spec.Name, Distinct(spec, list.Items.Select(i => StudySpec.ValueText(spec, i)).ToList()));
            case SpecMap { Entries.Count: 1 } map when map.Entries[0].Key is "linspace" or "logspace":
                return Range(spec, map.Entries[0].Key == "logspace", map.Entries[0].Value);
            case SpecScalar:
                throw new ParameterException(spec.Name, "a sweep needs a list of values or {linspace: [lo, hi, count]} or {logspace: [lo, hi, count]}; put a single value under fixed");
            default:
                throw new ParameterException(spec.Name, "expected a list of values, {linspace: [lo, hi, count]} or {logspace: [lo, hi, count]}");
        }
    }

    private static SweepAxis Range(ParameterSpec spec, bool log, SpecNode node)
    {
        string form = log ? "logspace" : "linspace";
        if (node is not SpecList { Items.Count: 3 } l || l.Items.Any(i => i is not SpecScalar))
            throw new ParameterException(spec.Name, $"{form} takes [lo, hi, count]");
        if (spec.Kind is not (ParameterKind.Real or ParameterKind.Integer))
            throw new ParameterException(spec.Name, $"{form} needs a numeric parameter; list the values instead");
        string[] t = l.Items.Select(i => ((SpecScalar)i).Text).ToArray();
        if (!double.TryParse(t[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double lo) || !double.IsFinite(lo))
            throw new ParameterException(spec.Name, t[0], $"{form} lo: expected a finite number");
        if (!double.TryParse(t[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double hi) || !double.IsFinite(hi))
            throw new ParameterException(spec.Name, t[1], $"{form} hi: expected a finite number");
        if (!int.TryParse(t[2], NumberStyles.None, CultureInfo.InvariantCulture, out int count) || count < 1 || count > MaxValues)
            throw new ParameterException(spec.Name, t[2], $"{form} count: expected an integer in [1, {MaxValues}]");
        if (log && !(lo > 0 && hi > 0)) throw new ParameterException(spec.Name, $"[{t[0]}, {t[1]}]", "logspace needs lo > 0 and hi > 0 (the values themselves, not exponents)");
        var values = new double[count];
        for (int i = 0; i < count; i++)
        {
            double f = count == 1 ? 0 : (double)i / (count - 1);
            // Ends are exact (no lo + (hi − lo)·1 rounding); logspace is geometric between the values, as numpy's geomspace.
            values[i] = i == 0 ? lo : i == count - 1 ? hi : log ? Math.Exp(Math.Log(lo) + f * (Math.Log(hi) - Math.Log(lo))) : lo + f * (hi - lo);
        }
        var text = spec.Kind == ParameterKind.Integer
            ? values.Select(v => Math.Round(v, MidpointRounding.AwayFromZero).ToString("R", CultureInfo.InvariantCulture)).ToList()
            : values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)).ToList();
        return new SweepAxis(spec.Name, Distinct(spec, text));
    }

    private static List<string> Distinct(ParameterSpec spec, List<string> values)
    {
        // Each value is parsed and range-checked now, so a bad value is reported before any run, naming the key.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var v in values)
        {
            var canonical = StudySpec.Canonical(spec, v);
            if (!seen.Add(canonical))
                throw new ParameterException(spec.Name, v, spec.Kind == ParameterKind.Integer ? "repeated in the sweep (after rounding to integers)" : "repeated in the sweep");
        }
        return values;
    }
}
