using TransferLab.Experiments;
using TransferLab.Numerics;

namespace TransferLab.Tests.Experiments;

public class InfrastructureTests
{
    [Fact]
    public void ParallelRunnerResultsDoNotDependOnThreadCount()
    {
        var points = Enumerable.Range(0, 7).ToArray();
        Func<int, int, Rng, double> work = (p, r, rng) => p * 1000 + r + rng.NextGaussian();
        var one = ParallelRunner.Map(points, 5, 42, work, threads: 1);
        var two = ParallelRunner.Map(points, 5, 42, work, threads: 2);
        var other = ParallelRunner.Map(points, 5, 43, work, threads: 2);
        Assert.Equal(one.Cast<double>(), two.Cast<double>());
        Assert.NotEqual(one.Cast<double>(), other.Cast<double>());
    }

    [Fact]
    public void SummarizeGivesMeanAndStandardError()
    {
        var t = new TidyTable("g", "v");
        foreach (var v in new[] { 1.0, 2.0, 3.0, 4.0 }) t.Add("a", v);
        t.Add("b", 10.0);
        var s = t.Summarize(["g"], "v");
        var a = s.Rows[0];
        Assert.Equal("a", a[0]);
        Assert.Equal(2.5, (double)a[1]!, 12);
        // sample SD of 1..4 = √(5/3); SE = √(5/3)/2.
        Assert.Equal(Math.Sqrt(5.0 / 3) / 2, (double)a[2]!, 12);
        Assert.Equal(4, a[3]);
        Assert.Equal(0.0, (double)s.Rows[1][2]!);
    }

    [Fact]
    public void TheoryAgreementCountsPointsWithinTwoStandardErrorsPlusSlack()
    {
        var a = new TheoryAgreement(slack: 0.01);
        Assert.True(double.IsNaN(a.Fraction));
        Assert.Equal(1.5, a.Add(mean: 1.3, standardError: 0.2, theory: 1.0).ZScore, 12);   // 0.3 ≤ 0.41: in
        Assert.Equal(-2.5, a.Add(mean: 0.5, standardError: 0.2, theory: 1.0).ZScore, 12);  // 0.5 > 0.41: out
        // SE = 0: no z (round-off basis); agreement by the absolute difference and the slack alone.
        var exact = a.Add(mean: 0, standardError: 0, theory: 1e-12);                          // exact recovery: in
        Assert.True(double.IsNaN(exact.ZScore));
        Assert.Equal(ComparisonBasis.RoundOff, exact.Basis);
        Assert.Equal(1e-12, exact.AbsoluteDifference);
        Assert.True(double.IsNaN(a.Add(mean: 0.005, standardError: 0, theory: 0).ZScore));  // in by the slack alone
        var far = a.Add(mean: 0, standardError: 0, theory: 0.5);                              // out
        Assert.True(double.IsNaN(far.ZScore));
        Assert.False(far.Agrees);
        Assert.Equal(5, a.Total);
        Assert.Equal(3, a.Within);
        Assert.Equal(0.6, a.Fraction, 12);
    }

    [Fact]
    public void ZScoreOnlyWhereTheStandardErrorIsASamplingErrorOfMeaningfulSize()
    {
        // Sampling: SE well above round-off and at least a tenth of the slack.
        var s = new Comparison("q", Theory: 1.0, Mean: 1.3, StandardError: 0.2, Samples: 10, Slack: 0.01);
        Assert.Equal(ComparisonBasis.Sampling, s.Basis);
        Assert.Equal(0.3 / 0.2, s.ZScore, 12);
        // The anguita-fig5 case (subset task, regime I, α = 0.05 at quick size): exact recovery on three runs (mean 1.1e-5,
        // SE 4.8e-6) against a replica value of 0.0155 with slack 1e-3 used to read z = −3250. The SE is below a tenth of the
        // slack, so the comparison is absolute: no z, |Δ| = 0.0155, and it does not agree.
        var recovery = new Comparison("E", Theory: 0.015519628072301749, Mean: 1.081095449096004E-05, StandardError: 4.771672740705939E-06, Samples: 3, Slack: 1e-3);
        Assert.Equal(ComparisonBasis.Absolute, recovery.Basis);
        Assert.True(double.IsNaN(recovery.ZScore));
        Assert.Equal(0.015519628072301749 - 1.081095449096004E-05, recovery.AbsoluteDifference, 15);
        Assert.False(recovery.Agrees);
        // Round-off: an exact limit against an exact solve, differences of 1e-16 with an SE of 1e-17 (z would be 10).
        var roundOff = new Comparison("risk", Theory: 0.5, Mean: 0.5 + 1e-16, StandardError: 1e-17, Samples: 40);
        Assert.Equal(ComparisonBasis.RoundOff, roundOff.Basis);
        Assert.True(double.IsNaN(roundOff.ZScore));
        Assert.True(roundOff.Agrees);
        Assert.Equal("round-off", roundOff.Basis.Name());
    }

    [Fact]
    public void CsvRoundTripsDoublesExactly()
    {
        var t = new TidyTable("name", "x");
        t.Add("with,comma", 0.1 + 0.2);
        t.Add("plain", 1e-300);
        var w = new StringWriter();
        t.WriteCsv(w);
        var back = TidyTable.ReadCsv(new StringReader(w.ToString()));
        Assert.Equal("with,comma", back.Rows[0][0]);
        Assert.Equal(0.1 + 0.2, (double)back.Rows[0][1]!);
        Assert.Equal(1e-300, (double)back.Rows[1][1]!);
    }

    [Fact]
    public void SpearmanAndPearsonOnKnownCases()
    {
        Assert.Equal(1.0, Statistics.Spearman([1, 2, 3, 4], [1, 8, 27, 64]), 12);
        Assert.Equal(-1.0, Statistics.Spearman([1, 2, 3], [3, 2, 1]), 12);
        Assert.Equal(1.0, Statistics.Pearson([1, 2, 3], [2, 4, 6]), 12);
    }

    private sealed class FailingFigure : Figure
    {
        public override string Id => "test-failing";
        public override string Paper => "test";
        public override string Description => "writes one file, then fails";
        public override void Run(FigureContext ctx)
        {
            ctx.Write("partial", new TidyTable("x").Add(1));
            throw new InvalidOperationException("boom");
        }
    }

    private sealed class SmallFigure : Figure
    {
        public override string Id => "test-small";
        public override string Paper => "test";
        public override string Description => "writes a table";
        public override void Run(FigureContext ctx)
        {
            ctx.Write("small", new TidyTable("x").Add(ctx.Quick ? 1 : 2));
            ctx.Note("k", 3);
        }
    }

    [Fact]
    public void FailedFigureLeavesNoFilesAndSuccessfulOneWritesManifest()
    {
        string dir = Path.Combine(Path.GetTempPath(), "tl-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            Assert.Throws<InvalidOperationException>(() => FigureRunner.Run(new FailingFigure(), true, dir, 1, 1));
            Assert.Empty(Directory.GetFileSystemEntries(dir));
            var r = FigureRunner.Run(new SmallFigure(), true, dir, 1, 1);
            Assert.True(File.Exists(Path.Combine(dir, "small.csv")));
            string manifest = File.ReadAllText(Path.Combine(dir, "test-small-manifest.json"));
            Assert.Contains("\"backend\"", manifest);
            Assert.Contains("\"k\": 3", manifest);
            Assert.DoesNotContain(Directory.GetFileSystemEntries(dir), f => Path.GetFileName(f).StartsWith(".staging"));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void CatalogueIdsAreUniqueKebabCaseWithPaperPrefix()
    {
        var ids = FigureCatalogue.All.Select(f => f.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        foreach (var id in ids)
        {
            Assert.Matches("^(shachaf|anguita|tahir)-[a-z0-9-]+$", id);
        }
        Assert.Contains(FigureCatalogue.All, f => f.InDefaultGallery);
    }
}
