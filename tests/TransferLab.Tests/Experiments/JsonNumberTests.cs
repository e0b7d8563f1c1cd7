using System.Text.Json;
using TransferLab.Experiments;

namespace TransferLab.Tests.Experiments;

/// <summary>JSON output writes non-finite doubles as null, never as strings or invalid numbers.</summary>
public sealed class JsonNumberTests
{
    private sealed record Sample(double A, double B, double? C, double[] D);

    [Fact]
    public void NonFiniteValuesBecomeNullAndFiniteOnesStayExact()
    {
        var options = new JsonSerializerOptions { Converters = { new NonFiniteAsNullConverter() } };
        string json = JsonSerializer.Serialize(new Sample(double.NaN, 0.1, double.PositiveInfinity, [1e-300, double.NegativeInfinity]), options);
        Assert.Equal("{\"A\":null,\"B\":0.1,\"C\":null,\"D\":[1E-300,null]}", json);
        var back = JsonSerializer.Deserialize<Sample>(json, options)!;
        Assert.True(double.IsNaN(back.A));
        Assert.Equal(0.1, back.B);
    }

    [Fact]
    public void ManifestsWithNonFiniteHeadlinesSerialise()
    {
        var m = new Manifest { Figure = "x", Headlines = new Dictionary<string, double> { ["z"] = double.NaN } };
        Assert.Contains("\"z\": null", m.ToJson());
    }
}
