namespace TransferLab.Cli;

/// <summary>
/// A group of commands. Every non-abstract implementation in this assembly (with a parameterless
/// constructor) is found by reflection and asked to register itself, so adding a capability means
/// adding a file, not editing Program.cs.
/// </summary>
public interface ICliModule
{
    /// <summary>Adds commands under <paramref name="root"/>'s parents.</summary>
    void Register(CliRoot root);
}
