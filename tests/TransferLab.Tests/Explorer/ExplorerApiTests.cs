using System.Globalization;
using System.Net;
using System.Text.Json;
using TransferLab.Experiments.Families;
using TransferLab.Schema;
using TransferLab.Server;
using TransferLab.Tests.Cli;

namespace TransferLab.Tests.Explorer;

/// <summary>
/// The explorer's JSON API against the command line it mirrors (docs/explorer.md, "API"): every theory endpoint answers
/// the very text of <c>theory … --json</c> for the same options, bad input is a 400 problem whose detail is the command
/// line's error line, oversized requests are refused before they run, and simulation jobs run, stream, queue and cancel,
/// a finished job equalling <c>simulate … --json</c> for the same seed. The command line runs in-process (console collection).
/// </summary>
[Collection("console")]
public class ExplorerApiTests
{
    /// <summary>Query string → the command line's options (name=value → --name value; repeated names joined by commas).</summary>
    private static string[] CliArgs(string query) => query.Length == 0 ? [] : query.Split('&')
        .Select(kv => kv.Split('=', 2)).GroupBy(kv => kv[0])
        .SelectMany(g => new[] { "--" + g.Key, string.Join(",", g.Select(kv => Uri.UnescapeDataString(kv[1]))) }).ToArray();

    private static async Task<(HttpStatusCode Status, string Type, string Body)> Get(HttpClient client, string url)
    {
        using var r = await client.GetAsync(url);
        return (r.StatusCode, r.Content.Headers.ContentType?.MediaType ?? "", await r.Content.ReadAsStringAsync());
    }

    public static TheoryData<string, string> TheoryCases => new()
    {
        { "linear", "n=50&d=40&sigma=0.1" },
        { "linear", "n=30&d=20&spectrum=power-law&power=1.5&teacher=angle&angle=60&epsilon=0.2" },
        { "deep-linear", "d=200&alpha=0.7&overlap=0.5&depth=3" },
        { "diagonal", "alpha-ft=0.2,0.4&c-pt=0.01&gamma-ft=0.5&rho-ft-new=0.05" },
        { "relu-ntk", "d=8&n=60&distance=0.3" },
        { "relu-overlap", "d=40&teacher-width=30&mu=0.25" },
    };

    [Theory]
    [MemberData(nameof(TheoryCases))]
    public async Task TheoryEndpointAnswersTheCommandLinesJson(string model, string query)
    {
        await using var server = await ExplorerTestServer.StartAsync();
        var (status, type, body) = await Get(server.Client, $"/api/theory/{model}?{query}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/json", type);
        var (code, stdout, stderr) = CliHarness.Run(["theory", model, .. CliArgs(query), "--json"]);
        Assert.True(code == 0, stderr);
        Assert.Equal(stdout.TrimEnd('\n', '\r'), body);
    }

    [Fact]
    public void EveryModelWithATheoryCommandIsCovered()
    {
        var covered = TheoryCases.Select(row => (string)row[0]).ToHashSet();
        foreach (var f in FamilyCatalogue.All.Where(f => (f.Schema.Offers & Compute.Theory) != 0))
            Assert.Contains(f.Name, covered);
    }

    [Theory]
    [InlineData("")]
    [InlineData("c-pt=0.001&lambda-pt=-0.00099&gamma-ft=0&beta-ft=3")]
    public async Task RegimeEndpointAnswersTheCommandLinesJson(string query)
    {
        await using var server = await ExplorerTestServer.StartAsync();
        var (status, _, body) = await Get(server.Client, $"/api/regime?{query}");
        Assert.Equal(HttpStatusCode.OK, status);
        var (code, stdout, stderr) = CliHarness.Run(["regime", .. CliArgs(query), "--json"]);
        Assert.True(code == 0, stderr);
        Assert.Equal(stdout.TrimEnd('\n', '\r'), body);
    }

    /// <summary>
    /// Curves over parameters whose points share work (relu-ntk over n, distance and epsilon: one nested Gram; relu-overlap
    /// over μ: one target kernel and factor) and over parameters that fall back to one theory per point.
    /// </summary>
    public static TheoryData<string, string, string, string> CurveCases => new()
    {
        { "linear", "n", "from=5&to=95&points=7", "d=40&sigma=0.2" },
        { "relu-ntk", "n", "from=3&to=80&points=9", "d=6&distance=0.4" },
        { "relu-ntk", "n", "from=10&to=40&points=4", "d=5&layers=both&seed=7" },
        { "relu-ntk", "distance", "from=0&to=2&points=5", "d=6&n=30" },
        { "relu-ntk", "epsilon", "from=0.05&to=0.5&points=4", "d=6&n=25" },
        { "relu-ntk", "d", "from=2&to=12&points=3", "n=20" },
        { "relu-overlap", "mu", "from=0&to=1&points=11", "d=12&teacher-width=20" },
        { "relu-overlap", "teacher-width", "from=2&to=30&points=4", "d=12&mu=0.3" },
    };

    [Theory]
    [MemberData(nameof(CurveCases))]
    public async Task CurvePointsAreTheTheoryAtEachValue(string model, string sweep, string axis, string fixedQuery)
    {
        await using var server = await ExplorerTestServer.StartAsync();
        var (status, _, body) = await Get(server.Client, $"/api/curve/{model}?sweep={sweep}&{axis}&{fixedQuery}");
        Assert.Equal(HttpStatusCode.OK, status);
        using var curve = JsonDocument.Parse(body);
        var values = curve.RootElement.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var results = curve.RootElement.GetProperty("results").EnumerateArray().ToArray();
        Assert.Equal(values.Length, results.Length);
        Assert.True(values.Length >= 3);
        for (int i = 0; i < values.Length; i++)
        {
            string at = values[i].ToString("R", CultureInfo.InvariantCulture);
            var (_, _, single) = await Get(server.Client, $"/api/theory/{model}?{sweep}={at}&{fixedQuery}");
            Assert.Equal(JsonDocument.Parse(single).RootElement.GetRawText(), JsonSerializer.Serialize(results[i], new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        }
    }

    [Fact]
    public async Task LinearCurveSweepsTheGivenValues()
    {
        await using var server = await ExplorerTestServer.StartAsync();
        var (_, _, body) = await Get(server.Client, "/api/curve/linear?sweep=n&from=5&to=95&points=7&d=40&sigma=0.2");
        using var curve = JsonDocument.Parse(body);
        Assert.Equal([5, 20, 35, 50, 65, 80, 95], curve.RootElement.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToArray());
    }

    [Fact]
    public async Task PhaseDiagramGridIsTheCommandLinesCsv()
    {
        await using var server = await ExplorerTestServer.StartAsync();
        const string query = "theta-points=9&alpha-points=7&alpha-max=1.5&sigma=0.3&protocol=fine-tune";
        var (status, _, body) = await Get(server.Client, $"/api/phase-diagram/deep-linear?{query}");
        Assert.Equal(HttpStatusCode.OK, status);
        string dir = Path.Combine(Path.GetTempPath(), "tl-explorer-phase-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (code, _, stderr) = CliHarness.Run(["phase-diagram", "deep-linear", .. CliArgs(query), "--out", dir]);
            Assert.True(code == 0, stderr);
            var rows = File.ReadAllLines(Path.Combine(dir, "phase-deep-linear-fine-tune.csv")).Skip(1).Select(l => l.Split(',')).Where(c => c[0] == "theory").ToList();
            using var grid = JsonDocument.Parse(body);
            var theta = grid.RootElement.GetProperty("theta_deg").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            var alpha = grid.RootElement.GetProperty("alpha").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            var t = grid.RootElement.GetProperty("t");
            Assert.Equal(9 * 7, rows.Count);
            foreach (var r in rows)
            {
                double th = double.Parse(r[1], CultureInfo.InvariantCulture), al = double.Parse(r[3], CultureInfo.InvariantCulture);
                int j = Array.FindIndex(theta, x => Math.Abs(x - th) <= 1e-12 * Math.Max(1, th));
                int i = Array.FindIndex(alpha, x => Math.Abs(x - al) <= 1e-12 * Math.Max(1, al));
                Assert.True(i >= 0 && j >= 0, $"grid point θ = {th}, α = {al} missing from the API grid");
                Assert.Equal(double.Parse(r[4], CultureInfo.InvariantCulture), t[i][j].GetDouble(), 12);
            }
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }

    [Fact]
    public async Task RegimeMapCellsAreTheClassifierAtThatCell()
    {
        await using var server = await ExplorerTestServer.StartAsync();
        var (status, _, body) = await Get(server.Client, "/api/regime-map?c-pt-points=4&gamma-ft-points=3&lambda-ratio=-0.99");
        Assert.Equal(HttpStatusCode.OK, status);
        using var map = JsonDocument.Parse(body);
        var c = map.RootElement.GetProperty("c_pt").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var g = map.RootElement.GetProperty("gamma_ft").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        // Log-spaced axes between the schema's defaults.
        Assert.Equal(1e-4, c[0], 12);
        Assert.Equal(10, c[^1], 10);
        Assert.Equal(Math.Sqrt(1e-6 * 10), g[1], 12);
        for (int i = 0; i < g.Length; i++)
            for (int j = 0; j < c.Length; j++)
            {
                string r(double v) => v.ToString("R", CultureInfo.InvariantCulture);
                var (code, stdout, stderr) = CliHarness.Run(["regime", "--c-pt", r(c[j]), "--lambda-pt", r(-0.99 * c[j]), "--gamma-ft", r(g[i]), "--json"]);
                Assert.True(code == 0, stderr);
                using var cli = JsonDocument.Parse(stdout);
                Assert.Equal(cli.RootElement.GetProperty("regime").GetString(), map.RootElement.GetProperty("regime")[i][j].GetString());
                Assert.Equal(cli.RootElement.GetProperty("l_order").GetDouble(), map.RootElement.GetProperty("l_order")[i][j].GetDouble(), 12);
            }
    }

    [Theory]
    [InlineData("theory", "linear", "n=0")]
    [InlineData("theory", "linear", "d=20")]
    [InlineData("theory", "linear", "n=10&d=abc")]
    [InlineData("theory", "linear", "n=10&power=2")]
    [InlineData("theory", "deep-linear", "d=2")]
    [InlineData("theory", "diagonal", "lambda-pt=1")]
    [InlineData("theory", "diagonal", "rho-pt=1.5")]
    [InlineData("theory", "relu-ntk", "distance=3")]
    [InlineData("regime", "", "beta-pt=0")]
    public async Task BadInputIsA400NamingTheParameterWithTheCommandLinesMessage(string command, string model, string query)
    {
        await using var server = await ExplorerTestServer.StartAsync();
        string url = command == "regime" ? $"/api/regime?{query}" : $"/api/theory/{model}?{query}";
        var (status, type, body) = await Get(server.Client, url);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("application/problem+json", type);
        using var problem = JsonDocument.Parse(body);
        string[] cli = command == "regime" ? ["regime", .. CliArgs(query)] : ["theory", model, .. CliArgs(query)];
        var (code, _, stderr) = CliHarness.Run(cli);
        Assert.Equal(2, code);
        var cliLines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.StartsWith("error: ") ? l["error: ".Length..] : l).ToArray();
        Assert.Equal(string.Join("\n", cliLines), problem.RootElement.GetProperty("detail").GetString());
        string parameter = problem.RootElement.GetProperty("parameter").GetString()!;
        Assert.Contains("--" + parameter, cliLines[0]);
        Assert.DoesNotContain("   at ", body);
    }

    [Fact]
    public async Task UnknownNamesAreA400ListingTheValidOnes()
    {
        // The command line's parser rejects an unknown option before the schema sees it; the API has no parser, so the
        // schema's own message answers, naming the name and the valid ones.
        await using var server = await ExplorerTestServer.StartAsync();
        var (status, type, body) = await Get(server.Client, "/api/theory/linear?n=10&bogus=1");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("application/problem+json", type);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal("bogus", problem.GetProperty("parameter").GetString());
        Assert.StartsWith("--bogus = 1: not a parameter of model linear; valid: d, n, sigma", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task NoValueOfAnyTheoryParameterIsA500()
    {
        await using var server = await ExplorerTestServer.StartAsync();
        foreach (var f in FamilyCatalogue.All.Where(f => (f.Schema.Offers & Compute.Theory) != 0 && f.Name != "diagonal"))
            foreach (var p in f.Schema.For(Compute.Theory))
                foreach (var v in new[] { "", "x", "-1", "NaN", "1e400", "0", "99999999999" })
                {
                    var (status, _, body) = await Get(server.Client, $"/api/theory/{f.Name}?{p.Name}={Uri.EscapeDataString(v)}{(f.Name == "linear" && p.Name != "n" ? "&n=10" : "")}");
                    Assert.True(status is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{f.Name} {p.Name}={v}: {(int)status} {body}");
                }
    }

    [Theory]
    [InlineData("/api/theory/linear?n=10&d=1000000", "d")]
    [InlineData("/api/theory/deep-linear?d=50000", "d")]
    [InlineData("/api/phase-diagram/deep-linear?theta-points=100000&alpha-points=100000", "theta-points")]
    [InlineData("/api/curve/linear?sweep=n&from=1&to=1000&points=100000&d=10", "points")]
    [InlineData("/api/theory/diagonal?alpha-ft=0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,1,1.1,1.2,1.3,1.4,1.5,1.6,1.7,1.8,1.9,2,2.1,2.2,2.3,2.4,2.5,2.6,2.7,2.8,2.9,3,3.1,3.2,3.3,3.4,3.5,3.6,3.7,3.8,3.9,4,4.1,4.2,4.3,4.4,4.5,4.6,4.7,4.8,4.9,5,5.1,5.2,5.3,5.4,5.5,5.6,5.7,5.8,5.9,6,6.1,6.2,6.3,6.4,6.5", "alpha-ft")]
    public async Task OversizedRequestsAreRefusedNamingTheParameter(string url, string parameter)
    {
        await using var server = await ExplorerTestServer.StartAsync();
        var (status, type, body) = await Get(server.Client, url);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("application/problem+json", type);
        Assert.Equal(parameter, JsonDocument.Parse(body).RootElement.GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task GridsOverTheMemoryBudgetAreRefusedBeforeTheyAllocate()
    {
        // 12 × 12 cells need 8 doubles each = 9216 bytes, over a 4 KiB budget: refused by the estimate, not by running out.
        await using var server = await ExplorerTestServer.StartAsync(new ExplorerOptions { Limits = new ServerLimits { MemoryBudget = 4096 } });
        var (status, _, body) = await Get(server.Client, "/api/phase-diagram/deep-linear?theta-points=12&alpha-points=12");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("memory budget", body);
        var (ok, _, _) = await Get(server.Client, "/api/phase-diagram/deep-linear?theta-points=4&alpha-points=4");
        Assert.Equal(HttpStatusCode.OK, ok);
    }

    [Fact]
    public async Task SchemaDescribesEveryOptionOfTheCommand()
    {
        await using var server = await ExplorerTestServer.StartAsync();
        var (status, _, body) = await Get(server.Client, "/api/schema/diagonal");
        Assert.Equal(HttpStatusCode.OK, status);
        using var schema = JsonDocument.Parse(body);
        var names = schema.RootElement.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("option").GetString()!).ToHashSet();
        var (_, help, _) = CliHarness.Run(["theory", "diagonal", "--help"]);
        foreach (var p in FamilyCatalogue.Find("diagonal").Schema.For(Compute.Theory))
        {
            Assert.Contains("--" + p.Name, names);
            Assert.Contains("--" + p.Name + " ", help);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await Get(server.Client, "/api/schema/nope")).Status);
    }

    private static async Task<JsonElement> WaitFinal(HttpClient client, string id, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            var (_, _, body) = await Get(client, $"/api/jobs/{id}");
            var job = JsonDocument.Parse(body).RootElement.Clone();
            if (job.GetProperty("state").GetString() is "done" or "cancelled" or "failed") return job;
            Assert.True(DateTime.UtcNow < until, $"job {id} still {job.GetProperty("state")} after {timeout}");
            await Task.Delay(50);
        }
    }

    private static async Task<JsonElement> Post(HttpClient client, string url, HttpStatusCode expected = HttpStatusCode.Accepted)
    {
        using var r = await client.PostAsync(url, null);
        string body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == expected, $"{(int)r.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [Fact]
    public async Task FinishedJobEqualsTheCommandLinesSimulationForTheSameSeed()
    {
        await using var server = await ExplorerTestServer.StartAsync();
        var job = await Post(server.Client, "/api/simulate/linear?n=15&d=12&sigma=0.1&seeds=6&seed=7");
        string id = job.GetProperty("id").GetString()!;
        var final = await WaitFinal(server.Client, id, TimeSpan.FromSeconds(60));
        Assert.Equal("done", final.GetProperty("state").GetString());
        Assert.Equal(1.0, final.GetProperty("progress").GetDouble());
        var (_, _, result) = await Get(server.Client, $"/api/jobs/{id}/result");
        var (code, stdout, stderr) = CliHarness.Run(["simulate", "linear", "--n", "15", "--d", "12", "--sigma", "0.1", "--seeds", "6", "--seed", "7", "--json"]);
        Assert.True(code == 0, stderr);
        Assert.Equal(stdout.TrimEnd('\n', '\r'), result);
        // The job's embedded result is the same document.
        Assert.Equal(JsonSerializer.Serialize(JsonDocument.Parse(result).RootElement), JsonSerializer.Serialize(final.GetProperty("result")));
    }

    [Fact]
    public async Task EventStreamReportsProgressAndEndsWithTheResult()
    {
        await using var server = await ExplorerTestServer.StartAsync();
        var job = await Post(server.Client, "/api/simulate/diagonal?alpha-ft=0.3&d=60&seeds=3");
        string id = job.GetProperty("id").GetString()!;
        using var response = await server.Client.GetAsync($"/api/jobs/{id}/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        string? line, lastEvent = null, lastData = null;
        var progress = new List<double>();
        while ((line = await reader.ReadLineAsync()) is not null)
        {
            if (line.StartsWith("event: ")) lastEvent = line[7..];
            if (line.StartsWith("data: "))
            {
                lastData = line[6..];
                progress.Add(JsonDocument.Parse(lastData).RootElement.GetProperty("progress").GetDouble());
            }
        }
        Assert.Equal("done", lastEvent);
        var final = JsonDocument.Parse(lastData!).RootElement;
        Assert.Equal("done", final.GetProperty("state").GetString());
        Assert.True(final.GetProperty("result").GetProperty("rows")[0].GetProperty("mean_error").GetDouble() >= 0);
        Assert.Equal(progress.OrderBy(p => p), progress); // progress never goes back
    }

    [Fact]
    public async Task JobsQueueBeyondTheLimitAndCancelWhetherQueuedOrRunning()
    {
        await using var server = await ExplorerTestServer.StartAsync(new ExplorerOptions { MaxJobs = 1, MaxQueued = 1 });
        // Gradient descent on d = 300 with 400 seeds runs for minutes unless cancelled.
        const string slow = "/api/simulate/linear?n=150&d=300&seeds=400&solver=gd";
        string running = (await Post(server.Client, slow)).GetProperty("id").GetString()!;
        for (int k = 0; k < 200; k++)
        {
            var (_, _, b) = await Get(server.Client, $"/api/jobs/{running}");
            if (JsonDocument.Parse(b).RootElement.GetProperty("state").GetString() == "running") break;
            await Task.Delay(25);
        }
        string queued = (await Post(server.Client, slow)).GetProperty("id").GetString()!;
        var (_, _, q) = await Get(server.Client, $"/api/jobs/{queued}");
        Assert.Equal("queued", JsonDocument.Parse(q).RootElement.GetProperty("state").GetString());
        var refused = await Post(server.Client, slow, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Queue full", refused.GetProperty("title").GetString());

        using (var r = await server.Client.DeleteAsync($"/api/jobs/{queued}")) Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("cancelled", (await WaitFinal(server.Client, queued, TimeSpan.FromSeconds(10))).GetProperty("state").GetString());
        using (var r = await server.Client.DeleteAsync($"/api/jobs/{running}")) Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var stopped = await WaitFinal(server.Client, running, TimeSpan.FromSeconds(30));
        Assert.Equal("cancelled", stopped.GetProperty("state").GetString());
        Assert.True(stopped.GetProperty("progress").GetDouble() < 1);
        Assert.Equal(HttpStatusCode.Conflict, (await Get(server.Client, $"/api/jobs/{running}/result")).Status);
        // The slot is free again: a small job runs to the end.
        string next = (await Post(server.Client, "/api/simulate/linear?n=10&d=5&seeds=3")).GetProperty("id").GetString()!;
        Assert.Equal("done", (await WaitFinal(server.Client, next, TimeSpan.FromSeconds(60))).GetProperty("state").GetString());
    }

    [Fact]
    public async Task SimulationInputIsCheckedBeforeAJobIsQueued()
    {
        await using var server = await ExplorerTestServer.StartAsync();
        var bad = await Post(server.Client, "/api/simulate/linear?n=10&seeds=100000", HttpStatusCode.BadRequest);
        Assert.Equal("seeds", bad.GetProperty("parameter").GetString());
        var badSeed = await Post(server.Client, "/api/simulate/linear?n=10&seed=-3", HttpStatusCode.BadRequest);
        Assert.Equal("seed", badSeed.GetProperty("parameter").GetString());
        var file = await Post(server.Client, "/api/simulate/relu?data=/etc/passwd", HttpStatusCode.BadRequest);
        Assert.Equal("data", file.GetProperty("parameter").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await Get(server.Client, "/api/jobs/0000")).Status);
        using var r = await server.Client.PostAsync("/api/simulate/relu-ntk", null);
        Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
    }

    [Fact]
    public async Task PagesCarryTheContentSecurityPolicyAndForeignRequestsAreRefused()
    {
        await using var server = await ExplorerTestServer.StartAsync();
        foreach (var page in new[] { "/", "/linear.html", "/phase.html", "/js/theory.js", "/vendor/uplot/uPlot.iife.min.js", "/vendor/uplot/LICENSE" })
        {
            using var r = await server.Client.GetAsync(page);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.StartsWith("default-src 'self'", r.Headers.GetValues("Content-Security-Policy").Single());
        }
        using (var rebinding = new HttpRequestMessage(HttpMethod.Get, "/api/health"))
        {
            rebinding.Headers.Host = "attacker.example";
            using var r = await server.Client.SendAsync(rebinding);
            Assert.Equal(HttpStatusCode.MisdirectedRequest, r.StatusCode);
        }
        using (var crossSite = new HttpRequestMessage(HttpMethod.Post, "/api/simulate/linear?n=10"))
        {
            crossSite.Headers.Add("Origin", "http://attacker.example");
            using var r = await server.Client.SendAsync(crossSite);
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        }
    }

    [Fact]
    public async Task ResultsBrowserListsFiguresAndServesOnlyFilesInsideTheDirectory()
    {
        string dir = Path.Combine(Path.GetTempPath(), "tl-explorer-results-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (code, _, stderr) = CliHarness.Run(["phase-diagram", "deep-linear", "--theta-points", "6", "--alpha-points", "5", "--out", dir]);
            Assert.True(code == 0, stderr);
            File.WriteAllText(Path.Combine(Path.GetTempPath(), "tl-outside-secret.txt"), "secret");
            await using var server = await ExplorerTestServer.StartAsync(new ExplorerOptions { ResultsDirectory = dir });
            var (status, _, body) = await Get(server.Client, "/api/results");
            Assert.Equal(HttpStatusCode.OK, status);
            var figure = JsonDocument.Parse(body).RootElement.GetProperty("figures").EnumerateArray().Single();
            Assert.Equal("phase-deep-linear-linear-transfer", figure.GetProperty("id").GetString());
            var files = figure.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("path").GetString()!).ToList();
            Assert.Contains("phase-deep-linear-linear-transfer.csv", files);
            var (csvStatus, _, csv) = await Get(server.Client, "/api/results/file/phase-deep-linear-linear-transfer.csv");
            Assert.Equal(HttpStatusCode.OK, csvStatus);
            Assert.Equal(File.ReadAllText(Path.Combine(dir, "phase-deep-linear-linear-transfer.csv")), csv);
            foreach (var escape in new[] { "../tl-outside-secret.txt", "..%2Ftl-outside-secret.txt", "%2E%2E/tl-outside-secret.txt", "/etc/passwd" })
                Assert.Equal(HttpStatusCode.NotFound, (await Get(server.Client, "/api/results/file/" + escape)).Status);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }
}
