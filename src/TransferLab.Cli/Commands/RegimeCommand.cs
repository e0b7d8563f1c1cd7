using System.CommandLine;
using TransferLab.Experiments.Families;
using TransferLab.Schema;

namespace TransferLab.Cli.Commands;

/// <summary>
/// <c>regime</c>: the fine-tuning regime of a diagonal-network initialization (Anguita et al. 2026). Options, help and
/// validation come from <see cref="DiagonalRegime.Schema"/>, the work from <see cref="DiagonalRegime.Classify"/>.
/// </summary>
public sealed class RegimeCommand : ICliModule
{
    /// <inheritdoc />
    public void Register(CliRoot root)
    {
        if (!root.Builds(DiagonalRegime.Schema.Model)) return;
        var options = new SchemaOptions(DiagonalRegime.Schema, Compute.Theory);
        var json = CommonOptions.Json();
        var cmd = new Command(DiagonalRegime.Schema.Model, DiagonalRegime.Description);
        options.AddTo(cmd);
        cmd.Options.Add(json);
        CliRoot.SetAction(cmd, p =>
        {
            ModelCommands.Show(DiagonalRegime.Classify(options.Bind(p)), p.GetValue(json));
            return 0;
        });
        root.Root.Subcommands.Add(cmd);
    }
}
