using TransferLab.Cli;
using TransferLab.Experiments;

namespace TransferLab.Tests.Cli;

/// <summary>Plain progress lines for redirected output: printed for long work, absent for short work.</summary>
public class ProgressLogTests
{
    [Fact]
    public void LongWorkReportsCountersThatAreNotFinished()
    {
        var board = new ProgressBoard();
        var log = new StringWriter();
        int result = ProgressDisplay.RunLogged(board, () =>
        {
            var slow = board.Start("slow work", 10);
            var done = board.Start("finished work", 1);
            done.Increment();
            for (int i = 0; i < 5; i++) { Thread.Sleep(150); slow.Increment(); }
            return 42;
        }, TimeSpan.FromMilliseconds(250), log);

        Assert.Equal(42, result);
        var lines = log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.StartsWith("progress: slow work  ", l));
        Assert.Contains(lines, l => l.Contains("/10 (") && l.Contains("remaining ~"));
    }

    [Fact]
    public void ShortWorkPrintsNothing()
    {
        var board = new ProgressBoard();
        var log = new StringWriter();
        ProgressDisplay.RunLogged(board, () => { board.Start("quick", 3).Increment(3); return 0; }, TimeSpan.FromSeconds(30), log);
        Assert.Equal("", log.ToString());
    }

    [Fact]
    public void ExceptionsOfTheWorkPropagate()
    {
        var board = new ProgressBoard();
        Assert.Throws<InvalidOperationException>(() =>
            ProgressDisplay.RunLogged<int>(board, () => throw new InvalidOperationException("boom"), TimeSpan.FromSeconds(1), TextWriter.Null));
    }
}
