using System.Globalization;
using TransferLab.Experiments.Studies;
using TransferLab.Schema;

namespace TransferLab.Cli.Commands;

/// <summary>
/// The command that recomputes one study row: <c>transferlab theory|simulate &lt;model&gt; --name value … [--run-seed S]</c>,
/// with the spec's values of the parameters that computation takes. Its <c>--json</c> output, flattened like the store
/// (<see cref="PayloadFlattener"/>), gives the row's numbers to the last bit (docs/studies.md, "One run").
/// </summary>
public static class StudyReproduceLine
{
    /// <summary>The command line of <paramref name="run"/>, shell-quoted where needed.</summary>
    public static string For(StudyPlan plan, StudyRun run)
    {
        var parts = new List<string> { CliRoot.CommandName, run.Compute == Compute.Theory ? "theory" : "simulate", plan.Family.Name };
        foreach (var (name, text) in run.Given)
        {
            var spec = plan.Family.Schema.Find(name)!;
            if (spec.Kind == ParameterKind.Flag)
            {
                // A switch is present or absent; false is its default.
                if ((bool)ValueParser.Parse(spec, text)) parts.Add("--" + name);
                continue;
            }
            string value = text.Trim();
            // A value that starts with a dash would read as an option: attach it.
            if (value.StartsWith('-')) parts.Add($"--{name}={Quote(value)}");
            else
            {
                parts.Add("--" + name);
                parts.Add(Quote(value));
            }
        }
        if (run.RunSeed is ulong seed)
        {
            parts.Add("--run-seed");
            parts.Add(seed.ToString(CultureInfo.InvariantCulture));
        }
        return string.Join(" ", parts);
    }

    /// <summary>Single-quotes <paramref name="s"/> for a POSIX shell unless it is plainly safe.</summary>
    public static string Quote(string s) =>
        s.Length > 0 && s.All(c => char.IsAsciiLetterOrDigit(c) || "._,:+-/=@%".Contains(c)) ? s : "'" + s.Replace("'", "'\\''") + "'";

    /// <summary>Splits a command line written by <see cref="For"/> back into arguments (single quotes, spaces).</summary>
    public static List<string> Split(string line)
    {
        var args = new List<string>();
        var current = new System.Text.StringBuilder();
        bool quoted = false, any = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '\'') quoted = false;
                else current.Append(c);
            }
            else if (c == '\'') { quoted = true; any = true; }
            else if (c == '\\' && i + 1 < line.Length) { current.Append(line[++i]); any = true; }
            else if (c == ' ')
            {
                if (any || current.Length > 0) args.Add(current.ToString());
                current.Clear();
                any = false;
            }
            else current.Append(c);
        }
        if (any || current.Length > 0) args.Add(current.ToString());
        return args;
    }
}
