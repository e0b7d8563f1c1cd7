using System.CommandLine;
using System.CommandLine.Help;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace TransferLab.Cli;

/// <summary>
/// Renders the command tree as Markdown (the committed docs/cli.md): every visible command path with its description,
/// usage, arguments and options (help text and default). Generated from the same symbols that print <c>--help</c>, so
/// the reference cannot drift from the tool; a test compares the committed page with this output.
/// </summary>
public static partial class CliMarkdown
{
    /// <summary>The command that regenerates the page (quoted in the page and in the test's failure message).</summary>
    public const string RegenerateCommand = "./transferlab docs cli > docs/cli.md";

    /// <summary>Markdown for every visible command under <paramref name="root"/>, depth first in registration order.</summary>
    public static string Render(RootCommand root)
    {
        var md = new StringBuilder();
        md.Append("# Command-line reference\n\n");
        md.Append("Generated from the command tree by `").Append(RegenerateCommand).Append("`; do not edit by hand. ");
        md.Append("Every command also takes `-h`/`--help`. Invalid input prints one line `error: …` naming the option and exits ");
        md.Append("with code 2; other failures exit 1. A default that depends on the machine (the number of cores) is stated ");
        md.Append("in its description instead of the default column.\n");
        foreach (var (path, command) in Walk(root, CliRoot.CommandName))
            RenderCommand(md, path, command);
        return md.ToString();
    }

    private static IEnumerable<(string Path, Command Command)> Walk(Command command, string path)
    {
        yield return (path, command);
        foreach (var sub in command.Subcommands.Where(c => !c.Hidden))
            foreach (var item in Walk(sub, path + " " + sub.Name))
                yield return item;
    }

    private static void RenderCommand(StringBuilder md, string path, Command command)
    {
        var options = command.Options.Where(o => !o.Hidden && o is not HelpOption && o is not VersionOption).ToList();
        var arguments = command.Arguments.Where(a => !a.Hidden).ToList();
        var subcommands = command.Subcommands.Where(c => !c.Hidden).ToList();

        md.Append("\n## ").Append(path).Append("\n\n");
        if (!string.IsNullOrWhiteSpace(command.Description)) md.Append(Text(command.Description)).Append("\n\n");
        var usage = new StringBuilder(path);
        foreach (var a in arguments) usage.Append(" <").Append(a.Name).Append('>');
        if (subcommands.Count > 0) usage.Append(" [command]");
        if (options.Count > 0) usage.Append(" [options]");
        md.Append("Usage: `").Append(usage).Append("`\n");

        if (arguments.Count > 0)
        {
            md.Append("\n| argument | description |\n|---|---|\n");
            foreach (var a in arguments)
                md.Append("| `<").Append(a.Name).Append(">` | ").Append(Cell(a.Description)).Append(" |\n");
        }
        if (options.Count > 0)
        {
            md.Append("\n| option | value | description | default |\n|---|---|---|---|\n");
            foreach (var o in options)
            {
                string names = string.Join(", ", o.Aliases.Order(StringComparer.Ordinal).Prepend(o.Name).Select(n => $"`{n}`"));
                string value = o.ValueType == typeof(bool) ? "" : $"`<{Escape(o.HelpName ?? o.Name.TrimStart('-'))}>`";
                md.Append("| ").Append(names).Append(" | ").Append(value).Append(" | ").Append(Cell(o.Description))
                  .Append(" | ").Append(Cell(DefaultText(o))).Append(" |\n");
            }
        }
        if (subcommands.Count > 0)
        {
            md.Append("\nSubcommands: ");
            md.Append(string.Join(", ", subcommands.Select(c => $"[`{c.Name}`](#{Anchor(path + " " + c.Name)})")));
            md.Append(".\n");
        }
    }

    /// <summary>
    /// The option's default as the user would type it; empty for none, for a switch, or when the description states the
    /// default itself (which is how a machine-dependent default such as the core count is documented).
    /// </summary>
    private static string DefaultText(Option option)
    {
        if (!option.HasDefaultValue || option.ValueType == typeof(bool)) return "";
        if (option.Description?.Contains("default", StringComparison.OrdinalIgnoreCase) == true) return "";
        object? value = option.GetDefaultValue();
        return value switch
        {
            null => "",
            string s => s.Length == 0 ? "" : $"`{s}`",
            System.Collections.IEnumerable items => "`" + string.Join(",", items.Cast<object>().Select(Invariant)) + "`",
            _ => $"`{Invariant(value)}`",
        };
    }

    private static string Invariant(object value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";

    /// <summary>GitHub's heading anchor: lower case, spaces to dashes, other punctuation dropped.</summary>
    private static string Anchor(string heading) =>
        new(heading.ToLowerInvariant().Replace(' ', '-').Where(c => char.IsLetterOrDigit(c) || c is '-' or '_').ToArray());

    private static string Text(string? text) => EscapeOutsideCode((text ?? "").ReplaceLineEndings(" ").Trim());

    private static string Cell(string? text) => Text(text).Replace("|", "\\|");

    private static string Escape(string text) => text.Replace("|", "\\|");

    /// <summary>
    /// Escapes a &lt; that could open an HTML tag (followed by a letter, /, ! or ?) outside `code spans`, so that
    /// placeholders such as &lt;id&gt; are shown, not read as HTML; "&lt; 1" and "&gt; 0" stay as they are.
    /// </summary>
    private static string EscapeOutsideCode(string text)
    {
        var parts = text.Split('`');
        for (int i = 0; i < parts.Length; i += 2) parts[i] = TagOpener().Replace(parts[i], "&lt;");
        return string.Join('`', parts);
    }

    [GeneratedRegex(@"<(?=[A-Za-z/!?])")]
    private static partial Regex TagOpener();
}
