using BenchmarkDotNet.Attributes;
using TransferLab.Numerics;

namespace TransferLab.Bench;

/// <summary>GEMM and SVD throughput of the native (OpenBLAS / reference) and managed (MathNet) providers.</summary>
public class LinearAlgebraBenchmarks : IThroughput
{
    [Params("native", "managed")]
    public string Backend { get; set; } = "native";

    [Params(256, 512)]
    public int N { get; set; } = 256;

    private ILinearAlgebraProvider _p = null!;
    private Matrix _a = null!, _b = null!, _c = null!;

    [GlobalSetup]
    public void Setup()
    {
        _p = Backend == "native"
            ? NativeLinearAlgebra.TryCreate(out var why) ?? throw new InvalidOperationException("native BLAS not available: " + why)
            : new ManagedLinearAlgebra();
        var rng = new Rng(1);
        _a = rng.GaussianMatrix(N, N);
        _b = rng.GaussianMatrix(N, N);
        _c = new Matrix(N, N);
    }

    [Benchmark]
    public void Gemm() => _p.Gemm(Op.None, Op.None, 1.0, _a, _b, 0.0, _c);

    [Benchmark]
    public Svd Svd() => _p.Svd(_a);

    public string Unit => "GFLOP";

    // GEMM: 2N³ flops. SVD with vectors: the conventional ≈ 22N³ count for a square matrix (Golub & Van Loan).
    public double Work(string method) => method == nameof(Gemm) ? 2.0 * N * N * N * 1e-9 : 22.0 * N * N * N * 1e-9;
}
