using TransferLab.Data;
using TransferLab.Experiments.Families;
using TransferLab.Models;
using TransferLab.Schema;
using TransferLab.Theory.Anguita2026;
using TransferLab.Validation;

namespace TransferLab.Tests.Anguita2026;

/// <summary>The diagonal family and the regime schema: the schema's rules and the computations behind them.</summary>
public class DiagonalFamilyTests
{
    private static readonly DiagonalFamily Family = new();

    private static ParameterValues Bind(Compute compute, params (string Name, string Value)[] given) =>
        Family.Schema.Bind(given.ToDictionary(g => g.Name, g => g.Value), compute);

    [Fact]
    public void TheoryThroughTheFamilyEqualsTheReplicaSolver()
    {
        var p = Bind(Compute.Theory, ("alpha-ft", "0.1,0.3"), ("c-pt", "1e-3"), ("lambda-pt", "-0.99e-3"), ("rho-ft-shared", "0.05"), ("rho-ft-new", "0.05"), ("sigma", "0.1"));
        var result = Assert.IsType<DiagonalFamily.TheoryResult>(Family.Theory(p).Payload);
        var task = new SparseTransferTask(1000, 0.1, 0.05, 0.05, 0.1, double.PositiveInfinity, 0.1);
        var init = new DiagonalInitialization(1e-3, -0.99e-3, 0);
        var direct = new ReplicaSolver(FineTuneReplica.Atoms(task, init)).Curve([0.1, 0.3], 0.1);
        Assert.Equal([0.1, 0.3], result.Rows.Select(r => r.AlphaFt));
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(direct[i].Error, result.Rows[i].Error);
            Assert.Equal(direct[i].ChannelVariance, result.Rows[i].ChannelVariance);
            Assert.Equal(direct[i].Branch, result.Rows[i].Branch);
        }
        Assert.Equal("IV (rich, PT-dependent)", result.Regime);
        Assert.True(double.IsPositiveInfinity(result.AlphaPt), "alpha-pt defaults to inf (oracle pretraining)");
    }

    [Fact]
    public void SimulationComparesEachAlphaWithTheReplicaValue()
    {
        var p = Bind(Compute.Simulate, ("d", "40"), ("alpha-ft", "0.2,0.4"), ("seeds", "2"), ("gamma-ft", "1"));
        var run = Family.Simulate(p, 3, new RunSettings(1));
        var result = Assert.IsType<DiagonalFamily.SimulationResult>(run.Payload);
        Assert.Equal(2, run.Comparisons.Count);
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(result.Rows[i].Replica, run.Comparisons[i].Theory);
            Assert.Equal(result.Rows[i].MeanError, run.Comparisons[i].Mean);
            Assert.Equal(2, run.Comparisons[i].Samples);
        }
    }

    [Theory]
    [InlineData("lambda-pt", "0.5")]
    [InlineData("lambda-pt", "-0.0011")]
    public void LambdaOutsideTheScaleNamesLambdaPt(string name, string value)
    {
        var p = Bind(Compute.Theory, (name, value));
        Assert.Equal("lambda-pt", Assert.Throws<ParameterException>(() => Family.Theory(p)).Parameter);
        var r = DiagonalRegime.Schema.Bind(new Dictionary<string, string> { [name] = value }, Compute.Theory);
        Assert.Equal("lambda-pt", Assert.Throws<ParameterException>(() => DiagonalRegime.Classify(r)).Parameter);
    }

    [Theory]
    [InlineData("rho-ft-shared", "0.2")] // > ρ_PT = 0.1
    [InlineData("rho-ft-new", "0.95")] // > 1 − ρ_PT
    public void CrossRulesOfTheTaskNameTheirParameter(string name, string value)
    {
        var p = Bind(Compute.Theory, (name, value));
        Assert.Equal(name, Assert.Throws<ParameterException>(() => Family.Theory(p)).Parameter);
    }

    [Theory]
    [InlineData("c-pt", "0")]
    [InlineData("gamma-ft", "-1")]
    [InlineData("rho-pt", "1.5")]
    [InlineData("alpha-ft", "0.1,0")]
    [InlineData("alpha-pt", "0")]
    [InlineData("sigma", "-0.1")]
    [InlineData("a-pt", "0")]
    public void ValuesOutsideTheirRangeAreRejectedByTheSchema(string name, string value)
    {
        Assert.Equal(name, Assert.Throws<ParameterException>(() => Bind(Compute.Theory, (name, value))).Parameter);
    }

    [Fact]
    public void DimensionSeedsAndSolverAreForSimulationOnly()
    {
        foreach (var (name, value) in new[] { ("d", "100"), ("seeds", "4"), ("solver", "gd") })
            Assert.Equal(name, Assert.Throws<ParameterException>(() => Bind(Compute.Theory, (name, value))).Parameter);
        Assert.Equal("d", Assert.Throws<ParameterException>(() => Bind(Compute.Simulate, ("d", "9"))).Parameter);
        Assert.Equal("seeds", Assert.Throws<ParameterException>(() => Bind(Compute.Simulate, ("seeds", "1"))).Parameter);
        Assert.Equal("solver", Assert.Throws<ParameterException>(() => Bind(Compute.Simulate, ("solver", "newton"))).Parameter);
    }

    [Fact]
    public void RegimeSchemaSharesTheFamilysInitializationSpecs()
    {
        foreach (var name in new[] { "c-pt", "lambda-pt", "gamma-ft" })
            Assert.Same(Family.Schema.Find(name), DiagonalRegime.Schema.Find(name));
        var r = DiagonalRegime.Classify(DiagonalRegime.Schema.Bind(new Dictionary<string, string> { ["c-pt"] = "0.001", ["lambda-pt"] = "-0.00099" }, Compute.Theory));
        var result = Assert.IsType<DiagonalRegime.Result>(r.Payload);
        Assert.Equal("IV", result.Regime);
        Assert.Equal(RegimeClassifier.Classify(new DiagonalInitialization(0.001, -0.00099, 0)).LOrder, result.LOrder);
        Assert.Equal("beta-pt", Assert.Throws<ParameterException>(() => DiagonalRegime.Schema.Bind(new Dictionary<string, string> { ["beta-pt"] = "0" }, Compute.Theory)).Parameter);
    }

    [Theory]
    [InlineData(0.0, 0.0, "alpha-ft")]
    [InlineData(double.PositiveInfinity, 0.0, "alpha-ft")]
    [InlineData(0.3, -1.0, "sigma")]
    public void ReplicaSolverNamesTheBadParameter(double alpha, double sigma, string name)
    {
        var solver = new ReplicaSolver([new ReplicaAtom(0.1, 0, 10, 1e-3), new ReplicaAtom(0.9, 0, 0, 1e-3)]);
        Assert.Equal(name, Assert.Throws<ParameterException>(() => solver.Solve(alpha, sigma)).Parameter);
    }
}
