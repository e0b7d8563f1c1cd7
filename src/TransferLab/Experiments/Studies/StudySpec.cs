using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TransferLab.Experiments.Families;
using TransferLab.Schema;
using TransferLab.Validation;

namespace TransferLab.Experiments.Studies;

/// <summary>
/// A declarative study: a model, which computations, a study seed, repetitions, fixed parameters and a cartesian sweep.
/// Keys of <see cref="Fixed"/> and <see cref="Sweep"/> are the model's schema names (the long option names of
/// <c>theory|simulate &lt;model&gt;</c>). Parsing checks every key and value against the schema and reports the first
/// problem as a <see cref="ParameterException"/> naming the key (docs/studies.md, "Spec").
/// </summary>
/// <param name="Model">The model family's name.</param>
/// <param name="Compute">Theory, simulate or both.</param>
/// <param name="Seed">The study seed; every run seed derives from it and the run's key.</param>
/// <param name="Seeds">Repetitions per grid point of the simulation (0 when the study does not simulate).</param>
/// <param name="Fixed">Parameters held fixed, in spec order, as text.</param>
/// <param name="Sweep">Swept parameters, in spec order (the last varies fastest).</param>
public sealed record StudySpec(string Model, Compute Compute, ulong Seed, int Seeds,
    IReadOnlyList<KeyValuePair<string, string>> Fixed, IReadOnlyList<SweepAxis> Sweep)
{
    /// <summary>The top-level keys of a spec.</summary>
    public static readonly IReadOnlyList<string> Keys = ["model", "compute", "seed", "seeds", "fixed", "sweep"];

    /// <summary>Most repetitions per grid point.</summary>
    public const int MaxSeeds = 1_000_000;

    /// <summary>Reads a spec file: JSON when its name ends in <c>.json</c>, YAML otherwise.</summary>
    public static StudySpec Load(string path, Func<string, ModelFamily>? resolve = null)
    {
        if (!File.Exists(path)) throw new ParameterException("spec", path, "no such file");
        return Parse(File.ReadAllText(path), path.EndsWith(".json", StringComparison.OrdinalIgnoreCase), resolve);
    }

    /// <summary>Parses spec text (YAML, or JSON when <paramref name="json"/>).</summary>
    public static StudySpec Parse(string text, bool json, Func<string, ModelFamily>? resolve = null) =>
        FromNode(SpecNode.Parse(text, json), resolve ?? FamilyCatalogue.Find);

    /// <summary>Interprets a spec tree; <paramref name="resolve"/> finds a family by name (the catalogue by default).</summary>
    public static StudySpec FromNode(SpecNode root, Func<string, ModelFamily> resolve)
    {
        if (root is not SpecMap map) throw new ParameterException("spec", "expected a map of keys (model, compute, seed, seeds, fixed, sweep)");
        foreach (var (key, _) in map.Entries)
            if (!Keys.Contains(key)) throw new ParameterException(key, $"not a study key; valid: {string.Join(", ", Keys)} (model parameters go under fixed or sweep)");
        var repeated = map.Entries.GroupBy(e => e.Key).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null) throw new ParameterException(repeated.Key, "given more than once");
        SpecNode? Get(string key) => map.Entries.FirstOrDefault(e => e.Key == key).Value;

        var modelNode = Get("model") as SpecScalar ?? throw new ParameterException("model", "required, not given");
        var family = resolve(modelNode.Text);
        var schema = family.Schema;
        var compute = ReadCompute(Get("compute"), schema);
        ulong seed = Get("seed") is SpecNode s ? ReadSeed(s) : 0;
        int seeds = ReadSeeds(Get("seeds"), schema, compute);

        var fixedValues = new List<KeyValuePair<string, string>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (Get("fixed") is SpecNode f)
        {
            if (f is not SpecMap fm) throw new ParameterException("fixed", "expected a map of parameter: value");
            foreach (var (key, value) in fm.Entries)
            {
                var spec = Applicable(schema, compute, key);
                if (!seen.Add(key)) throw new ParameterException(key, "given more than once");
                var text = ValueText(spec, value);
                Canonical(spec, text);
                fixedValues.Add(new(key, text));
            }
        }
        var sweep = new List<SweepAxis>();
        if (Get("sweep") is SpecNode w)
        {
            if (w is not SpecMap wm) throw new ParameterException("sweep", "expected a map of parameter: values");
            foreach (var (key, value) in wm.Entries)
            {
                var spec = Applicable(schema, compute, key);
                if (!seen.Add(key)) throw new ParameterException(key, "given under both fixed and sweep (or twice)");
                if (spec.Kind == ParameterKind.Flag && value is SpecList { Items.Count: > 2 }) throw new ParameterException(key, "a switch takes at most the values true and false");
                sweep.Add(SweepAxis.Parse(spec, value));
            }
        }
        return new StudySpec(family.Name, compute, seed, seeds, fixedValues, sweep);
    }

    private static Compute ReadCompute(SpecNode? node, ModelSchema schema)
    {
        var names = node switch
        {
            null => throw new ParameterException("compute", "required, not given (theory, simulate or [theory, simulate])"),
            SpecScalar s => [s.Text],
            SpecList l when l.Items.All(i => i is SpecScalar) && l.Items.Count > 0 => l.Items.Select(i => ((SpecScalar)i).Text).ToList(),
            _ => throw new ParameterException("compute", "expected theory, simulate or [theory, simulate]"),
        };
        var compute = Compute.None;
        foreach (var name in names)
        {
            var c = name switch
            {
                "theory" => Compute.Theory,
                "simulate" => Compute.Simulate,
                _ => throw new ParameterException("compute", name, "expected theory or simulate"),
            };
            if ((schema.Offers & c) == 0) throw new ParameterException("compute", name, $"model {schema.Model} has no {name} computation");
            if ((compute & c) != 0) throw new ParameterException("compute", name, "given more than once");
            compute |= c;
        }
        return compute;
    }

    private static ulong ReadSeed(SpecNode node) =>
        node is SpecScalar s && ulong.TryParse(s.Text.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out ulong v)
            ? v
            : throw new ParameterException("seed", node is SpecScalar t ? t.Text : "(not a number)", "expected an integer in [0, 18446744073709551615]");

    private static int ReadSeeds(SpecNode? node, ModelSchema schema, Compute compute)
    {
        bool simulates = (compute & Compute.Simulate) != 0;
        if (node is null)
        {
            if (!simulates) return 0;
            // Absent: the simulate command's own default repetitions.
            return schema.Find(ModelFamily.RepetitionsParameter)?.Default is string d && int.TryParse(d, out int k) ? k : 1;
        }
        if (!simulates) throw new ParameterException("seeds", "does not apply: the study does not simulate (compute has no simulate)");
        if (node is SpecScalar s && int.TryParse(s.Text.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int v) && v >= 1 && v <= MaxSeeds)
            return v;
        throw new ParameterException("seeds", node is SpecScalar t ? t.Text : "(not a number)", $"expected an integer in [1, {MaxSeeds}] (repetitions per grid point)");
    }

    /// <summary>The parameter named <paramref name="key"/>, checked to be taken by at least one computed command.</summary>
    private static ParameterSpec Applicable(ModelSchema schema, Compute compute, string key)
    {
        if (key == ModelFamily.RepetitionsParameter)
            throw new ParameterException(key, "set the repetitions with the top-level key seeds, not under fixed or sweep");
        var spec = schema.Find(key) ?? throw new ParameterException(key,
            $"not a parameter of model {schema.Model}; valid: {string.Join(", ", schema.For(compute).Where(p => p.Name != ModelFamily.RepetitionsParameter).Select(p => p.Name))}");
        if ((spec.UsedBy & compute) == 0)
            throw new ParameterException(key, $"no computed command takes it: it is an option of {Describe(spec.UsedBy)} {schema.Model} only, and the study computes {Describe(compute)}");
        return spec;
    }

    internal static string Describe(Compute c) => c switch
    {
        Compute.Theory => "theory",
        Compute.Simulate => "simulate",
        _ => "theory and simulate",
    };

    /// <summary>The text of one value for <paramref name="spec"/>: a scalar, or for a list parameter a list of scalars (joined by commas).</summary>
    internal static string ValueText(ParameterSpec spec, SpecNode node) => node switch
    {
        SpecScalar { IsNull: true } => throw new ParameterException(spec.Name, "needs a value (null given)"),
        SpecScalar s => s.Text,
        SpecList l when spec.Kind is ParameterKind.RealList or ParameterKind.IntegerList && l.Items.All(i => i is SpecScalar { IsNull: false }) && l.Items.Count > 0
            => string.Join(",", l.Items.Select(i => ((SpecScalar)i).Text)),
        SpecList => throw new ParameterException(spec.Name, spec.Kind is ParameterKind.RealList or ParameterKind.IntegerList
            ? "expected a non-empty list of numbers" : "expected a single value (a list belongs under sweep)"),
        _ => throw new ParameterException(spec.Name, "expected a value, not a map"),
    };

    /// <summary>Parses and range-checks <paramref name="text"/> for <paramref name="spec"/> and returns its canonical spelling.</summary>
    internal static string Canonical(ParameterSpec spec, string text)
    {
        var value = ValueParser.Parse(spec, text);
        return value switch
        {
            double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            double[] a => string.Join(",", a.Select(x => x.ToString("R", System.Globalization.CultureInfo.InvariantCulture))),
            int[] a => string.Join(",", a),
            bool b => b ? "true" : "false",
            IFormattable x => x.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
    }

    /// <summary>Computations in canonical order.</summary>
    public IReadOnlyList<Compute> Computations => new[] { Compute.Theory, Compute.Simulate }.Where(c => (Compute & c) != 0).ToList();

    /// <summary>
    /// The spec as canonical JSON (keys in a fixed order, values as text, sweeps expanded to lists): what a study
    /// directory stores as <c>study.json</c>, itself a valid spec, so shards on any machine run the same study.
    /// </summary>
    public string ToCanonicalJson()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("model", Model);
            w.WriteStartArray("compute");
            foreach (var c in Computations) w.WriteStringValue(Describe(c));
            w.WriteEndArray();
            w.WriteNumber("seed", Seed);
            if ((Compute & Compute.Simulate) != 0) w.WriteNumber("seeds", Seeds);
            w.WriteStartObject("fixed");
            foreach (var (k, v) in Fixed) w.WriteString(k, v);
            w.WriteEndObject();
            w.WriteStartObject("sweep");
            foreach (var axis in Sweep)
            {
                w.WriteStartArray(axis.Name);
                foreach (var v in axis.Values) w.WriteStringValue(v);
                w.WriteEndArray();
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>SHA-256 of <see cref="ToCanonicalJson"/>, hex, first 16 digits: names the study in manifests and job names.</summary>
    public string Hash => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ToCanonicalJson())))[..16];
}
