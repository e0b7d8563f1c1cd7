using Microsoft.AspNetCore.Http;
using TransferLab.Validation;

namespace TransferLab.Server;

/// <summary>
/// Errors as RFC 9457 problem details (<c>application/problem+json</c>): bad input is a 400 whose <c>detail</c> is the
/// command line's one-line message (the parameter spelled as its option, <c>--d = 0: an integer ≥ 4</c>) and whose
/// <c>parameter</c> names it; nothing else of the exception (no stack trace) leaves the server.
/// </summary>
public static class ApiProblem
{
    /// <summary>The problem for an input error, or null when <paramref name="e"/> is not one.</summary>
    public static IResult? ForInput(Exception e)
    {
        while (e is AggregateException { InnerExceptions.Count: 1 } a) e = a.InnerExceptions[0];
        if (e is ParameterException pe) return BadRequest([pe]);
        if (e is AggregateException agg && agg.InnerExceptions.All(x => x is ParameterException))
            return BadRequest(agg.InnerExceptions.Cast<ParameterException>().ToList());
        return null;
    }

    /// <summary>The command line's message for <paramref name="e"/>: its parameter spelled as the long option.</summary>
    public static string CliMessage(ParameterException e) => e.MessageFor(OptionName(e.Parameter));

    /// <summary>How the command line spells a schema parameter: <c>--name</c>.</summary>
    public static string OptionName(string parameter) => parameter.StartsWith('-') || parameter.StartsWith('<') ? parameter : "--" + parameter;

    private static IResult BadRequest(IReadOnlyList<ParameterException> errors) => Results.Problem(
        statusCode: StatusCodes.Status400BadRequest,
        title: "Invalid parameter",
        detail: string.Join("\n", errors.Select(CliMessage)),
        extensions: new Dictionary<string, object?>
        {
            ["parameter"] = errors[0].Parameter,
            ["errors"] = errors.Select(x => new Dictionary<string, object?> { ["parameter"] = x.Parameter, ["value"] = x.Value, ["message"] = CliMessage(x) }).ToList(),
        });

    /// <summary>A 404 problem.</summary>
    public static IResult NotFound(string detail) => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail);

    /// <summary>Runs <paramref name="work"/>, turning input errors into 400 problems.</summary>
    public static IResult Guard(Func<IResult> work)
    {
        try
        {
            return work();
        }
        catch (Exception e) when (ForInput(e) is { } problem)
        {
            return problem;
        }
    }
}
