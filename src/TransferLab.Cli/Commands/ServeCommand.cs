using System.CommandLine;
using Microsoft.Extensions.Hosting;
using TransferLab.Server;
using TransferLab.Validation;

namespace TransferLab.Cli.Commands;

/// <summary>
/// <c>serve</c>: the interactive explorer in the browser (<see cref="ExplorerServer"/>; docs/explorer.md). Binds to
/// this machine unless another host is asked for (then warns), prints the URL, stops cleanly on Ctrl-C.
/// </summary>
public sealed class ServeCommand : ICliModule
{
    /// <inheritdoc />
    public void Register(CliRoot root)
    {
        if (!root.Builds("serve")) return;
        var port = CommonOptions.WithDefault("--port", "TCP port to listen on (0 = any free port; the URL printed says which).", 8050);
        var host = CommonOptions.WithDefault("--host", $"Interface to bind. The default {ExplorerOptions.LocalHost} is this machine only; any other " +
            "(e.g. 0.0.0.0) lets other machines reach the server and prints a warning.", ExplorerOptions.LocalHost);
        var open = new Option<bool>("--open") { Description = $"Open the explorer in the web browser once it is listening: the commands in ${BrowserLauncher.Variable} " +
            "(separated by ':', on Windows ';'; tried in order; %s stands for the URL, else it is appended; as Python's webbrowser reads it), else xdg-open / open / explorer." };
        var results = new Option<string?>("--results") { Description = "Output directory to show in the results browser (figures from `reproduce`, studies); read-only.", HelpName = "dir" };
        var maxJobs = CommonOptions.WithDefault("--max-jobs", "Simulation jobs run at once; further jobs queue (16 at most wait).", 2);
        var cmd = new Command("serve", "Serve the interactive explorer: theory curves that follow sliders, phase diagrams, simulations with progress, " +
            "a results browser, and a JSON API equal to the command line's --json (docs/explorer.md).");
        foreach (var o in new Option[] { port, host, open, results, maxJobs }) cmd.Options.Add(o);
        CliRoot.SetAction(cmd, p =>
        {
            int portValue = p.GetValue(port);
            if (portValue is < 0 or > 65535) throw new ParameterException("port", portValue, "expected an integer in [0, 65535]");
            string hostValue = p.GetValue(host) ?? ExplorerOptions.LocalHost;
            if (string.IsNullOrWhiteSpace(hostValue)) throw new ParameterException("host", hostValue, "expected a host name or address");
            int jobs = Require.Positive("max-jobs", p.GetValue(maxJobs));
            string? dir = p.GetValue(results);
            if (dir is not null && !Directory.Exists(dir)) throw new ParameterException("results", dir, "expected an existing directory");
            var options = new ExplorerOptions { Host = hostValue, Port = portValue, ResultsDirectory = dir, MaxJobs = jobs };
            return Serve(options, p.GetValue(open));
        });
        root.Root.Subcommands.Add(cmd);
    }

    private static int Serve(ExplorerOptions options, bool open)
    {
        using var stop = new CancellationTokenSource();
        SignalHandling.GracefulStop = stop;
        var app = ExplorerServer.Build(options);
        try
        {
            app.StartAsync(stop.Token).GetAwaiter().GetResult();
        }
        catch (IOException e)
        {
            // Kestrel reports an address in use (or not assignable) as an IOException: the user's --host/--port.
            throw new ParameterException("port", options.Port, $"cannot listen on {options.Host}:{options.Port} ({e.Message.Split('\n')[0].TrimEnd('.')})");
        }
        string url = ExplorerServer.Url(app);
        if (!options.IsLoopback)
            Console.Error.WriteLine($"warning: listening on {options.Host}, reachable from other machines; the explorer has no authentication (docs/explorer.md, \"Security\")");
        Console.WriteLine($"TransferLab explorer at {url}  (Ctrl-C to stop)");
        if (open)
        {
            string local = options.IsLoopback ? url : url.Replace(ExplorerServer.UrlHost(options.Host), ExplorerOptions.LocalHost);
            var commands = BrowserLauncher.Commands(local, Environment.GetEnvironmentVariable(BrowserLauncher.Variable));
            if (BrowserLauncher.Open(commands) is null)
                Console.Error.WriteLine($"note: could not open a browser ({string.Join(", ", commands.Select(c => c.FileName))}); open {local} yourself");
        }
        try
        {
            app.WaitForShutdownAsync(stop.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) { }
        app.StopAsync().GetAwaiter().GetResult();
        app.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Console.WriteLine("explorer stopped");
        return 0;
    }
}
