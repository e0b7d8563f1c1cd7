using TransferLab.Cli.Commands;

namespace TransferLab.Tests.Explorer;

/// <summary>
/// How <c>serve --open</c> reads <c>BROWSER</c>, checked against the rules of Python's <c>webbrowser</c> module: a list
/// split at the path separator, <c>%s</c> replaced by the URL, otherwise the URL appended; unset means the platform's opener.
/// </summary>
public class BrowserLauncherTests
{
    private const string Url = "http://127.0.0.1:8050/";

    [Fact]
    public void WithoutBrowserThePlatformOpenerGetsTheUrl()
    {
        foreach (var unset in new string?[] { null, "", "  " })
        {
            var command = Assert.Single(BrowserLauncher.Commands(Url, unset));
            Assert.Equal(OperatingSystem.IsWindows() ? "explorer" : OperatingSystem.IsMacOS() ? "open" : "xdg-open", command.FileName);
            Assert.Equal([Url], command.Arguments);
        }
    }

    [Fact]
    public void EachEntryIsACommandWithTheUrlForPercentSOrAppended()
    {
        char sep = Path.PathSeparator;
        var commands = BrowserLauncher.Commands(Url, $"firefox{sep} chromium --headless --app=%s --no-sandbox {sep}{sep}w3m");
        Assert.Equal(3, commands.Count);
        Assert.Equal(["firefox", Url], commands[0].Arguments.Prepend(commands[0].FileName));
        Assert.Equal(["chromium", "--headless", "--app=" + Url, "--no-sandbox"], commands[1].Arguments.Prepend(commands[1].FileName));
        Assert.Equal(["w3m", Url], commands[2].Arguments.Prepend(commands[2].FileName));
        Assert.Equal($"chromium --headless --app={Url} --no-sandbox", commands[1].ToString());
    }

    [Fact]
    public void OpenSkipsCommandsThatCannotStartAndReportsWhenNoneDid()
    {
        string absent = Path.Combine(Path.GetTempPath(), "tl-no-browser-" + Guid.NewGuid().ToString("N"));
        Assert.Null(BrowserLauncher.Open(BrowserLauncher.Commands(Url, absent)));
    }
}
