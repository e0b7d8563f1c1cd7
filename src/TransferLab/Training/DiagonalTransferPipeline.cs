using TransferLab.Data;
using TransferLab.Models;
using TransferLab.Numerics;

namespace TransferLab.Training;

/// <summary>How a diagonal-network stage is trained in simulation.</summary>
public enum DiagonalSolver
{
    /// <summary>The exact gradient-flow limit (<see cref="ImplicitBiasSolver"/>, Theorem 4.1).</summary>
    Exact,
    /// <summary>Gradient descent on the four weight vectors (<see cref="DiagonalGradientFlow"/>, step rule from its options).</summary>
    GradientFlow,
}

/// <summary>One simulated pretraining → fine-tuning run.</summary>
/// <param name="Error">(1/D)‖β̂_FT − β*_FT‖², the generalization error for test inputs N(0, I/D) (label noise excluded).</param>
/// <param name="PretrainError">(1/D)‖β̂_PT − β*_PT‖² (0 with oracle PT).</param>
/// <param name="Converged">Every stage met its stopping rule.</param>
/// <param name="Work">Newton iterations (exact) or gradient steps (gradient flow), summed over stages.</param>
/// <param name="Beta">The fine-tuned predictor β̂_FT, when asked for (null otherwise: sweeps need only the error).</param>
/// <param name="Teacher">The FT teacher β*_FT of the run, when asked for.</param>
/// <param name="Diverged">A gradient-flow stage diverged or the error is not finite (<see cref="DivergenceRule"/>).</param>
public sealed record DiagonalRunResult(double Error, double PretrainError, bool Converged, long Work, double[]? Beta = null, double[]? Teacher = null, bool Diverged = false);

/// <summary>
/// The pretraining → fine-tuning pipeline of Anguita et al. 2026 on a sampled <see cref="SparseTransferTask"/>: draw the
/// teachers; pretrain (oracle: the PT solution is the PT teacher and the network state is rebuilt from the invariants;
/// otherwise gradient flow from the PT initialization on N_PT = α_PT·D noisy samples); re-initialize the readout to
/// γ_FT/√2 keeping the features; fine-tune on N_FT = α_FT·D samples. Inputs are N(0, I/D) as in the paper.
/// </summary>
public static class DiagonalTransferPipeline
{
    /// <summary>Runs the pipeline with all randomness from <paramref name="rng"/>.</summary>
    public static DiagonalRunResult Run(SparseTransferTask task, DiagonalInitialization init, Rng rng, DiagonalSolver solver = DiagonalSolver.Exact, DiagonalFlowOptions? flow = null, bool keepWeights = false)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(init);
        ArgumentNullException.ThrowIfNull(rng);
        task.Validate();
        init.Validate();
        int dim = task.D;
        double inputSd = 1 / Math.Sqrt(dim);
        var (teacherPt, teacherFt) = task.SampleTeachers(rng);
        bool converged = true, diverged = false;
        long work = 0;

        // Pretraining.
        double[] betaPt;
        DiagonalNetwork? ptNet = null;
        if (task.OraclePretraining)
        {
            betaPt = teacherPt;
            if (solver == DiagonalSolver.GradientFlow) ptNet = DiagonalNetwork.FromInvariants(init, betaPt);
        }
        else
        {
            var xPt = rng.GaussianMatrix(task.PretrainSamples, dim, inputSd);
            var yPt = Labels(xPt, teacherPt, task.SigmaPt, rng);
            if (solver == DiagonalSolver.Exact)
            {
                var sol = ImplicitBiasSolver.Solve(xPt, yPt, Enumerable.Repeat(init.CPt, dim).ToArray());
                betaPt = sol.Beta;
                converged &= sol.Converged;
                work += sol.Iterations;
            }
            else
            {
                ptNet = DiagonalNetwork.Pretraining(dim, init);
                var r = DiagonalGradientFlow.Train(ptNet, xPt, yPt, flow);
                betaPt = ptNet.Predictor();
                converged &= r.Converged;
                diverged |= r.Diverged;
                work += r.Steps;
            }
        }

        // Fine-tuning.
        var xFt = rng.GaussianMatrix(task.FineTuneSamples, dim, inputSd);
        var yFt = Labels(xFt, teacherFt, task.Sigma, rng);
        double[] betaFt;
        if (solver == DiagonalSolver.Exact)
        {
            var scales = betaPt.Select(init.FineTuneScale).ToArray();
            var sol = ImplicitBiasSolver.Solve(xFt, yFt, scales);
            betaFt = sol.Beta;
            converged &= sol.Converged;
            work += sol.Iterations;
        }
        else
        {
            var ftNet = ptNet!.FineTuningStart(init.GammaFt);
            var r = DiagonalGradientFlow.Train(ftNet, xFt, yFt, flow);
            betaFt = ftNet.Predictor();
            converged &= r.Converged;
            diverged |= r.Diverged;
            work += r.Steps;
        }
        double err = Vec.NormSquared(Vec.Subtract(betaFt, teacherFt)) / dim;
        double errPt = Vec.NormSquared(Vec.Subtract(betaPt, teacherPt)) / dim;
        diverged |= !double.IsFinite(err);
        return new DiagonalRunResult(err, errPt, converged && !diverged, work, keepWeights ? betaFt : null, keepWeights ? teacherFt : null, diverged);
    }

    private static double[] Labels(Matrix x, double[] teacher, double sigma, Rng rng)
    {
        var y = LinearAlgebra.Multiply(x, teacher);
        if (sigma > 0) for (int i = 0; i < y.Length; i++) y[i] += sigma * rng.NextGaussian();
        return y;
    }
}
