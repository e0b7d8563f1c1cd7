using TransferLab.Experiments.Families;
using TransferLab.Models;
using TransferLab.Schema;
using TransferLab.Tests.Cli;
using TransferLab.Theory.Tahir2024;
using TransferLab.Validation;

namespace TransferLab.Tests.Experiments;

/// <summary>The deep-linear family's schemas (theory, simulate, phase diagram) and its one protocol type.</summary>
[Collection("console")]
public class DeepLinearFamilyTests
{
    private static readonly ModelSchema Family = new DeepLinearFamily().Schema;

    private static ParameterValues Bind(ModelSchema schema, Compute compute, params (string Name, string Value)[] given) =>
        schema.Bind(given.ToDictionary(g => g.Name, g => g.Value), compute);

    [Fact]
    public void TheoryAndSimulationTakeTheirOwnDefaultDimension()
    {
        Assert.Equal(500, Bind(Family, Compute.Theory).Integer("d"));
        Assert.Equal(30, Bind(Family, Compute.Simulate).Integer("d"));
        var (_, theoryHelp, _) = CliHarness.Run("theory", "deep-linear", "--help");
        var (_, simulateHelp, _) = CliHarness.Run("simulate", "deep-linear", "--help");
        Assert.Contains("[default: 500]", theoryHelp.Split('\n').Single(l => l.TrimStart().StartsWith("--d ")));
        Assert.Contains("[default: 30]", simulateHelp.Split('\n').Single(l => l.TrimStart().StartsWith("--d ")));
    }

    [Fact]
    public void EveryParameterIsAnOptionOfItsCommands()
    {
        foreach (var (schema, compute, command) in new[]
                 {
                     (Family, Compute.Theory, new[] { "theory", "deep-linear" }),
                     (Family, Compute.Simulate, new[] { "simulate", "deep-linear" }),
                     (DeepLinearPhaseDiagram.Schema, Compute.Theory, new[] { "phase-diagram", "deep-linear" }),
                 })
        {
            var (code, help, _) = CliHarness.Run([.. command, "--help"]);
            Assert.Equal(0, code);
            foreach (var spec in schema.For(compute)) Assert.Contains($"--{spec.Name} ", help);
        }
    }

    [Fact]
    public void DepthIsAnIntegerAndInfiniteOnlyForTheTheory()
    {
        Assert.Equal(double.PositiveInfinity, DeepLinearParameters.Depth(Bind(Family, Compute.Theory, ("depth", "inf")), allowInfinite: true));
        Assert.Equal("inf", DeepLinearParameters.DepthText(double.PositiveInfinity));
        Assert.Equal("depth", Assert.Throws<ParameterException>(() => DeepLinearParameters.Depth(Bind(Family, Compute.Theory, ("depth", "2.5")), true)).Parameter);
        Assert.Equal("depth", Assert.Throws<ParameterException>(() => DeepLinearParameters.Depth(Bind(Family, Compute.Simulate, ("depth", "inf")), false)).Parameter);
        Assert.Equal("depth", Assert.Throws<ParameterException>(() => Bind(Family, Compute.Theory, ("depth", "0"))).Parameter);
        Assert.Null(DeepLinearParameters.OptionalDepth(Bind(DeepLinearPhaseDiagram.Schema, Compute.Theory)));
    }

    [Fact]
    public void ParametersOfOneComputationAreRefusedByTheOther()
    {
        Assert.Equal("task-seed", Assert.Throws<ParameterException>(() => Bind(Family, Compute.Simulate, ("task-seed", "1"))).Parameter);
        Assert.Equal("seeds", Assert.Throws<ParameterException>(() => Bind(Family, Compute.Theory, ("seeds", "4"))).Parameter);
        Assert.Equal("sigma-source", Assert.Throws<ParameterException>(() =>
            DeepLinearParameters.Source(Bind(Family, Compute.Theory, ("sigma-source", "0.1")))).Parameter);
    }

    [Fact]
    public void SimulationSetsTheMeanRiskAgainstTheTheory()
    {
        var family = new DeepLinearFamily();
        var lt = family.Simulate(Bind(family.Schema, Compute.Simulate, ("d", "12"), ("seeds", "3"), ("protocol", "linear-transfer")), 1, new RunSettings(1));
        var c = Assert.Single(lt.Comparisons);
        var payload = Assert.IsType<DeepLinearFamily.SimulationResult>(lt.Payload);
        Assert.Equal((payload.ComparisonTheory!.Value, payload.MeanRisk, payload.StandardError, 3), (c.Theory, c.Mean, c.StandardError, c.Samples));
        // no theory for a finite source under a non-isotropic Σ: nothing to compare
        var none = family.Simulate(Bind(family.Schema, Compute.Simulate, ("d", "12"), ("seeds", "2"), ("protocol", "linear-transfer"),
            ("spectrum", "power-law"), ("alpha-source", "0.5")), 1, new RunSettings(1));
        Assert.Empty(none.Comparisons);
    }

    [Fact]
    public void OneProtocolTypeServesTrainingTheoryAndExactLimits()
    {
        foreach (var name in DeepLinearProtocolNames.All) Assert.Equal(name, DeepLinearProtocolNames.Parse(name).Name());
        Assert.Equal("protocol", Assert.Throws<ParameterException>(() => DeepLinearProtocolNames.Parse("bogus")).Parameter);
        // only linear transfer and fine-tuning have a transferability surface (Tahir et al. §3)
        foreach (var p in new[] { DeepLinearProtocol.Scratch, DeepLinearProtocol.Frozen })
            Assert.Equal("protocol", Assert.Throws<ParameterException>(() => Transferability.Validate(new TransferabilitySettings(p, 0.2))).Parameter);
        var r = new ExactLimitRisks(Scratch: 1, LinearTransfer: 2, FineTune: 3, OptimalRidge: 4, ScaleFactor: 5);
        Assert.Equal([1.0, 2.0, 3.0], new[] { DeepLinearProtocol.Scratch, DeepLinearProtocol.LinearTransfer, DeepLinearProtocol.FineTune }.Select(r.Of));
        Assert.Equal(4.0, r.Of(ScratchBaseline.OptimalRidge));
        Assert.Equal(4.0 - 3.0, Transferability.FromDraw(new TransferabilitySettings(DeepLinearProtocol.FineTune, 0.2, ScratchBaseline.OptimalRidge), r));
    }
}
