using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using TransferLab.Server;

namespace TransferLab.Tests.Explorer;

/// <summary>The real explorer application on an in-memory server (Microsoft.AspNetCore.TestHost), and a client for it.</summary>
public sealed class ExplorerTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    /// <summary>A client whose requests go to the in-memory server (Host: localhost).</summary>
    public HttpClient Client { get; }

    private ExplorerTestServer(WebApplication app)
    {
        _app = app;
        Client = app.GetTestClient();
    }

    /// <summary>Builds and starts the application for <paramref name="options"/>.</summary>
    public static async Task<ExplorerTestServer> StartAsync(ExplorerOptions? options = null)
    {
        var app = ExplorerServer.Build(options ?? new ExplorerOptions(), b => b.WebHost.UseTestServer());
        await app.StartAsync();
        return new ExplorerTestServer(app);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
