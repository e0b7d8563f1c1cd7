using System.CommandLine;
using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using TransferLab.Cli;

namespace TransferLab.Tests.Fuzz;

/// <summary>One invocation of the command line: a small valid base for one command with one or two hostile edits.</summary>
/// <param name="Command">The command path, e.g. <c>theory linear</c>.</param>
/// <param name="Args">Every argument, base and edits.</param>
/// <param name="Edited">The option names (<c>--x</c>) or tokens the edits touched: a refusal must name one of them.</param>
/// <param name="OutDir">The output directory the case passes (null when the command writes none): empty after a refusal.</param>
public sealed record CliFuzzCase(string Command, string[] Args, IReadOnlyList<string> Edited, string? OutDir)
{
    /// <summary>An edit chose another value of a choice option (which outputs exist may then differ from the base's).</summary>
    public bool ChangesShape { get; init; }

    /// <summary>The command line as a shell would show it.</summary>
    public override string ToString() => string.Join(" ", Args.Select(a => a.Length == 0 || a.Any(char.IsWhiteSpace) ? $"'{a}'" : a));
}

/// <summary>
/// Adversarial generators over the whole command surface (FsCheck): every leaf command that computes, a small valid
/// base invocation for it (sizes that run in a second, so that an edit is the only thing that can go wrong), and edits
/// that set one of its options, or an option that does not apply to it, to a hostile value chosen by the option's value
/// type: huge, tiny, negative, non-finite, comma or locale decimals, empty, wrong types, missing, truncated or
/// oversized files (docs/architecture.md, "Error contract").
/// </summary>
public sealed class CliFuzzCases
{
    /// <summary>A command the fuzzer exercises: its path, a valid fast base and whether it takes --json.</summary>
    private sealed record Target(string Path, string[] Base, bool OutOption);

    private readonly string _fixtures;
    private readonly List<Target> _targets;
    private readonly Dictionary<string, Command> _commands = new(StringComparer.Ordinal);
    private readonly List<string> _allOptions;

    /// <summary>Creates the generators; fixture files (valid and broken CSVs) are written under <paramref name="fixtures"/>.</summary>
    public CliFuzzCases(string fixtures)
    {
        _fixtures = fixtures;
        Directory.CreateDirectory(fixtures);
        WriteFixtures();
        string inputs = Path.Combine(fixtures, "inputs.csv"), weights = Path.Combine(fixtures, "weights.csv");
        _targets =
        [
            new("theory linear", ["--d", "20", "--n", "10"], false),
            new("theory deep-linear", ["--d", "40"], false),
            new("theory diagonal", [], false),
            new("theory relu-ntk", ["--n", "20"], false),
            new("theory relu-overlap", ["--d", "10", "--teacher-width", "10"], false),
            new("simulate linear", ["--d", "10", "--n", "6", "--seeds", "2"], false),
            new("simulate deep-linear", ["--d", "6", "--seeds", "2", "--max-steps", "3000", "--protocol", "linear-transfer"], false),
            new("simulate diagonal", ["--d", "20", "--seeds", "2", "--alpha-ft", "0.3"], false),
            new("simulate relu", ["--d", "4", "--width", "16", "--n", "6", "--n-source", "16", "--n-test", "16", "--steps", "100", "--pretrain-steps", "100", "--seeds", "2"], false),
            new("simulate relu-levers", ["--d", "8", "--width", "8", "--n", "6", "--n-source", "30", "--n-test", "30", "--steps", "50", "--pretrain-steps", "50", "--seeds", "2"], false),
            new("regime", [], false),
            new("phase-diagram deep-linear", ["--theta-points", "4", "--alpha-points", "4"], true),
            new("predict linear", ["--inputs", inputs, "--source-weights", weights, "--target-weights", weights, "--sigma", "0.5"], false),
        ];
        var root = new CliRoot().Root;
        foreach (var t in _targets)
        {
            Command c = root;
            foreach (var word in t.Path.Split(' ')) c = c.Subcommands.Single(s => s.Name == word);
            _commands[t.Path] = c;
        }
        _allOptions = _commands.Values.SelectMany(c => c.Options).Select(o => o.Name).Where(n => n.StartsWith("--", StringComparison.Ordinal)).Distinct().Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The directory of the fixture files.</summary>
    public string Fixtures => _fixtures;

    /// <summary>The command paths the fuzzer covers.</summary>
    public IEnumerable<string> Commands => _targets.Select(t => t.Path);

    /// <summary>The valid base invocation of <paramref name="command"/> with --json (for the baseline of its outputs).</summary>
    public CliFuzzCase Baseline(string command, string outDir)
    {
        var t = _targets.Single(x => x.Path == command);
        var args = t.Path.Split(' ').Concat(t.Base).Concat(Json(t)).ToList();
        if (t.OutOption) args.AddRange(["--out", outDir]);
        return new CliFuzzCase(command, [.. args], [], t.OutOption ? outDir : null);
    }

    private string[] Json(Target t) => _commands[t.Path].Options.Any(o => o.Name == "--json") ? ["--json"] : [];

    /// <summary>The generator of cases; <paramref name="outDir"/> is the output directory of commands that write one.</summary>
    public Gen<CliFuzzCase> Generator(string outDir) =>
        from t in Gen.Elements(_targets.ToArray())
        from edits in Gen.Choose(1, 2)
        from seed in Gen.Choose(0, int.MaxValue)
        select Build(t, edits, new Random(seed), outDir);

    private CliFuzzCase Build(Target t, int editCount, Random rng, string outDir)
    {
        var command = _commands[t.Path];
        // Base as option → value (a flag has value null), in order.
        var options = new List<(string Name, string? Value)>();
        for (int i = 0; i < t.Base.Length; i += 2) options.Add((t.Base[i], t.Base[i + 1]));
        var edited = new List<string>();
        var extra = new List<string>();
        bool changesShape = false;
        for (int e = 0; e < editCount; e++)
        {
            int kind = rng.Next(100);
            if (kind < 72)
            {
                // An option of this command, set to a hostile value of its type.
                var choices = command.Options.Where(o => o.Name.StartsWith("--", StringComparison.Ordinal) && o.Name is not "--help" and not "--out" and not "--json").ToList();
                var option = choices[rng.Next(choices.Count)];
                string? value = ValueFor(option, rng);
                if ((option.HelpName ?? "").Contains('|') || option.ValueType == typeof(bool)) changesShape = true;
                options.RemoveAll(o => o.Name == option.Name);
                options.Add((option.Name, value));
                edited.Add(option.Name);
            }
            else if (kind < 85)
            {
                // An option of another command: must be refused naming it, not ignored.
                var foreign = _allOptions.Where(n => command.Options.All(o => o.Name != n)).ToList();
                string name = foreign[rng.Next(foreign.Count)];
                options.Add((name, Pick(rng, Plausible)));
                edited.Add(name);
            }
            else if (kind < 92)
            {
                // A value-taking option given twice, or without its value at the end.
                var taken = options.Where(o => o.Value is not null).ToList();
                if (taken.Count > 0 && rng.Next(2) == 0)
                {
                    var (name, _) = taken[rng.Next(taken.Count)];
                    options.Add((name, Pick(rng, Plausible)));
                    edited.Add(name);
                }
                else
                {
                    var valued = command.Options.Where(o => o.Name.StartsWith("--", StringComparison.Ordinal) && o.ValueType != typeof(bool) && o.Name is not "--help" and not "--out").ToList();
                    var o = valued[rng.Next(valued.Count)];
                    options.RemoveAll(x => x.Name == o.Name);
                    extra.Add(o.Name);
                    edited.Add(o.Name);
                }
            }
            else
            {
                // A stray word, an unknown option or a wrongly cased one.
                string token = Pick(rng, ["--bogus", "stray", "--D", "-d", "--n=", "---n", "--seed=abc"]);
                extra.Add(token);
                edited.Add(token);
            }
        }
        var args = t.Path.Split(' ').ToList();
        foreach (var (name, value) in options)
        {
            args.Add(name);
            if (value is not null) args.Add(value);
        }
        if (t.OutOption) args.AddRange(["--out", outDir]);
        args.AddRange(Json(t));
        args.AddRange(extra);
        return new CliFuzzCase(t.Path, [.. args], edited, t.OutOption ? outDir : null) { ChangesShape = changesShape };
    }

    private static readonly string[] Huge = ["1e6", "1e8", "1e12", "2147483647", "2147483648", "4294967296", "1e308", "-1e308", "100000000"];
    private static readonly string[] Tiny = ["5e-324", "1e-300", "1e-12", "0", "-0", "1e-6"];
    private static readonly string[] Negative = ["-1", "-5", "-2147483648", "-0.5"];
    private static readonly string[] NonFinite = ["NaN", "nan", "Infinity", "-Infinity", "inf", "∞", "1e309"];
    private static readonly string[] Locale = ["1,5", "0,5", "1.000,5", "1 000", "1_000", "٣", "１", "1.5e3,2"];
    private static readonly string[] Junk = ["", " ", "abc", "true", "0x1F", "1e", "1.5.2", "3/4", "--", "+-1", "[1]"];
    private static readonly string[] Plausible = ["1", "2", "3", "0.5", "0.1", "10", "4", "0.9"];
    private static readonly string[] IntegerEdge = ["1.5", "1e3", "2.0", "20", "3", "16"];

    private static string Pick(Random rng, string[] pool) => pool[rng.Next(pool.Length)];

    /// <summary>A hostile value for <paramref name="option"/> by its value type and help name (null = a switch without value).</summary>
    private string? ValueFor(Option option, Random rng)
    {
        if (option.ValueType == typeof(bool)) return rng.Next(4) == 0 ? Pick(rng, ["false", "maybe", "1"]) : null;
        string help = option.HelpName ?? "";
        if (help == "path" || help == "path…") return Pick(rng, Files);
        if (help.Contains('|')) return rng.Next(3) == 0 ? Pick(rng, ["", "Nope", help.Split('|')[0].ToUpperInvariant(), help.Replace('|', ',')]) : Pick(rng, help.Split('|'));
        if (option.Name == "--max-memory") return Pick(rng, ["1", "512M", "1K", "0", "-1G", "8Q", "1e400G", "64G", "", "1,5G"]);
        if (help == "list")
            return rng.Next(6) switch
            {
                0 => Pick(rng, ["1,,2", ",", "1,NaN", "0.1;0.2", "1, 2", "[1,2]"]),
                1 => string.Join(",", Enumerable.Repeat("1", 20_001)),
                2 => Pick(rng, Plausible) + "," + Pick(rng, Huge),
                _ => Pick(rng, [.. Plausible, .. Tiny, .. Negative, .. Huge]),
            };
        var pools = new[] { Huge, Tiny, Negative, NonFinite, Locale, Junk, Plausible, help == "int" || option.ValueType != typeof(string) ? IntegerEdge : Plausible };
        return Pick(rng, pools[rng.Next(pools.Length)]);
    }

    private string[] Files =>
    [
        Path.Combine(_fixtures, "missing.csv"), "", _fixtures, Path.Combine(_fixtures, "empty.csv"), Path.Combine(_fixtures, "truncated.csv"),
        Path.Combine(_fixtures, "header-only.csv"), Path.Combine(_fixtures, "nan.csv"), Path.Combine(_fixtures, "mixed-first-line.csv"),
        Path.Combine(_fixtures, "wide.csv"), Path.Combine(_fixtures, "garbage.bin"), Path.Combine(_fixtures, "inputs.csv"), Path.Combine(_fixtures, "weights.csv"),
        Path.Combine(_fixtures, "comma-decimals.csv"),
    ];

    private void WriteFixtures()
    {
        var rng = new Random(7);
        string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        var rows = Enumerable.Range(0, 30).Select(_ => string.Join(",", Enumerable.Range(0, 5).Select(_ => F(Math.Round(rng.NextDouble() * 2 - 1, 4))))).ToList();
        void W(string name, string text) => File.WriteAllText(Path.Combine(_fixtures, name), text);
        W("inputs.csv", "a,b,c,d,e\n" + string.Join("\n", rows) + "\n");
        W("weights.csv", "0.5\n-0.2\n0.1\n0.3\n-0.4\n");
        W("empty.csv", "");
        W("truncated.csv", "a,b,c,d,e\n" + string.Join("\n", rows.Take(5)) + "\n0.1,0.2,0.");
        W("header-only.csv", "a,b,c,d,e\n");
        W("nan.csv", "a,b,c,d,e\n" + rows[0] + "\n1,2,NaN,4,5\n");
        W("mixed-first-line.csv", "1,abc,3,4,5\n" + string.Join("\n", rows.Skip(1)) + "\n");
        W("comma-decimals.csv", "a;b\n0,5;1,5\n");
        // 30 000 columns in ~180 KB: Σ alone would be 7 GB.
        W("wide.csv", string.Join("\n", Enumerable.Range(0, 3).Select(_ => string.Join(",", Enumerable.Repeat("0", 30_000)))) + "\n");
        File.WriteAllBytes(Path.Combine(_fixtures, "garbage.bin"), Enumerable.Range(0, 4096).Select(i => (byte)(i * 37)).ToArray());
    }
}
