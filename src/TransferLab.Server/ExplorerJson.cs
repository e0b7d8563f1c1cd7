using System.Text.Json;
using TransferLab.Experiments;

namespace TransferLab.Server;

/// <summary>JSON settings of the explorer's own responses (schemas, jobs, grids): the results' settings, compact.</summary>
public static class ExplorerJson
{
    /// <summary>snake_case keys, non-finite numbers as null, not indented.</summary>
    public static readonly JsonSerializerOptions Options = new(ResultJson.Options) { WriteIndented = false };
}
