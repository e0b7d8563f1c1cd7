using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using TransferLab.Experiments;
using TransferLab.Experiments.Families;
using TransferLab.Schema;

namespace TransferLab.Tests.Experiments;

/// <summary>
/// The theory and simulate payloads serialize from generated metadata (<see cref="PayloadJsonContext"/>), which the
/// native build of the CLI needs (docs/architecture.md §3.4). These tests catch a payload record added without it, and
/// check that the generated metadata writes what reflection writes.
/// </summary>
public class PayloadJsonContextTests
{
    // Every record a theory or simulate command can print: the public nested *Result records of the model families and
    // of ReluLeverSummary (the relu-levers payloads).
    private static List<Type> PayloadTypes() => typeof(ModelFamily).Assembly.GetTypes()
        .Where(t => t.IsNestedPublic && t.Name.EndsWith("Result", StringComparison.Ordinal)
                    && t.DeclaringType is { } d && (d.IsSubclassOf(typeof(ModelFamily)) || d == typeof(ReluLeverSummary)))
        .ToList();

    [Fact]
    public void EveryFamilyPayloadRecordHasGeneratedMetadata()
    {
        var types = PayloadTypes();
        // Theory: linear, deep-linear (isotropic and anisotropic), diagonal, relu-ntk, relu-overlap; simulate: linear,
        // deep-linear, diagonal, relu, relu-levers (synthetic and CIFAR).
        Assert.Equal(12, types.Count);
        var missing = types.Where(t => PayloadJsonContext.Default.GetTypeInfo(t) is null).Select(t => t.FullName).ToList();
        Assert.True(missing.Count == 0, "not in PayloadJsonContext: " + string.Join(", ", missing));
    }

    // The defaults, plus the values a family requires (linear has no default n).
    private static Dictionary<string, string> Given(ModelFamily family) =>
        family.Name == "linear" ? new() { ["n"] = "50" } : new();

    [Fact]
    public void TheoryPayloadsAtTheDefaultsAreAmongTheCoveredRecords()
    {
        var types = PayloadTypes();
        foreach (var family in FamilyCatalogue.All.Where(f => f.TheoryDescription.Length > 0))
        {
            var payload = family.Theory(family.Schema.Bind(Given(family), Compute.Theory)).Payload;
            Assert.Contains(payload.GetType(), types);
        }
    }

    [Fact]
    public void GeneratedMetadataWritesWhatReflectionWrites()
    {
        // The same options with the reflection resolver alone: an independent serializer of the same records.
        var reflectionOnly = new JsonSerializerOptions(ResultJson.Options) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };
        ModelFamily Family(string name) => FamilyCatalogue.All.Single(f => f.Name == name);
        ParameterValues Bind(string name, Compute compute, params (string Key, string Value)[] given)
        {
            var values = Given(Family(name));
            foreach (var (key, value) in given) values[key] = value;
            return Family(name).Schema.Bind(values, compute);
        }
        var payloads = FamilyCatalogue.All.Where(f => f.TheoryDescription.Length > 0)
            .Select(f => f.Theory(Bind(f.Name, Compute.Theory)).Payload)
            .Append(Family("deep-linear").Theory(Bind("deep-linear", Compute.Theory, ("spectrum", "power-law"))).Payload)
            .Append(Family("linear").Simulate(Bind("linear", Compute.Simulate, ("n", "20"), ("d", "30"), ("seeds", "3")), 7, new RunSettings(1)).Payload)
            .ToList();
        Assert.Equal(7, payloads.Count);
        foreach (var p in payloads)
        {
            string generated = ResultJson.Serialize(p);
            Assert.Equal(JsonSerializer.Serialize(p, p.GetType(), reflectionOnly), generated);
            Assert.NotNull(PayloadJsonContext.Default.GetTypeInfo(p.GetType()));
        }
    }
}
