using System.CommandLine;
using TransferLab.Cli;

namespace TransferLab.Tests.Cli;

/// <summary>
/// A command line builds only the branch of the command tree its leading words name (<see cref="CliRoot.Run"/>):
/// every command must come out of its own branch exactly as in the whole tree, and the branch must leave the rest out.
/// </summary>
[Collection("console")]
public sealed class CliBranchTests
{
    public static TheoryData<string> CommandPaths()
    {
        var data = new TheoryData<string>();
        foreach (var (path, _) in Walk(new CliRoot().Root, [])) data.Add(string.Join(' ', path));
        return data;
    }

    [Theory]
    [MemberData(nameof(CommandPaths))]
    public void EveryCommandIsBuiltInItsBranchAsInTheWholeTree(string commandLine)
    {
        string[] path = commandLine.Split(' ');
        var whole = Find(new CliRoot().Root, path);
        var branch = Find(new CliRoot(path).Root, path);
        Assert.NotNull(branch);
        Assert.Equal(Describe(whole!), Describe(branch!));
    }

    [Fact]
    public void TheBranchOfOneModelLeavesTheOtherCommandsOut()
    {
        var whole = new CliRoot().Root;
        var branch = new CliRoot(["theory", "linear"]).Root;
        Assert.True(whole.Subcommands.Count > 3 && Find(whole, ["simulate"])!.Subcommands.Count > 0);
        Assert.Equal(["linear"], Find(branch, ["theory"])!.Subcommands.Select(c => c.Name));
        Assert.Empty(Find(branch, ["simulate"])!.Subcommands);
        Assert.Null(Find(branch, ["study"]));
        // The root keeps its own options (the default gallery's) in every branch.
        Assert.Equal(whole.Options.Select(o => o.Name), branch.Options.Select(o => o.Name));
    }

    [Fact]
    public void ParseErrorsAndHelpAreAnsweredFromTheWholeTree()
    {
        // A misspelt model: the message lists the whole tree's models, not the branch's.
        var (code, _, error) = CliHarness.Run("theory", "linar", "--n", "50");
        Assert.Equal(CliRoot.BadInput, code);
        Assert.Equal(new CliRoot().Invoke(["theory", "linar", "--n", "50"]), code);
        // An option of the sibling command: named as such, which needs `simulate linear` in the tree.
        var (_, _, sibling) = CliHarness.Run("theory", "linear", "--seed", "3");
        Assert.Contains("an option of `transferlab simulate linear`", sibling);
        var (_, help, _) = CliHarness.Run("theory", "--help");
        foreach (var model in Find(new CliRoot().Root, ["theory"])!.Subcommands.Where(c => !c.Hidden))
            Assert.Contains(model.Name, help);
        Assert.NotEmpty(error);
    }

    private static IEnumerable<(string[] Path, Command Command)> Walk(Command command, string[] path)
    {
        foreach (var sub in command.Subcommands)
        {
            string[] subPath = [.. path, sub.Name];
            yield return (subPath, sub);
            foreach (var inner in Walk(sub, subPath)) yield return inner;
        }
    }

    private static Command? Find(Command root, string[] path)
    {
        Command? command = root;
        foreach (string name in path) command = command?.Subcommands.FirstOrDefault(c => c.Name == name);
        return command;
    }

    // Everything help and parsing see of a command: its description, options, arguments and subcommands, recursively.
    private static string Describe(Command command) =>
        $"{command.Name}|{command.Description}|{command.Hidden}|{command.Action is not null}\n" +
        string.Concat(command.Options.Select(o => $"  {o.Name} {string.Join(',', o.Aliases)} {o.Description} {o.ValueType} {o.Required} {o.Recursive} {o.Hidden} {o.HasDefaultValue}\n")) +
        string.Concat(command.Arguments.Select(a => $"  <{a.Name}> {a.Description} {a.ValueType} {a.Arity.MinimumNumberOfValues}-{a.Arity.MaximumNumberOfValues}\n")) +
        string.Concat(command.Subcommands.Select(Describe));
}
