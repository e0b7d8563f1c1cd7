using System.ComponentModel;
using System.Diagnostics;

namespace TransferLab.Cli.Commands;

/// <summary>
/// Opens a URL in the user's web browser (<c>serve --open</c>). The <c>BROWSER</c> environment variable overrides the
/// platform's opener as Python's <c>webbrowser</c> module reads it: a list of commands separated by the path separator
/// (<c>:</c>, on Windows <c>;</c>), tried in order until one starts; in a command, <c>%s</c> is replaced by the URL, and
/// without <c>%s</c> the URL is its last argument. Words are separated by spaces (no quoting). Without <c>BROWSER</c>
/// the opener is <c>xdg-open</c>, <c>open</c> (macOS) or <c>explorer</c> (Windows).
/// </summary>
public static class BrowserLauncher
{
    /// <summary>The environment variable naming the browser commands.</summary>
    public const string Variable = "BROWSER";

    /// <summary>One command to try: the program and its arguments.</summary>
    /// <param name="FileName">Program (a path or a name looked up on PATH).</param>
    /// <param name="Arguments">Its arguments, the URL among them.</param>
    public sealed record BrowserCommand(string FileName, IReadOnlyList<string> Arguments)
    {
        /// <summary>The command as a user would type it.</summary>
        public override string ToString() => string.Join(' ', Arguments.Prepend(FileName));
    }

    /// <summary>The commands that open <paramref name="url"/>, in the order they are tried, for a <c>BROWSER</c> value (null or blank: the platform's opener).</summary>
    public static IReadOnlyList<BrowserCommand> Commands(string url, string? browser)
    {
        if (string.IsNullOrWhiteSpace(browser))
            return [new(OperatingSystem.IsWindows() ? "explorer" : OperatingSystem.IsMacOS() ? "open" : "xdg-open", [url])];
        var commands = new List<BrowserCommand>();
        foreach (var entry in browser.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var words = entry.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var args = words.Skip(1).Select(w => w.Replace("%s", url, StringComparison.Ordinal)).ToList();
            if (!entry.Contains("%s", StringComparison.Ordinal)) args.Add(url);
            commands.Add(new(words[0].Replace("%s", url, StringComparison.Ordinal), args));
        }
        return commands;
    }

    /// <summary>Starts the first of <paramref name="commands"/> that starts, without waiting for it; returns it, or null when none started.</summary>
    public static BrowserCommand? Open(IEnumerable<BrowserCommand> commands)
    {
        foreach (var command in commands)
        {
            var start = new ProcessStartInfo(command.FileName) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in command.Arguments) start.ArgumentList.Add(a);
            try
            {
                using var _ = Process.Start(start);
                return command;
            }
            catch (Exception e) when (e is Win32Exception or InvalidOperationException)
            {
                // Not found or not executable: the next command, as Python's webbrowser does.
            }
        }
        return null;
    }
}
