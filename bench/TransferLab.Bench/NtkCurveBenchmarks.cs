using BenchmarkDotNet.Attributes;
using TransferLab.Data;
using TransferLab.Experiments.Families;
using TransferLab.Numerics;
using TransferLab.Schema;
using TransferLab.Theory.Shachaf2021;

namespace TransferLab.Bench;

/// <summary>
/// The relu-ntk theory curve over n (issue 13's slowest explorer curve; docs/benchmarks.md, "Explorer API"): λ_min of the
/// 50 leading blocks n = 10 … 300 of one nested NTK Gram on one core (the Lanczos runs alone), and the whole 50-point
/// curve as the API computes it (Gram, factor, λ_min of every size in parallel, the per-point theory). Public API only,
/// so the same file compiles against the parent commit for a before/after.
/// </summary>
public class NtkCurveBenchmarks
{
    private NestedNtkGram _gram = null!;
    private int[] _sizes = null!;
    private ParameterValues[] _points = null!;
    private ModelFamily _family = null!;

    /// <summary>The 50 sizes of the explorer's default curve, their Gram (d = 10, sphere inputs, first layer) and bound points.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _sizes = Enumerable.Range(0, 50).Select(i => (int)Math.Round(10 + 290.0 * i / 49)).Distinct().ToArray();
        _gram = new NestedNtkGram(ReluInputs.Sphere(300, 10, new Rng(1)), NtkLayers.FirstLayer);
        _family = FamilyCatalogue.All.First(f => f.Name == "relu-ntk");
        _points = _sizes.Select(n => _family.Schema.Bind(new Dictionary<string, string> { ["n"] = n.ToString() }, Compute.Theory)).ToArray();
    }

    /// <summary>λ_min(H_n) for the 50 sizes, one after another.</summary>
    [Benchmark]
    public double SmallestEigenvalues50Sizes()
    {
        double sum = 0;
        foreach (int n in _sizes) sum += _gram.SmallestEigenvalue(n);
        return sum;
    }

    /// <summary>The 50-point curve of <c>/api/curve/relu-ntk?sweep=n&amp;from=10&amp;to=300&amp;points=50</c> without HTTP and JSON.</summary>
    [Benchmark]
    public int Curve50Points() => _family.TheoryCurve("n", _points).Count;
}
