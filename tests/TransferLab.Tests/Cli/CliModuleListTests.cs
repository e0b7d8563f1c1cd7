using TransferLab.Cli;

namespace TransferLab.Tests.Cli;

/// <summary>The command groups are listed by hand in <see cref="CliRoot.Modules"/> (no reflection at start-up): none may be missing.</summary>
public sealed class CliModuleListTests
{
    [Fact]
    public void EveryCommandModuleInTheAssemblyIsListedOnce()
    {
        var inAssembly = typeof(CliRoot).Assembly.GetTypes()
            .Where(t => typeof(ICliModule).IsAssignableFrom(t) && !t.IsAbstract && !t.IsInterface)
            .Select(t => t.FullName!).Order(StringComparer.Ordinal);
        var listed = CliRoot.Modules().Select(m => m.GetType().FullName!).ToList();
        Assert.Equal(listed.Distinct().Count(), listed.Count);
        Assert.Equal(inAssembly, listed.Order(StringComparer.Ordinal));
    }
}
