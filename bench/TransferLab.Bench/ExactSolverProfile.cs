using System.Diagnostics;
using System.Globalization;
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
/// (to compare two builds' answers). Usage: <c>dotnet run -c Release --project bench/TransferLab.Bench --
/// exact-solver-profile [kernels|settings] [D] [α list]</c> (defaults: both; D = 2000; α = 0.1,0.3,0.5).
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
                double seconds = 0, error = 0;
                long iterations = 0, factorizations = 0, products = 0;
                foreach (double alpha in alphas)
                {
                    var rng = SeedSequence.For(1, index, (int)Math.Round(alpha * 1000));
                    var task = curve.Task with { D = d, AlphaFt = alpha };
                    var (teacherPt, teacherFt) = task.SampleTeachers(rng);
                    var x = rng.GaussianMatrix(task.FineTuneSamples, d, 1 / Math.Sqrt(d));
                    var y = LinearAlgebra.Multiply(x, teacherFt);
                    if (task.Sigma > 0) for (int i = 0; i < y.Length; i++) y[i] += task.Sigma * rng.NextGaussian();
                    var scales = teacherPt.Select(curve.Init.FineTuneScale).ToArray();
                    long start = Stopwatch.GetTimestamp();
                    var solution = ImplicitBiasSolver.Solve(x, y, scales);
                    seconds += Stopwatch.GetElapsedTime(start).TotalSeconds;
                    iterations += solution.Iterations;
                    factorizations += solution.Factorizations;
                    products += solution.HessianProducts;
                    error += Vec.NormSquared(Vec.Subtract(solution.Beta, teacherFt)) / d / alphas.Length;
                }
                total += seconds;
                index++;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {panel.Name} | {curve.Label} | {seconds:F2} | {iterations} | {factorizations} | {products} | {error:R} |"));
            }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"total solve time {total:F1} s"));
    }
}
