namespace TransferLab.Cli;

/// <summary>
/// A group of commands. Each implementation is listed in <see cref="CliRoot.Modules"/> (a test checks that none is
/// missing) and asked to register itself, so adding a capability means adding a file and one entry there.
/// </summary>
public interface ICliModule
{
    /// <summary>
    /// Adds commands under <paramref name="root"/>'s parents: those for which <see cref="CliRoot.Builds"/> is true
    /// (a command line builds only the branch it names).
    /// </summary>
    void Register(CliRoot root);
}
