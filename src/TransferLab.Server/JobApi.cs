using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using TransferLab.Experiments.Families;
using TransferLab.Schema;
using TransferLab.Validation;

namespace TransferLab.Server;

/// <summary>
/// Simulation jobs over HTTP: <c>POST /api/simulate/{model}?…&amp;seed=S</c> queues <c>simulate &lt;model&gt; … --seed S</c>
/// and answers 202 with the job; <c>GET /api/jobs/{id}</c> reports state and progress and, once done, the result
/// (<c>GET /api/jobs/{id}/result</c>: exactly the command line's <c>--json</c> text); <c>GET /api/jobs/{id}/events</c> streams
/// the same snapshots as server-sent events; <c>DELETE /api/jobs/{id}</c> cancels (docs/explorer.md, "API").
/// </summary>
public static class JobApi
{
    /// <summary>Adds the endpoints.</summary>
    public static void Map(WebApplication app, ExplorerOptions options, JobQueue queue)
    {
        app.MapPost("/api/simulate/{model}", (string model, HttpRequest request) => ApiProblem.Guard(() =>
        {
            var family = FamilyCatalogue.All.FirstOrDefault(f => f.Name == model && (f.Schema.Offers & Compute.Simulate) != 0);
            if (family is null)
                return ApiProblem.NotFound($"no simulation for model {model}; models that simulate: {string.Join(", ", FamilyCatalogue.All.Where(f => (f.Schema.Offers & Compute.Simulate) != 0).Select(f => f.Name))}");
            var values = family.Schema.Bind(QueryParameters.From(request.Query, family.Schema, "seed"), Compute.Simulate);
            ulong seed = 1;
            if (QueryParameters.Text(request.Query, "seed") is { } s && !ulong.TryParse(s, out seed))
                throw new ParameterException("seed", s, "expected a non-negative integer");
            options.Limits.Check(values, family, queue.ThreadsPerJob);
            var job = queue.Submit(family, values, seed);
            if (job is null)
                return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Queue full",
                    detail: $"{options.MaxQueued} simulations are already waiting; try again when one has finished");
            return Results.Json(job.Snapshot(), ExplorerJson.Options, statusCode: StatusCodes.Status202Accepted);
        }));

        app.MapGet("/api/jobs", () => Results.Json(queue.All.Select(j => j.Snapshot() with { Result = null }).ToList(), ExplorerJson.Options));

        app.MapGet("/api/jobs/{id}", (string id) => queue.Find(id) is { } job
            ? Results.Json(job.Snapshot(), ExplorerJson.Options)
            : ApiProblem.NotFound($"no job {id} (finished jobs are kept for the last {options.MaxFinishedJobs})"));

        app.MapGet("/api/jobs/{id}/result", (string id) => queue.Find(id) switch
        {
            null => ApiProblem.NotFound($"no job {id}"),
            { ResultJsonText: { } text } => Results.Text(text, "application/json; charset=utf-8"),
            var job => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "No result", detail: $"job {id} is {job.State.ToString().ToLowerInvariant()}"),
        });

        app.MapDelete("/api/jobs/{id}", (string id) =>
        {
            if (queue.Find(id) is not { } job) return ApiProblem.NotFound($"no job {id}");
            job.Cancel();
            return Results.Json(job.Snapshot(), ExplorerJson.Options);
        });

        app.MapGet("/api/jobs/{id}/events", async (string id, HttpContext context) =>
        {
            if (queue.Find(id) is not { } job)
            {
                await ApiProblem.NotFound($"no job {id}").ExecuteAsync(context);
                return;
            }
            context.Response.Headers.ContentType = "text/event-stream";
            context.Response.Headers.CacheControl = "no-cache";
            var stop = context.RequestAborted;
            string last = "";
            while (!stop.IsCancellationRequested)
            {
                bool final = job.IsFinal;
                string json = JsonSerializer.Serialize(job.Snapshot(), ExplorerJson.Options);
                if (json != last)
                {
                    await context.Response.WriteAsync($"event: {(final ? "done" : "progress")}\ndata: {json}\n\n", stop);
                    await context.Response.Body.FlushAsync(stop);
                    last = json;
                }
                if (final) break;
                try { await Task.WhenAny(job.Completion, Task.Delay(200, stop)); }
                catch (OperationCanceledException) { break; }
            }
        });
    }
}
