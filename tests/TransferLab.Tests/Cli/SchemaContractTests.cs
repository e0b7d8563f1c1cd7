using System.Globalization;
using TransferLab.Experiments.Families;
using TransferLab.Schema;
using TransferLab.Validation;

namespace TransferLab.Tests.Cli;

/// <summary>
/// The schema contract, for every model family in the catalogue: each parameter appears in its command's --help, has
/// a declared range (bounds, choices, or an explicit "unbounded"), and a value outside that range is rejected by the
/// command line with exit 2 and one line naming the option, and by the library naming the parameter.
/// </summary>
[Collection("console")]
public sealed class SchemaContractTests
{
    public static TheoryData<string, string, string> Parameters()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var f in FamilyCatalogue.All)
            foreach (var compute in new[] { Compute.Theory, Compute.Simulate })
                if ((f.Schema.Offers & compute) != 0)
                    foreach (var p in f.Schema.For(compute))
                        data.Add(f.Name, compute == Compute.Theory ? "theory" : "simulate", p.Name);
        return data;
    }

    private static (ModelSchema Schema, Compute Compute, ParameterSpec Spec) Find(string model, string verb, string name)
    {
        var schema = FamilyCatalogue.Find(model).Schema;
        var compute = verb == "theory" ? Compute.Theory : Compute.Simulate;
        return (schema, compute, schema.For(compute).Single(p => p.Name == name));
    }

    /// <summary>A value just outside the declared range (null for a switch, which takes no value).</summary>
    private static string? OutOfRange(ParameterSpec p)
    {
        string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        if (p.OutOfRangeExample is not null) return p.OutOfRangeExample;
        return p.Kind switch
        {
            ParameterKind.Flag => null,
            ParameterKind.Choice => "no-such-choice",
            ParameterKind.FilePath or ParameterKind.FilePathList => "/nonexistent/transferlab/file",
            ParameterKind.Text => "",
            ParameterKind.Seed => "-1",
            ParameterKind.Integer or ParameterKind.IntegerList => p.Min is double lo ? F(lo - 1) : p.Max is double hi ? F(hi + 1) : "1.5",
            _ => p.Min is double lo ? F(p.MinExclusive ? lo : lo - Math.Max(1, Math.Abs(lo))) : p.Max is double hi ? F(p.MaxExclusive ? hi : hi + Math.Max(1, Math.Abs(hi))) : "nan",
        };
    }

    /// <summary>Smallest valid text for a required parameter.</summary>
    private static string Valid(ParameterSpec p) => p.Kind switch
    {
        ParameterKind.Choice => p.Choices![0],
        _ => p.Default ?? (p.Min is double lo ? (p.MinExclusive ? lo + 1 : Math.Max(lo, 1)).ToString(CultureInfo.InvariantCulture) : "1"),
    };

    [Theory]
    [MemberData(nameof(Parameters))]
    public void EveryParameterIsInHelpWithItsRange(string model, string verb, string name)
    {
        var (_, _, spec) = Find(model, verb, name);
        var (code, output, _) = CliHarness.Run(verb, model, "--help");
        Assert.Equal(0, code);
        Assert.Contains("--" + name + " ", output);
        Assert.False(string.IsNullOrWhiteSpace(spec.Doc));
        if (spec.Kind is ParameterKind.Integer or ParameterKind.Real or ParameterKind.RealList or ParameterKind.IntegerList)
            Assert.True(spec.Min is not null || spec.Max is not null || spec.Unbounded || spec.DependentRange is not null, $"{model}.{name} declares no range");
        if (spec.DependentRange is not null) Assert.NotNull(spec.OutOfRangeExample);
        if (spec.Kind == ParameterKind.Choice) Assert.NotEmpty(spec.Choices!);
    }

    [Theory]
    [MemberData(nameof(Parameters))]
    public void AValueOutsideTheRangeIsRejectedNamingTheParameter(string model, string verb, string name)
    {
        var (schema, compute, spec) = Find(model, verb, name);
        string? bad = OutOfRange(spec);
        if (bad is null)
        {
            // A switch takes no value on the command line; through the schema a non-boolean is rejected.
            var withFlag = new Dictionary<string, string> { [name] = "maybe" };
            foreach (var r in schema.For(compute).Where(p => p.Required)) withFlag[r.Name] = Valid(r);
            var e = Assert.Throws<ParameterException>(() => schema.Bind(withFlag, compute));
            Assert.Equal(name, e.Parameter);
            return;
        }
        var given = new Dictionary<string, string> { [name] = bad };
        foreach (var r in schema.For(compute).Where(p => p.Required && p.Name != name)) given[r.Name] = Valid(r);
        if (spec.AppliesWhen is { } when) given[when.Parameter] = when.Values[0];
        if (spec.DependentRange is null)
        {
            var ex = Assert.ThrowsAny<Exception>(() => schema.Bind(given, compute));
            Assert.Equal(name, Assert.IsType<ParameterException>(ex).Parameter);
        }
        // A range that depends on other parameters is checked when the model builds its task: the command line shows it.

        var args = new List<string> { verb, model, "--" + name, bad };
        foreach (var (k, v) in given.Where(kv => kv.Key != name)) { args.Add("--" + k); args.Add(v); }
        var (code, _, err) = CliHarness.Run([.. args]);
        Assert.Equal(2, code);
        var lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith($"error: --{name} = {(bad.Length == 0 ? "(empty)" : bad)}: ", lines[0]);
    }

    [Fact]
    public void UnknownAndInapplicableNamesAreRejectedBeforeAnyWork()
    {
        var linear = FamilyCatalogue.Find("linear").Schema;
        Assert.Equal("no-such", Assert.Throws<ParameterException>(() => linear.Bind(new Dictionary<string, string> { ["no-such"] = "1", ["n"] = "5" }, Compute.Theory)).Parameter);
        Assert.Equal("method", Assert.Throws<ParameterException>(() => linear.Bind(new Dictionary<string, string> { ["method"] = "auto", ["n"] = "5" }, Compute.Simulate)).Parameter);
        var (code, _, err) = CliHarness.Run("simulate", "linear", "--n", "5", "--method", "auto");
        Assert.Equal(2, code);
        Assert.Equal("error: --method = auto: does not apply to `transferlab simulate linear` (an option of `transferlab theory linear`)", err.Trim());
    }

    [Fact]
    public void AParameterGivenWhereItDoesNotApplyIsAnErrorNamingIt()
    {
        var linear = FamilyCatalogue.Find("linear").Schema;
        var e = Assert.Throws<ParameterException>(() => linear.Bind(new Dictionary<string, string> { ["n"] = "5", ["power"] = "2" }, Compute.Theory));
        Assert.Equal("power", e.Parameter);
        Assert.Equal("power = 2: applies only with spectrum = power-law (spectrum is isotropic)", e.Message);
        // With the right spectrum it binds.
        Assert.Equal(2, linear.Bind(new Dictionary<string, string> { ["n"] = "5", ["power"] = "2", ["spectrum"] = "power-law" }, Compute.Theory).Real("power"));
    }

    [Theory]
    [InlineData("1,2")]      // a thousands separator would read 12
    [InlineData("0,5")]      // a German decimal comma would read 0.5 or 5
    [InlineData("1e400")]    // overflows to ∞
    [InlineData("NaN")]
    [InlineData("")]
    public void NumbersAreParsedStrictly(string text)
    {
        var linear = FamilyCatalogue.Find("linear").Schema;
        var e = Assert.Throws<ParameterException>(() => linear.Bind(new Dictionary<string, string> { ["sigma"] = text, ["n"] = "5" }, Compute.Theory));
        Assert.Equal("sigma", e.Parameter);
    }

    [Fact]
    public void IntegersRejectFractionsAndOverflow()
    {
        var linear = FamilyCatalogue.Find("linear").Schema;
        foreach (var text in new[] { "5.5", "1e3", "99999999999", "" })
            Assert.Equal("n", Assert.Throws<ParameterException>(() => linear.Bind(new Dictionary<string, string> { ["n"] = text }, Compute.Theory)).Parameter);
    }

    [Fact]
    public void ParsingDoesNotDependOnTheCulture()
    {
        var old = CultureInfo.CurrentCulture;
        try
        {
            // A culture that writes 0,5 and groups thousands with '.' (built from the invariant one: this build runs in
            // globalization-invariant mode, where named cultures are unavailable).
            var german = (CultureInfo)CultureInfo.InvariantCulture.Clone();
            german.NumberFormat.NumberDecimalSeparator = ",";
            german.NumberFormat.NumberGroupSeparator = ".";
            CultureInfo.CurrentCulture = german;
            var v = FamilyCatalogue.Find("linear").Schema.Bind(new Dictionary<string, string> { ["sigma"] = "0.5", ["n"] = "5" }, Compute.Theory);
            Assert.Equal(0.5, v.Real("sigma"));
        }
        finally
        {
            CultureInfo.CurrentCulture = old;
        }
    }
}
