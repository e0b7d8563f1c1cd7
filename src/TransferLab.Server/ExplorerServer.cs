using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TransferLab.Experiments;

namespace TransferLab.Server;

/// <summary>
/// The explorer: an ASP.NET Core minimal-API server with the pages (<see cref="EmbeddedPages"/>) and the JSON API
/// (<see cref="TheoryApi"/>, <see cref="GridApi"/>, <see cref="JobApi"/>, <see cref="ResultsApi"/>). Every response
/// carries a Content-Security-Policy of 'self' (no script, style or request may leave the server); a server bound to
/// this machine answers only requests addressed to it by a loopback name (no DNS rebinding), and state-changing
/// requests from other origins are refused (docs/explorer.md, "Security").
/// </summary>
public static class ExplorerServer
{
    /// <summary>The policy on every page: nothing but this server, no plugins, no framing, no base override.</summary>
    public const string ContentSecurityPolicy = "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    private static readonly string[] s_loopbackNames = ["localhost", "127.0.0.1", "[::1]", "::1"];

    /// <summary>
    /// Builds the server for <paramref name="options"/>; <paramref name="configure"/> may adjust the builder before it is
    /// built (tests swap in an in-memory server).
    /// </summary>
    public static WebApplication Build(ExplorerOptions options, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(ExplorerServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            // Never the developer exception page: no stack trace leaves the server, whatever the environment says.
            EnvironmentName = Environments.Production,
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls($"http://{UrlHost(options.Host)}:{options.Port}");
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = 64 * 1024;
            k.Limits.MaxConcurrentConnections = 256;
            k.AddServerHeader = false;
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Services.AddProblemDetails();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<JobQueue>();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers["Content-Security-Policy"] = ContentSecurityPolicy;
            headers["X-Content-Type-Options"] = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Resource-Policy"] = "same-origin";
            if (options.IsLoopback && !s_loopbackNames.Contains(context.Request.Host.Host, StringComparer.OrdinalIgnoreCase))
            {
                await Results.Problem(statusCode: StatusCodes.Status421MisdirectedRequest, title: "Not this server",
                    detail: "this server answers only requests to localhost").ExecuteAsync(context);
                return;
            }
            if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
                && context.Request.Headers.Origin is { Count: > 0 } origin && origin.ToString() != $"{context.Request.Scheme}://{context.Request.Host}")
            {
                await Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Cross-origin request",
                    detail: "jobs can be started and cancelled only from this server's own pages").ExecuteAsync(context);
                return;
            }
            await next(context);
        });

        app.MapGet("/api/health", () => Results.Json(new { Status = "ok", Version = ToolInfo.Version }, ExplorerJson.Options));
        TheoryApi.Map(app, options);
        GridApi.Map(app, options);
        JobApi.Map(app, options, app.Services.GetRequiredService<JobQueue>());
        ResultsApi.Map(app, options);
        EmbeddedPages.Map(app);
        return app;
    }

    /// <summary>The address as a URL host (IPv6 in brackets).</summary>
    public static string UrlHost(string host) => host.Contains(':') && !host.StartsWith('[') ? $"[{host}]" : host;

    /// <summary>The URL a started server listens on (the first bound address, with the port Kestrel picked for port 0).</summary>
    public static string Url(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        string address = addresses?.FirstOrDefault() ?? app.Urls.First();
        return address.TrimEnd('/') + "/";
    }
}
