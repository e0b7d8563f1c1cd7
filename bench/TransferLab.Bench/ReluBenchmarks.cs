using BenchmarkDotNet.Attributes;
using TransferLab.Models;
using TransferLab.Numerics;

namespace TransferLab.Bench;

/// <summary>
/// Forward/backward throughput of <see cref="TwoLayerRelu"/> against the GEMM limit of the machine. One
/// LossAndGradient on a batch of n samples is two GEMMs of 2·n·m·d flops each (H = XWᵀ and ∂W = GᵀX) plus O(n·m)
/// element-wise work and two GEMVs; <see cref="GemmReference"/> runs exactly those two GEMMs, so the ratio of the
/// throughputs is the fraction of the BLAS limit the hand-written passes reach.
/// </summary>
public class ReluBenchmarks : IThroughput
{
    /// <summary>Batch size n.</summary>
    [Params(256, 1024)]
    public int N { get; set; }

    /// <summary>Width m.</summary>
    [Params(1024)]
    public int M { get; set; }

    /// <summary>Input dimension d.</summary>
    [Params(100)]
    public int D { get; set; }

    private TwoLayerRelu _net = null!;
    private Matrix _x = null!, _h = null!, _gw = null!;
    private double[] _y = null!;

    /// <summary>Builds the network and data.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var rng = new Rng(1);
        _net = TwoLayerRelu.Initialize(D, M, ReluParameterization.MeanField, rng);
        _x = rng.GaussianMatrix(N, D);
        _y = rng.Gaussian(N);
        _h = new Matrix(N, M);
        _gw = new Matrix(M, D);
    }

    /// <summary>Forward pass only (one GEMM + ReLU + GEMV).</summary>
    [Benchmark]
    public double[] Forward() => _net.Forward(_x);

    /// <summary>Loss and full gradient (forward + backward).</summary>
    [Benchmark]
    public double ForwardBackward() => _net.LossAndGradient(_x, _y).Loss;

    /// <summary>The two GEMMs of a forward+backward pass, nothing else.</summary>
    [Benchmark(Baseline = true)]
    public void GemmReference()
    {
        LinearAlgebra.Provider.Gemm(Op.None, Op.Transpose, 1.0, _x, _net.W, 0.0, _h);
        LinearAlgebra.Provider.Gemm(Op.Transpose, Op.None, 1.0, _h, _x, 0.0, _gw);
    }

    /// <inheritdoc />
    public string Unit => "GFLOP";

    /// <inheritdoc />
    public double Work(string method) => method switch
    {
        nameof(Forward) => 2.0 * N * M * D * 1e-9,
        _ => 4.0 * N * M * D * 1e-9,
    };
}
