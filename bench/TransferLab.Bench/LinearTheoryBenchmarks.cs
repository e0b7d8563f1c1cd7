using BenchmarkDotNet.Attributes;
using TransferLab.Data;
using TransferLab.Numerics;
using TransferLab.Theory.Shachaf2021;
using TransferLab.Training;

namespace TransferLab.Bench;

/// <summary>Exact solver vs gradient descent for one simulated point, and one deterministic-equivalent curve.</summary>
public class LinearTheoryBenchmarks
{
    private Matrix _x = null!;
    private double[] _y = null!, _theta0 = null!;
    private LinearTask _task = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Rng(3);
        var cov = CovarianceModel.PowerLaw(1000, 1.0);
        _task = LinearTask.Create(cov, LinearTeacherPair.DifferenceInEigendirections(cov, 0, 20, 4, rng), 0.1);
        (_x, _y) = _task.SampleTarget(100, rng);
        _theta0 = _task.Teachers.Source;
    }

    /// <summary>The converged GD solution in closed form (d = 1000, n = 100).</summary>
    [Benchmark]
    public double[] ExactInterpolant() => MinimumDistanceInterpolant.Solve(_x, _y, _theta0);

    /// <summary>Full-batch GD to ‖∇‖ ≤ 1e-8‖∇₀‖ on the same problem.</summary>
    [Benchmark]
    public double[] GradientDescent() => LinearGradientDescent.Run(_x, _y, _theta0, relativeTolerance: 1e-8).Theta;

    /// <summary>A 100-point deterministic-equivalent risk curve (d = 1000).</summary>
    [Benchmark]
    public double DeterministicEquivalentCurve()
    {
        double s = 0;
        for (int n = 5; n <= 500; n += 5) s += LinearFineTuningTheory.Predict(_task, n, TransferProtocol.FineTune).Excess;
        return s;
    }
}
