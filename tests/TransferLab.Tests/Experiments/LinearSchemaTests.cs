using System.Globalization;
using TransferLab.Experiments.Families;
using TransferLab.Schema;
using TransferLab.Tests.Cli;
using TransferLab.Validation;

namespace TransferLab.Tests.Experiments;

/// <summary>
/// The linear family's schema and the <c>predict linear</c> schema: every parameter has a range, appears in its
/// command's help, and a value outside the range — or breaking a cross-parameter rule — is rejected naming it.
/// </summary>
[Collection("console")]
public sealed class LinearSchemaTests
{
    private static readonly ModelSchema Linear = new LinearFamily().Schema;

    public static TheoryData<string, string> Schemas() => new()
    {
        { "linear", "theory linear" },
        { "linear", "simulate linear" },
        { "predict-linear", "predict linear" },
    };

    private static ModelSchema SchemaNamed(string model) => model == "linear" ? Linear : PredictLinearParameters.Schema;

    [Theory]
    [MemberData(nameof(Schemas))]
    public void EveryParameterHasARangeAndAppearsInHelp(string model, string command)
    {
        var schema = SchemaNamed(model);
        var compute = command.StartsWith("simulate", StringComparison.Ordinal) ? Compute.Simulate
            : command.StartsWith("theory", StringComparison.Ordinal) ? Compute.Theory : Compute.Both;
        var (code, help, _) = CliHarness.Run([.. command.Split(' '), "--help"]);
        Assert.Equal(0, code);
        foreach (var spec in schema.For(compute))
        {
            Assert.False(string.IsNullOrWhiteSpace(spec.Range), spec.Name);
            Assert.Contains("--" + spec.Name + " ", help);
            Assert.Contains("Valid: " + spec.Range, help);
        }
    }

    [Theory]
    [InlineData("linear")]
    [InlineData("predict-linear")]
    public void ValuesOutsideTheRangeAreRejectedNamingTheParameter(string model)
    {
        foreach (var spec in SchemaNamed(model).Parameters.Where(s => s.Kind is ParameterKind.Integer or ParameterKind.Real or ParameterKind.IntegerList or ParameterKind.RealList))
        {
            var outside = new List<double>();
            // One past each bound, in proportion for bounds such as 1e100 where + 1 is lost in rounding.
            if (spec.Min is double lo) outside.Add(spec.MinExclusive ? lo : lo - Math.Max(1, Math.Abs(lo) * 1e-6));
            if (spec.Max is double hi) outside.Add(spec.MaxExclusive ? hi : hi + Math.Max(1, Math.Abs(hi) * 1e-6));
            foreach (double v in outside)
            {
                var e = Assert.Throws<ParameterException>(() => ValueParser.Parse(spec, v.ToString(CultureInfo.InvariantCulture)));
                Assert.Equal(spec.Name, e.Parameter);
            }
        }
    }

    [Theory]
    [InlineData("spikes", "--d", "3", "--spectrum", "spiked", "--spikes", "4")]
    [InlineData("diff-first", "--d", "3", "--teacher", "eigen-difference", "--diff-first", "4")]
    [InlineData("diff-last", "--d", "5", "--teacher", "eigen-difference", "--diff-first", "3", "--diff-last", "2")]
    [InlineData("diff-last", "--d", "5", "--teacher", "eigen-difference", "--diff-last", "6")]
    [InlineData("eigenvalues", "--d", "3", "--spectrum", "explicit", "--eigenvalues", "1,2")]
    [InlineData("eigenvalues", "--d", "3", "--spectrum", "explicit")]
    [InlineData("d", "--d", "1", "--teacher", "angle")]
    [InlineData("method", "--d", "10", "--spectrum", "power-law", "--method", "isotropic-exact")]
    public void CrossParameterRulesNameTheParameter(string parameter, params string[] args)
    {
        var given = new Dictionary<string, string> { ["n"] = "5" };
        for (int i = 0; i < args.Length; i += 2) given[args[i][2..]] = args[i + 1];
        var e = Assert.Throws<ParameterException>(() => new LinearFamily().Theory(Linear.Bind(given, Compute.Theory)));
        Assert.Equal(parameter, e.Parameter);
    }

    [Fact]
    public void PredictRejectsASingleBootstrapRunAndMissingFilesNamingTheParameter()
    {
        string dir = Path.Combine(Path.GetTempPath(), "tl-predict-schema-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string x = Path.Combine(dir, "x.csv"), s = Path.Combine(dir, "s.txt");
            File.WriteAllText(x, "1,0\n0,1\n1,1\n");
            File.WriteAllText(s, "1\n0\n");
            var schema = PredictLinearParameters.Schema;
            var one = schema.Bind(new Dictionary<string, string> { ["inputs"] = x, ["source-weights"] = s, ["check"] = "1" }, Compute.Both);
            Assert.Equal("check", Assert.Throws<ParameterException>(() => PredictLinearParameters.Read(one)).Parameter);
            Assert.Equal("inputs", Assert.Throws<ParameterException>(() =>
                schema.Bind(new Dictionary<string, string> { ["inputs"] = Path.Combine(dir, "none.csv"), ["source-weights"] = s }, Compute.Both)).Parameter);
            Assert.Equal("source-weights", Assert.Throws<ParameterException>(() =>
                schema.Bind(new Dictionary<string, string> { ["inputs"] = x }, Compute.Both)).Parameter);
            var request = PredictLinearParameters.Read(schema.Bind(new Dictionary<string, string> { ["inputs"] = x, ["source-weights"] = s, ["n"] = "3,1,3" }, Compute.Both));
            Assert.Equal(new[] { 1, 3 }, request.SampleSizes);
            Assert.Equal(0, request.Check);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
