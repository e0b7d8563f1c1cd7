using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using TransferLab.Cli;

namespace TransferLab.Tests.Explorer;

/// <summary>
/// <c>transferlab serve</c> as a user starts it: a separate process that binds to localhost by default and prints its URL,
/// warns in one line when asked to bind another host, stops cleanly (exit 0) on Ctrl-C (SIGINT), and with <c>--open</c> hands
/// its URL to the browser command of <c>BROWSER</c>.
/// </summary>
public class ServeProcessTests
{
    /// <summary>A running <c>serve</c> process with its output lines collected as they come.</summary>
    internal sealed class ServeProcess : IDisposable
    {
        public Process Process { get; }
        public List<string> Out { get; } = new();
        public List<string> Err { get; } = new();
        public string Url { get; }

        public ServeProcess(params string[] args) : this(new Dictionary<string, string>(), args) { }

        /// <summary>Starts <c>serve</c> with <paramref name="args"/> and the variables of <paramref name="environment"/> set.</summary>
        public ServeProcess(IReadOnlyDictionary<string, string> environment, params string[] args)
        {
            string dll = typeof(CliRoot).Assembly.Location;
            var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var (name, value) in environment) psi.Environment[name] = value;
            foreach (var a in new[] { dll, "serve" }.Concat(args)) psi.ArgumentList.Add(a);
            Process = Process.Start(psi)!;
            var url = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            Process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is null) return;
                lock (Out) Out.Add(e.Data);
                if (Regex.Match(e.Data, @"http://\S+/") is { Success: true } m) url.TrySetResult(m.Value);
            };
            Process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (Err) Err.Add(e.Data); };
            Process.BeginOutputReadLine();
            Process.BeginErrorReadLine();
            if (!url.Task.Wait(TimeSpan.FromSeconds(60)))
                throw new TimeoutException($"serve printed no URL; stderr: {string.Join("\n", Err)}");
            Url = url.Task.Result;
        }

        /// <summary>Sends SIGINT (what Ctrl-C sends) and waits for the exit code.</summary>
        public int Interrupt()
        {
            using (var kill = Process.Start("kill", ["-INT", Process.Id.ToString()])) kill.WaitForExit();
            Assert.True(Process.WaitForExit(TimeSpan.FromSeconds(30)), "serve did not stop within 30 s of SIGINT");
            Process.WaitForExit();
            return Process.ExitCode;
        }

        public void Dispose()
        {
            if (!Process.HasExited) Process.Kill(entireProcessTree: true);
            Process.Dispose();
        }
    }

    [Fact]
    public async Task BindsLocalhostPrintsTheUrlAndStopsCleanlyOnSigint()
    {
        using var serve = new ServeProcess("--port", "0");
        Assert.Matches(@"^http://127\.0\.0\.1:\d+/$", serve.Url);
        using var client = new HttpClient();
        var health = await client.GetAsync(serve.Url + "api/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var theory = await client.GetStringAsync(serve.Url + "api/theory/linear?n=20&d=10");
        Assert.Contains("\"protocols\"", theory);
        Assert.Equal(0, serve.Interrupt());
        Assert.Contains("explorer stopped", serve.Out);
        Assert.DoesNotContain(serve.Err, l => l.StartsWith("warning", StringComparison.Ordinal));
    }

    [Fact]
    public void AnotherHostIsBoundOnlyWhenAskedAndWarnsInOneLine()
    {
        using var serve = new ServeProcess("--host", "0.0.0.0", "--port", "0");
        Assert.StartsWith("http://0.0.0.0:", serve.Url);
        Assert.Equal(0, serve.Interrupt());
        var warnings = serve.Err.Where(l => l.StartsWith("warning:", StringComparison.Ordinal)).ToList();
        Assert.Single(warnings);
        Assert.Contains("0.0.0.0", warnings[0]);
    }

    [Fact]
    public void PortInUseIsBadInputNamingThePort()
    {
        using var serve = new ServeProcess("--port", "0");
        string port = new Uri(serve.Url).Port.ToString();
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { typeof(CliRoot).Assembly.Location, "serve", "--port", port }) psi.ArgumentList.Add(a);
        using var second = Process.Start(psi)!;
        string err = second.StandardError.ReadToEnd();
        Assert.True(second.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Equal(CliRoot.BadInput, second.ExitCode);
        Assert.StartsWith($"error: --port = {port}: cannot listen", err);
        Assert.Equal(0, serve.Interrupt());
    }

    /// <summary>A BROWSER command that writes its arguments, one a line, to <c>args</c> in a fresh directory (renamed into place whole).</summary>
    private sealed class RecordingBrowser : IDisposable
    {
        public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("tl-serve-open-").FullName;
        public string Script => Path.Combine(Directory, "browser");
        public string Record => Path.Combine(Directory, "args");

        public RecordingBrowser()
        {
            File.WriteAllText(Script, $"#!/bin/sh\nprintf '%s\\n' \"$@\" > '{Record}.part' && mv '{Record}.part' '{Record}'\n");
            // A POSIX shell script, as the SIGINT tests above need POSIX (kill -INT).
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        /// <summary>The arguments the browser command was given, once it has run.</summary>
        public string[] Arguments()
        {
            for (int i = 0; i < 600 && !File.Exists(Record); i++) Thread.Sleep(100);
            Assert.True(File.Exists(Record), "serve --open did not run the BROWSER command within 60 s");
            return File.ReadAllLines(Record);
        }

        public void Dispose() => System.IO.Directory.Delete(Directory, true);
    }

    [Fact]
    public async Task OpenHandsTheServersUrlToTheBrowserCommandAndThePageLoads()
    {
        using var browser = new RecordingBrowser();
        // BROWSER is a list tried in order: the first command does not exist; in the second %s stands for the URL.
        string commands = $"{Path.Combine(browser.Directory, "absent")}{Path.PathSeparator}{browser.Script} --new-window %s";
        using var serve = new ServeProcess(new Dictionary<string, string> { ["BROWSER"] = commands }, "--port", "0", "--open");
        var args = browser.Arguments();
        Assert.Equal(["--new-window", serve.Url], args);
        using var client = new HttpClient();
        var page = await client.GetAsync(args[1]);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<title>TransferLab explorer</title>", await page.Content.ReadAsStringAsync());
        Assert.Equal(0, serve.Interrupt());
        Assert.DoesNotContain(serve.Err, l => l.StartsWith("note:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OpenWithoutAStartableBrowserSaysSoAndKeepsServing()
    {
        string absent = Path.Combine(Path.GetTempPath(), "tl-no-browser-" + Guid.NewGuid().ToString("N"));
        using var serve = new ServeProcess(new Dictionary<string, string> { ["BROWSER"] = absent }, "--port", "0", "--open");
        using var client = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(serve.Url + "api/health")).StatusCode);
        Assert.Equal(0, serve.Interrupt());
        Assert.Contains($"note: could not open a browser ({absent}); open {serve.Url} yourself", serve.Err);
    }
}
