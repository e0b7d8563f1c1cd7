using System.CommandLine;
using System.Runtime.InteropServices;
using TransferLab.Experiments;
using TransferLab.Numerics;

namespace TransferLab.Cli.Commands;

/// <summary><c>transferlab info</c>: version, linear-algebra backend and machine facts.</summary>
public sealed class InfoCommand : ICliModule
{
    /// <summary>What <c>info</c> reports.</summary>
    public sealed record Info(string Version, string Backend, bool Native, string? NativeFailure, string BackendVariable,
        string Runtime, string Os, int Processors, int Figures);

    /// <inheritdoc />
    public void Register(CliRoot root)
    {
        if (!root.Builds("info")) return;
        var json = CommonOptions.Json();
        var cmd = new Command("info", "Show the version, the linear-algebra backend in use (native OpenBLAS / reference BLAS / managed) and machine facts. Set TRANSFERLAB_BLAS=managed to force the managed backend.") { json };
        CliRoot.SetAction(cmd, p =>
        {
            var provider = LinearAlgebra.Provider;
            var info = new Info(ToolInfo.Version, provider.Name, provider.IsNative, LinearAlgebra.NativeFailure,
                Environment.GetEnvironmentVariable(LinearAlgebra.BackendVariable) ?? "(unset: auto)",
                RuntimeInformation.FrameworkDescription, RuntimeInformation.OSDescription, Environment.ProcessorCount,
                FigureCatalogue.All.Count);
            CliOutput.Print(info, p.GetValue(json), "TransferLab");
            return 0;
        });
        root.Root.Subcommands.Add(cmd);
    }
}
