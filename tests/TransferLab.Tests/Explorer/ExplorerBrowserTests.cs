using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;
using TransferLab.Experiments;
using TransferLab.Experiments.Families;
using TransferLab.Schema;
using TransferLab.Server;

namespace TransferLab.Tests.Explorer;

/// <summary>A fact that drives Debian's Chromium; skipped, saying how to get it, only when /usr/bin/chromium is absent.</summary>
public sealed class RequiresChromiumFactAttribute : FactAttribute
{
    public const string Chromium = "/usr/bin/chromium";

    public RequiresChromiumFactAttribute()
    {
        if (!File.Exists(Chromium)) Skip = $"{Chromium} is absent: apt-get install -y chromium (.ci/run installs it); no browser is downloaded";
    }
}

/// <summary>The real server on a free localhost port, a results directory with one real figure, and a headless Chromium.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public WebApplication? App { get; private set; }
    public string Url { get; private set; } = "";
    public string ResultsDirectory { get; } = Path.Combine(Path.GetTempPath(), "tl-explorer-browser-" + Guid.NewGuid().ToString("N"));
    public IPlaywright? Playwright { get; private set; }
    public IBrowser? Browser { get; private set; }
    public HttpClient Http { get; } = new();

    public async Task InitializeAsync()
    {
        if (!File.Exists(RequiresChromiumFactAttribute.Chromium)) return;
        var values = DeepLinearPhaseDiagram.Schema.Bind(new Dictionary<string, string> { ["theta-points"] = "6", ["alpha-points"] = "5" }, Compute.Theory);
        FigureRunner.PrepareOutputDirectory(ResultsDirectory);
        FigureRunner.Run(DeepLinearPhaseDiagram.Create(values), false, ResultsDirectory, 1, 1, new ProgressBoard());
        App = ExplorerServer.Build(new ExplorerOptions { Port = 0, ResultsDirectory = ResultsDirectory });
        await App.StartAsync();
        Url = ExplorerServer.Url(App);
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new() { ExecutablePath = RequiresChromiumFactAttribute.Chromium, Headless = true, Args = ["--no-sandbox"] });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        Playwright?.Dispose();
        if (App is not null) { await App.StopAsync(); await App.DisposeAsync(); }
        Http.Dispose();
        if (Directory.Exists(ResultsDirectory)) Directory.Delete(ResultsDirectory, true);
    }
}

/// <summary>
/// Every page in a real headless Chromium against the real server: it loads without console errors, every request it
/// makes goes to this server, what it plots equals the API's numbers before and after a slider moves, a small
/// simulation runs to completion and is drawn, and downloads hold what is shown. The screenshot of the README
/// (docs/images/explorer.png) is taken here when TRANSFERLAB_SCREENSHOT names the file to write.
/// </summary>
public class ExplorerBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private sealed record Session(IPage Page, List<string> Errors, List<string> Requests);

    private async Task<Session> Open(string path)
    {
        var context = await fixture.Browser!.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 860 }, AcceptDownloads = true });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        var requests = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") lock (errors) errors.Add(m.Text); };
        page.PageError += (_, e) => { lock (errors) errors.Add(e); };
        page.Request += (_, r) => { lock (requests) requests.Add(r.Url); };
        await page.GotoAsync(fixture.Url + path);
        await page.WaitForFunctionAsync("() => window.explorer && window.explorer.ready === true", null, new() { Timeout = 60_000 });
        return new Session(page, errors, requests);
    }

    private void AssertClean(Session s)
    {
        Assert.True(s.Errors.Count == 0, string.Join("\n", s.Errors));
        Assert.NotEmpty(s.Requests);
        Assert.All(s.Requests, u => Assert.True(u.StartsWith(fixture.Url, StringComparison.Ordinal) || u.StartsWith("blob:", StringComparison.Ordinal) || u.StartsWith("data:", StringComparison.Ordinal),
            $"request left the server: {u}"));
    }

    private async Task<JsonElement> Api(string relative) => JsonDocument.Parse(await fixture.Http.GetStringAsync(fixture.Url + relative.TrimStart('/'))).RootElement.Clone();

    private static async Task<double?[][]> PlotData(IPage page) =>
        JsonSerializer.Deserialize<double?[][]>(await page.EvaluateAsync<string>("() => JSON.stringify(window.explorer.plot.data)"))!;

    private static double? Number(JsonElement e) => e.ValueKind == JsonValueKind.Number ? e.GetDouble() : null;

    /// <summary>The page's plotted theory series equal the API's numbers for the URL it last asked (independent extraction here).</summary>
    private async Task AssertPlotIsApi(IPage page, Func<JsonElement, double?[][]> expectedSeries, bool logY)
    {
        string url = await page.EvaluateAsync<string>("() => window.explorer.lastUrl");
        var body = await Api(url);
        var data = await PlotData(page);
        var expected = expectedSeries(body);
        // The page draws on a log axis only values within 15 decades of the largest (docs/explorer.md, "Pages").
        double floor = logY ? expected.SelectMany(x => x).Where(v => v is not null && double.IsFinite(v.Value)).Max(v => Math.Abs(v!.Value)) * 1e-15 : double.NegativeInfinity;
        for (int k = 0; k < expected.Length; k++)
        {
            var plotted = data[k + 1].Where((_, i) => data[0].Length > i).ToArray();
            var want = expected[k].Select(v => v is null || (logY && !(v > 0 && v >= floor)) ? null : v).ToArray();
            Assert.Equal(want.Length, plotted.Length);
            for (int i = 0; i < want.Length; i++) Assert.Equal(want[i], plotted[i]);
        }
    }

    private static async Task MoveSlider(IPage page, string name, string position)
    {
        int before = await page.EvaluateAsync<int>("() => window.explorer.updated");
        await page.Locator($"#slider-{name}").FillAsync(position);
        await page.WaitForFunctionAsync($"() => window.explorer.updated > {before}", null, new() { Timeout = 30_000 });
        await page.WaitForTimeoutAsync(300); // a debounced follow-up, if any, lands too
        await page.WaitForFunctionAsync("() => !document.getElementById('status').classList.contains('error')");
    }

    private static double?[][] LinearSeries(JsonElement curve) => new[] { "fine-tune", "scratch", "zero-shot" }.Select(p =>
        curve.GetProperty("results").EnumerateArray().Select(r => Number(r.GetProperty("protocols").EnumerateArray().Single(x => x.GetProperty("protocol").GetString() == p).GetProperty("excess_risk"))).ToArray()).ToArray();

    [RequiresChromiumFact]
    public async Task LinearPageFollowsItsSlidersAndOverlaysASimulation()
    {
        var s = await Open("linear.html");
        await AssertPlotIsApi(s.Page, LinearSeries, logY: false);
        await MoveSlider(s.Page, "d", "600");
        string url = await s.Page.EvaluateAsync<string>("() => window.explorer.lastUrl");
        Assert.Contains("d=240", url);
        await AssertPlotIsApi(s.Page, LinearSeries, logY: false);
        await MoveSlider(s.Page, "sigma", "250");
        Assert.Contains("sigma=0.5", await s.Page.EvaluateAsync<string>("() => window.explorer.lastUrl"));
        await AssertPlotIsApi(s.Page, LinearSeries, logY: false);

        await s.Page.Locator("#simulate").ClickAsync();
        await s.Page.WaitForFunctionAsync("() => window.explorer.simulationState === 'done'", null, new() { Timeout = 180_000 });
        var ids = JsonSerializer.Deserialize<string[]>(await s.Page.EvaluateAsync<string>("() => JSON.stringify(window.explorer.jobIds)"))!;
        var data = await PlotData(s.Page);
        int fineTuneSim = 4; // x, three theory series, then the simulation series
        foreach (var id in ids)
        {
            var job = await Api($"api/jobs/{id}");
            var result = job.GetProperty("result");
            double n = result.GetProperty("n").GetDouble();
            double mean = result.GetProperty("protocols")[0].GetProperty("mean").GetDouble();
            int at = Array.IndexOf(data[0], n);
            Assert.True(at >= 0, $"simulated n = {n} not on the plot");
            Assert.Equal(mean, data[fineTuneSim][at]);
        }
        Assert.Equal(1.0, await s.Page.EvaluateAsync<double>("() => document.getElementById('sim-progress').value"));
        Assert.StartsWith("./transferlab simulate linear", await s.Page.Locator("#cli-command").TextContentAsync());

        var csv = await s.Page.RunAndWaitForDownloadAsync(() => s.Page.Locator("#download-csv").ClickAsync());
        var lines = File.ReadAllLines((await csv.PathAsync())!);
        Assert.StartsWith("n,fine-tune,scratch,zero-shot", lines[0]);
        Assert.Equal(data[0].Length, lines.Length - 1);
        var svg = await s.Page.RunAndWaitForDownloadAsync(() => s.Page.Locator("#download-svg").ClickAsync());
        Assert.StartsWith("<svg", File.ReadAllText((await svg.PathAsync())!));

        if (Environment.GetEnvironmentVariable("TRANSFERLAB_SCREENSHOT") is { Length: > 0 } shot)
            await s.Page.ScreenshotAsync(new() { Path = shot });
        AssertClean(s);
    }

    [RequiresChromiumFact]
    public async Task DiagonalPagePlotsTheReplicaCurveAndItsSimulation()
    {
        var s = await Open("diagonal.html");
        double?[][] Replica(JsonElement t) => [t.GetProperty("rows").EnumerateArray().Select(r => Number(r.GetProperty("error"))).ToArray()];
        await AssertPlotIsApi(s.Page, Replica, logY: true);
        await MoveSlider(s.Page, "rho-ft-shared", "50");
        Assert.Contains("rho-ft-shared=0.05", await s.Page.EvaluateAsync<string>("() => window.explorer.lastUrl"));
        await AssertPlotIsApi(s.Page, Replica, logY: true);
        await s.Page.Locator("#sim-in-seeds").FillAsync("2");
        await s.Page.Locator("#simulate").ClickAsync();
        await s.Page.WaitForFunctionAsync("() => window.explorer.simulationState === 'done'", null, new() { Timeout = 180_000 });
        var points = JsonSerializer.Deserialize<double[][]>(await s.Page.EvaluateAsync<string>("() => JSON.stringify(window.explorer.simulation.series[0].points)"))!;
        Assert.Equal(5, points.Length);
        var ids = JsonSerializer.Deserialize<string[]>(await s.Page.EvaluateAsync<string>("() => JSON.stringify(window.explorer.jobIds)"))!;
        var rows = (await Api($"api/jobs/{ids.Single()}")).GetProperty("result").GetProperty("rows").EnumerateArray().ToArray();
        for (int i = 0; i < rows.Length; i++)
        {
            Assert.Equal(rows[i].GetProperty("alpha_ft").GetDouble(), points[i][0]);
            Assert.Equal(rows[i].GetProperty("mean_error").GetDouble(), points[i][1]);
            Assert.Equal(rows[i].GetProperty("standard_error").GetDouble(), points[i][2]);
        }
        AssertClean(s);
    }

    [RequiresChromiumFact]
    public async Task DeepLinearAndReluPagesPlotTheApisNumbers()
    {
        var deep = await Open("deep-linear.html");
        double?[][] Deep(JsonElement c) => new[] { "scratch_risk", "linear_transfer_risk", "fine_tune_risk_depth", "optimal_ridge_scratch_risk" }
            .Select(k => c.GetProperty("results").EnumerateArray().Select(r => Number(r.GetProperty(k))).ToArray()).ToArray();
        await AssertPlotIsApi(deep.Page, Deep, logY: true);
        await MoveSlider(deep.Page, "overlap", "250");
        Assert.Contains("overlap=-0.5", await deep.Page.EvaluateAsync<string>("() => window.explorer.lastUrl"));
        await AssertPlotIsApi(deep.Page, Deep, logY: true);
        AssertClean(deep);

        var ntk = await Open("relu-ntk.html");
        double?[][] Ntk(JsonElement c) => new[] { "fine_tune_bound", "scratch_bound" }.Select(k => c.GetProperty("results").EnumerateArray().Select(r => Number(r.GetProperty(k))).ToArray()).ToArray();
        await AssertPlotIsApi(ntk.Page, Ntk, logY: true);
        await MoveSlider(ntk.Page, "distance", "100");
        await AssertPlotIsApi(ntk.Page, Ntk, logY: true);
        AssertClean(ntk);

        var overlap = await Open("relu-overlap.html");
        double?[][] Overlap(JsonElement c) => [c.GetProperty("results").EnumerateArray().Select(r => Number(r.GetProperty("out_of_span_fraction"))).ToArray()];
        await AssertPlotIsApi(overlap.Page, Overlap, logY: false);
        await MoveSlider(overlap.Page, "d", "100");
        await AssertPlotIsApi(overlap.Page, Overlap, logY: false);
        AssertClean(overlap);
    }

    /// <summary>
    /// Runs the page's simulation with the given small inputs to completion and checks that every overlaid point (the x
    /// the job was asked for, mean and SE) and every plotted mean is the job API's <c>quantities</c> of <c>simulate relu</c>.
    /// Returns the jobs' snapshots.
    /// </summary>
    private async Task<JsonElement[]> RunReluSimulation(Session s, string axis, string[] quantities, Dictionary<string, string> inputs)
    {
        foreach (var (name, value) in inputs) await s.Page.Locator($"#sim-in-{name}").FillAsync(value);
        await s.Page.Locator("#simulate").ClickAsync();
        await s.Page.WaitForFunctionAsync("() => ['done', 'failed', 'cancelled'].includes(window.explorer.simulationState)", null, new() { Timeout = 300_000 });
        Assert.Equal("done", await s.Page.EvaluateAsync<string>("() => window.explorer.simulationState"));
        var ids = JsonSerializer.Deserialize<string[]>(await s.Page.EvaluateAsync<string>("() => JSON.stringify(window.explorer.jobIds)"))!;
        var jobs = new List<JsonElement>();
        foreach (var id in ids) jobs.Add(await Api($"api/jobs/{id}"));
        var data = await PlotData(s.Page);
        int theorySeries = data.Length - 1 - quantities.Length;
        for (int k = 0; k < quantities.Length; k++)
        {
            var points = JsonSerializer.Deserialize<double[][]>(await s.Page.EvaluateAsync<string>($"() => JSON.stringify(window.explorer.simulation.series[{k}].points)"))!;
            Assert.Equal(jobs.Count, points.Length);
            for (int i = 0; i < jobs.Count; i++)
            {
                Assert.Equal("done", jobs[i].GetProperty("state").GetString());
                foreach (var (name, value) in inputs) Assert.Equal(value, jobs[i].GetProperty("parameters").GetProperty(name).GetString());
                double x = double.Parse(jobs[i].GetProperty("parameters").GetProperty(axis).GetString()!, System.Globalization.CultureInfo.InvariantCulture);
                var q = jobs[i].GetProperty("result").GetProperty("quantities").GetProperty(quantities[k]);
                Assert.Equal([x, q.GetProperty("mean").GetDouble(), q.GetProperty("se").GetDouble()], points[i]);
                int at = Array.IndexOf(data[0], x);
                Assert.True(at >= 0, $"simulated {axis} = {x} not on the plot");
                Assert.Equal(q.GetProperty("mean").GetDouble(), data[1 + theorySeries + k][at]);
            }
        }
        Assert.Equal(1.0, await s.Page.EvaluateAsync<double>("() => document.getElementById('sim-progress').value"));
        Assert.StartsWith("./transferlab simulate relu", await s.Page.Locator("#cli-command").TextContentAsync());
        return jobs.ToArray();
    }

    [RequiresChromiumFact]
    public async Task ReluOverlapPageOverlaysTheFeatureTransferSimulation()
    {
        var s = await Open("relu-overlap.html");
        double?[][] Overlap(JsonElement c) => [c.GetProperty("results").EnumerateArray().Select(r => Number(r.GetProperty("out_of_span_fraction"))).ToArray()];
        await AssertPlotIsApi(s.Page, Overlap, logY: false);
        // d back at relu-overlap's default 100, which `simulate relu` (default d = 10) must still be told.
        await MoveSlider(s.Page, "d", "198");
        Assert.Equal("100", await s.Page.Locator("#in-d").InputValueAsync());
        await AssertPlotIsApi(s.Page, Overlap, logY: false);
        var jobs = await RunReluSimulation(s, "mu", ["linear_transfer", "overlap_teacher", "overlap_student"], new()
        {
            ["width"] = "20", ["n"] = "60", ["n-source"] = "100", ["pretrain-steps"] = "200", ["steps"] = "200", ["n-test"] = "200", ["seeds"] = "2",
        });
        // The simulation ran the feature experiment at the theory's teacher (d, m*), though `simulate relu`'s defaults differ.
        string d = await s.Page.Locator("#in-d").InputValueAsync(), teacherWidth = await s.Page.Locator("#in-teacher-width").InputValueAsync();
        foreach (var job in jobs)
        {
            var p = job.GetProperty("parameters");
            Assert.Equal("features", p.GetProperty("experiment").GetString());
            Assert.Equal(d, p.GetProperty("d").GetString());
            Assert.Equal(teacherWidth, p.GetProperty("teacher-width").GetString());
        }
        Assert.Equal(["0.1", "0.325", "0.55", "0.775", "1"], jobs.Select(j => j.GetProperty("parameters").GetProperty("mu").GetString()));
        AssertClean(s);
    }

    [RequiresChromiumFact]
    public async Task ReluNtkPageOverlaysItsSimulation()
    {
        var s = await Open("relu-ntk.html");
        await RunReluSimulation(s, "n", ["fine_tune_mse", "scratch_mse"], new() { ["width"] = "50", ["steps"] = "200", ["seeds"] = "2" });
        AssertClean(s);
    }

    [RequiresChromiumFact]
    public async Task PhaseDiagramShowsTheApisGridAndHoverReadsACell()
    {
        var s = await Open("phase.html");
        async Task SameGrid()
        {
            var api = await Api(await s.Page.EvaluateAsync<string>("() => window.explorer.lastUrl"));
            var shown = JsonDocument.Parse(await s.Page.EvaluateAsync<string>("() => JSON.stringify(window.explorer.grid)")).RootElement;
            Assert.Equal(JsonSerializer.Serialize(JsonSerializer.Deserialize<double?[][]>(api.GetProperty("t"))), JsonSerializer.Serialize(JsonSerializer.Deserialize<double?[][]>(shown.GetProperty("t"))));
        }
        await SameGrid();
        await MoveSlider(s.Page, "sigma", "500");
        Assert.Contains("sigma=0.5", await s.Page.EvaluateAsync<string>("() => window.explorer.lastUrl"));
        await SameGrid();
        var box = (await s.Page.Locator("#heatmap").BoundingBoxAsync())!;
        await s.Page.Mouse.MoveAsync(box.X + box.Width * 0.5f, box.Y + box.Height * 0.5f);
        var hovered = JsonDocument.Parse(await s.Page.EvaluateAsync<string>("() => JSON.stringify(window.explorer.hovered)")).RootElement;
        var grid = JsonDocument.Parse(await s.Page.EvaluateAsync<string>("() => JSON.stringify(window.explorer.grid)")).RootElement;
        int i = hovered.GetProperty("i").GetInt32(), j = hovered.GetProperty("j").GetInt32();
        Assert.Equal(grid.GetProperty("t")[i][j].GetDouble(), hovered.GetProperty("z").GetDouble());
        Assert.Contains("T = ", await s.Page.Locator("#readout").TextContentAsync());
        var csv = await s.Page.RunAndWaitForDownloadAsync(() => s.Page.Locator("#download-csv").ClickAsync());
        Assert.Equal(100 * 100 + 1, File.ReadAllLines((await csv.PathAsync())!).Length);
        AssertClean(s);
    }

    [RequiresChromiumFact]
    public async Task RegimeMapClassifiesTheClickedCellAsTheApiDoes()
    {
        var s = await Open("regime.html");
        var box = (await s.Page.Locator("#heatmap").BoundingBoxAsync())!;
        await s.Page.Mouse.ClickAsync(box.X + box.Width * 0.3f, box.Y + box.Height * 0.6f);
        await s.Page.WaitForFunctionAsync("() => window.explorer.classified", null, new() { Timeout = 30_000 });
        var hovered = JsonDocument.Parse(await s.Page.EvaluateAsync<string>("() => JSON.stringify(window.explorer.hovered)")).RootElement;
        var grid = JsonDocument.Parse(await s.Page.EvaluateAsync<string>("() => JSON.stringify(window.explorer.grid)")).RootElement;
        var classified = JsonDocument.Parse(await s.Page.EvaluateAsync<string>("() => JSON.stringify(window.explorer.classified)")).RootElement;
        Assert.Equal(grid.GetProperty("regime")[hovered.GetProperty("i").GetInt32()][hovered.GetProperty("j").GetInt32()].GetString(), classified.GetProperty("regime").GetString());
        Assert.StartsWith("./transferlab regime --c-pt", await s.Page.Locator("#cli-command").TextContentAsync());
        AssertClean(s);
    }

    [RequiresChromiumFact]
    public async Task ResultsBrowserShowsTheFigureItsImageAndCsv()
    {
        var s = await Open("results.html");
        var figure = s.Page.Locator("#figure-phase-deep-linear-linear-transfer");
        Assert.Equal(1, await figure.CountAsync());
        await s.Page.WaitForFunctionAsync("() => [...document.images].every(i => i.complete && i.naturalWidth > 0)", null, new() { Timeout = 30_000 });
        Assert.True(await s.Page.EvaluateAsync<int>("() => document.images.length") >= 1);
        Assert.Equal(1, await figure.Locator("a[href$='phase-deep-linear-linear-transfer.csv?download']").CountAsync());
        AssertClean(s);
    }

    [RequiresChromiumFact]
    public async Task IndexLinksEveryView()
    {
        var s = await Open("index.html");
        foreach (var page in new[] { "linear", "diagonal", "deep-linear", "relu-ntk", "relu-overlap", "phase", "regime", "results" })
            Assert.True(await s.Page.Locator($"main a[href='{page}.html']").CountAsync() == 1, page);
        AssertClean(s);
    }
}
