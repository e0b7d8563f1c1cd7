using Microsoft.AspNetCore.Http;
using TransferLab.Experiments;

namespace TransferLab.Server;

/// <summary>Responses whose body is <see cref="ResultJson"/>'s text: byte for byte what <c>--json</c> prints (without its newline).</summary>
public static class JsonText
{
    /// <summary>The JSON response of <paramref name="payload"/>.</summary>
    public static IResult Of(object payload) => Results.Text(ResultJson.Serialize(payload), "application/json; charset=utf-8");
}
