using System.Diagnostics;
using System.Globalization;
using System.Runtime.Intrinsics;
using TransferLab.Experiments.Anguita2026;
using TransferLab.Numerics;
using TransferLab.Training;

namespace TransferLab.Bench;

/// <summary>
/// Stopwatch profile of the exact implicit-bias solver (<see cref="ImplicitBiasSolver"/>), two parts.
/// <c>kernels</c>: one call of each product with X the solver makes, at its shapes (N × D from 200 × 2000 to 2500 × 5000):
/// Xᵀv and y − Xβ through the provider's matrix–vector product (a one-column dgemm) and by columns on the stored
/// transpose (<see cref="ColumnProducts"/>), the Hessian product (<see cref="WeightedGramProduct"/>), and the
/// preconditioner solve by the provider's factored Cholesky solve and by the blocked substitutions the solver uses, and
/// what a solve does once: draw the N × D Gaussian design (<see cref="Rng.GaussianMatrix"/>) and transpose it;
/// best of 9 batches, ms per call. <c>settings</c>: the solves of every <c>anguita-fig3</c> setting (39 curves) at the
/// given D and α_FT values, one seed: seconds, Newton iterations, factorizations, Hessian products and the mean error
/// (to compare two builds' answers). <c>accounting</c>: per α_FT, the same solves beside the time of each kernel at
/// that N × D (the design's draw and transpose, one factorization of X W Xᵀ, one product with H, one pass over X, one
/// evaluation of the dual's penalty) and the time those kernels account for at the solves' counts — how much of a
/// solve is its kernels at their measured rates, and so what fewer products or factorizations could save.
/// Usage: <c>dotnet run -c Release --project bench/TransferLab.Bench -- exact-solver-profile
/// [kernels|settings|accounting] [D] [α list]</c> (defaults: kernels and settings; D = 2000; α = 0.1,0.3,0.5).
/// </summary>
public static class ExactSolverProfile
{
    /// <summary>Runs the profile and prints Markdown tables.</summary>
    public static void Run(string[] args)
    {
        string part = args.Length > 1 ? args[1] : "both";
        int d = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2000;
        double[] alphas = args.Length > 3 ? args[3].Split(',').Select(a => double.Parse(a, CultureInfo.InvariantCulture)).ToArray() : [0.1, 0.3, 0.5];
        Console.WriteLine($"backend: {LinearAlgebra.Provider.Name}");
        if (part is "both" or "kernels") Kernels();
        if (part is "both" or "settings") Settings(d, alphas);
        if (part is "accounting") Accounting(d, alphas);
    }

    private static double BestMilliseconds(Action action, int repeats)
    {
        for (int i = 0; i < 3; i++) action();
        double best = double.PositiveInfinity;
        for (int batch = 0; batch < 9; batch++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < repeats; i++) action();
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalMilliseconds / repeats);
        }
        return best;
    }

    private static void Kernels()
    {
        var provider = LinearAlgebra.Provider;
        var rng = new Rng(5);
        Console.WriteLine("| N × D | X MB | Xᵀv, provider | Xᵀv by columns | y − Xβ, provider | y − Xβ by columns | H v by columns | LLᵀ solve, provider | LLᵀ solve, blocked | draw X | transpose X |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (n, d) in new[] { (200, 2000), (600, 2000), (1000, 2000), (1250, 5000), (2500, 5000) })
        {
            var x = rng.GaussianMatrix(n, d, 1.0);
            var xt = x.Transpose();
            var v = rng.Gaussian(n);
            var c = rng.Gaussian(d);
            var w = rng.Gaussian(d).Select(Math.Abs).ToArray();
            var projections = new double[d];
            var r = new double[n];
            int repeats = Math.Max(3, 20_000_000 / (n * d));
            double projectProvider = BestMilliseconds(() => provider.Gemv(Op.Transpose, 1.0, x, v, 0.0, projections), repeats);
            double projectColumns = BestMilliseconds(() => ColumnProducts.Project(xt, v, projections), repeats);
            double residualProvider = BestMilliseconds(() => provider.Gemv(Op.None, -1.0, x, c, 1.0, r), repeats);
            double residualColumns = BestMilliseconds(() => ColumnProducts.AddCombination(xt, -1.0, c, r), repeats);
            double hessian = BestMilliseconds(() => WeightedGramProduct.Apply(xt, w, v, r, projections), repeats);
            var factor = LinearAlgebra.RowGram(rng.GaussianMatrix(n, n + 50, 1.0));
            provider.CholeskyFactorInPlace(factor);
            var b = rng.Gaussian(n);
            int solveRepeats = Math.Max(3, 4_000_000 / (n * n));
            double solveProvider = BestMilliseconds(() => provider.CholeskySolveFactored(factor, b), solveRepeats);
            double solveBlocked = BestMilliseconds(() => LeadingBlockSolve.Solve(factor, n, b, b), solveRepeats);
            int drawRepeats = Math.Max(3, 2_000_000 / (n * d));
            double draw = BestMilliseconds(() => rng.GaussianMatrix(n, d, 1.0), drawRepeats);
            double transpose = BestMilliseconds(() => x.Transpose(), drawRepeats);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {n} × {d} | {8.0 * n * d / 1e6:F1} | {projectProvider:F3} | {projectColumns:F3} | {residualProvider:F3} | {residualColumns:F3} | {hessian:F3} | {solveProvider:F3} | {solveBlocked:F3} | {draw:F2} | {transpose:F2} |"));
        }
    }

    // Timed solves and the work they report, summed.
    private sealed class SolveTotals
    {
        public double Seconds;
        public long Iterations, Factorizations, Products;

        public ImplicitBiasSolution Solve(Matrix x, double[] y, double[] scales)
        {
            long start = Stopwatch.GetTimestamp();
            var solution = ImplicitBiasSolver.Solve(x, y, scales);
            Seconds += Stopwatch.GetElapsedTime(start).TotalSeconds;
            Iterations += solution.Iterations;
            Factorizations += solution.Factorizations;
            Products += solution.HessianProducts;
            return solution;
        }
    }

    private static double ReadAll(double[] data)
    {
        var span = data.AsSpan();
        Vector256<double> a = default, b = default, c = default, e = default;
        int i = 0;
        for (; i + 16 <= span.Length; i += 16)
        {
            a += Vector256.Create<double>(span.Slice(i, 4));
            b += Vector256.Create<double>(span.Slice(i + 4, 4));
            c += Vector256.Create<double>(span.Slice(i + 8, 4));
            e += Vector256.Create<double>(span.Slice(i + 12, 4));
        }
        double sum = Vector256.Sum(a + b + c + e);
        for (; i < span.Length; i++) sum += span[i];
        return sum;
    }

    // One fig3 solve's problem: the figure's laws and sizes, seeded by (setting, α) as the settings part is.
    private static (Matrix X, double[] Y, double[] Scales, double[] TeacherFt) Problem(AnguitaCurve curve, int index, int d, double alpha)
    {
        var rng = SeedSequence.For(1, index, (int)Math.Round(alpha * 1000));
        var task = curve.Task with { D = d, AlphaFt = alpha };
        var (teacherPt, teacherFt) = task.SampleTeachers(rng);
        var x = rng.GaussianMatrix(task.FineTuneSamples, d, 1 / Math.Sqrt(d));
        var y = LinearAlgebra.Multiply(x, teacherFt);
        if (task.Sigma > 0) for (int i = 0; i < y.Length; i++) y[i] += task.Sigma * rng.NextGaussian();
        return (x, y, teacherPt.Select(curve.Init.FineTuneScale).ToArray(), teacherFt);
    }

    // What each solve does at the counts it reports, kernel by kernel: the transpose once; per factorization the scaled
    // copy, dsyrk and dpotrf; per product with H one call of the product; per other pass over X (projection or residual)
    // and per penalty evaluation (line-search trials included) one call of each.
    private static void Accounting(int d, double[] alphas)
    {
        Console.WriteLine($"anguita-fig3 solves at D = {d}, the 39 settings, one seed, accounted by their kernels (ms per call, best of 9 batches)");
        Console.WriteLine("| α_FT | N | draw | transpose | factorization | its GFLOP/s | dgemm GFLOP/s | H product | pass over X | read X | penalty | solves | factorizations / solve | products / solve | Newton steps / solve | solve s | accounted s | factorizations | products | passes and penalties |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        double measuredTotal = 0, accountedTotal = 0, drawTotal = 0;
        foreach (double alpha in alphas)
        {
            var curves = AnguitaFig3Figure.Panels().SelectMany(p => p.Curves).ToArray();
            var (x0, _, scales0, _) = Problem(curves[0], 0, d, alpha);
            int n = x0.Rows;
            var kernelRng = new Rng(11);
            var xt = x0.Transpose();
            var w = kernelRng.Gaussian(d).Select(Math.Abs).ToArray();
            var v = kernelRng.Gaussian(n);
            var t = kernelRng.Gaussian(d).Select(z => 0.01 * z).ToArray();
            var projections = new double[d];
            var result = new double[n];
            var scaled = new Matrix(n, d);
            int repeats = Math.Max(3, 20_000_000 / (n * d));
            int heavyRepeats = Math.Max(1, (int)(1e9 / ((double)n * n * d)));
            double draw = BestMilliseconds(() => kernelRng.GaussianMatrix(n, d, 1 / Math.Sqrt(d)), Math.Max(3, 2_000_000 / (n * d)));
            double transpose = BestMilliseconds(() => x0.Transpose(), Math.Max(3, 2_000_000 / (n * d)));
            var root = w.Select(Math.Sqrt).ToArray();
            double factorization = BestMilliseconds(() =>
            {
                for (int i = 0; i < n; i++)
                {
                    var src = x0.Row(i);
                    var dst = scaled.Row(i);
                    for (int j = 0; j < d; j++) dst[j] = src[j] * root[j];
                }
                var h = LinearAlgebra.RowGram(scaled);
                for (int i = 0; i < n; i++) h[i, i] += 1e-9;
                LinearAlgebra.CholeskyFactorInPlace(h);
            }, heavyRepeats);
            // The core's rate for the formation's shape: the full product S Sᵀ by dgemm (twice dsyrk's N²D flops).
            var full = new Matrix(n, n);
            double gemm = BestMilliseconds(() => LinearAlgebra.Provider.Gemm(Op.None, Op.Transpose, 1.0, scaled, scaled, 0.0, full), heavyRepeats);
            double factorizationRate = ((double)n * n * d + (double)n * n * n / 3) / factorization / 1e6;
            double gemmRate = 2.0 * n * n * d / gemm / 1e6;
            double product = BestMilliseconds(() => WeightedGramProduct.Apply(xt, w, v, result, projections), repeats);
            double pass = 0.5 * (BestMilliseconds(() => ColumnProducts.Project(xt, v, projections), repeats)
                + BestMilliseconds(() => ColumnProducts.AddCombination(xt, -1.0, projections, result), repeats));
            // The memory's rate for this design: one read of every entry, four independent vector sums (what a pass
            // over X cannot beat).
            double read = BestMilliseconds(() => result[0] = ReadAll(xt.Data), repeats);
            double penalty = BestMilliseconds(() =>
            {
                double value = 0;
                for (int j = 0; j < d; j++)
                {
                    double ch = Math.Cosh(2 * t[j]);
                    projections[j] = scales0[j] * Math.Sinh(2 * t[j]);
                    w[j] = 2 * scales0[j] * ch;
                    double sh = Math.Sinh(t[j]);
                    value += scales0[j] * sh * sh;
                }
                result[0] = value;
            }, repeats);
            for (int j = 0; j < d; j++) w[j] = Math.Abs(w[j]);

            double accounted = 0, inFactorizations = 0, inProducts = 0, inPasses = 0;
            var totals = new SolveTotals();
            for (int index = 0; index < curves.Length; index++)
            {
                var (x, y, scales, _) = Problem(curves[index], index, d, alpha);
                var solution = totals.Solve(x, y, scales);
                inFactorizations += solution.Factorizations * factorization / 1e3;
                inProducts += solution.HessianProducts * product / 1e3;
                inPasses += (solution.PassesOverX * pass + solution.PenaltyEvaluations * penalty) / 1e3;
                accounted += transpose / 1e3;
            }
            accounted += inFactorizations + inProducts + inPasses;
            measuredTotal += totals.Seconds;
            accountedTotal += accounted;
            drawTotal += curves.Length * draw / 1e3;
            double solves = curves.Length;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {alpha} | {n} | {draw:F2} | {transpose:F2} | {factorization:F2} | {factorizationRate:F1} | {gemmRate:F1} | {product:F3} | {pass:F3} | {read:F3} | {penalty:F3} | {curves.Length} | {totals.Factorizations / solves:F2} | {totals.Products / solves:F1} | {totals.Iterations / solves:F1} | {totals.Seconds:F2} | {accounted:F2} | {inFactorizations:F2} | {inProducts:F2} | {inPasses:F2} |"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"solves {measuredTotal:F2} s, accounted by their kernels {accountedTotal:F2} s ({100 * accountedTotal / measuredTotal:F0} %); drawing the designs {drawTotal:F2} s more"));
    }

    private static void Settings(int d, double[] alphas)
    {
        Console.WriteLine($"anguita-fig3 settings at D = {d}, α_FT = {string.Join(", ", alphas.Select(a => a.ToString(CultureInfo.InvariantCulture)))}, one seed");
        Console.WriteLine("| panel | curve | solve s | Newton iterations | factorizations | Hessian products | mean error |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|");
        double total = 0;
        int index = 0;
        foreach (var panel in AnguitaFig3Figure.Panels())
            foreach (var curve in panel.Curves)
            {
                double error = 0;
                var totals = new SolveTotals();
                foreach (double alpha in alphas)
                {
                    var (x, y, scales, teacherFt) = Problem(curve, index, d, alpha);
                    var solution = totals.Solve(x, y, scales);
                    error += Vec.NormSquared(Vec.Subtract(solution.Beta, teacherFt)) / d / alphas.Length;
                }
                total += totals.Seconds;
                index++;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {panel.Name} | {curve.Label} | {totals.Seconds:F2} | {totals.Iterations} | {totals.Factorizations} | {totals.Products} | {error:R} |"));
            }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"total solve time {total:F1} s"));
    }
}
