using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace TransferLab.Numerics;

/// <summary>
/// Pure managed provider on MathNet.Numerics' managed algorithms. Used when no native library loads,
/// or when <c>TRANSFERLAB_BLAS=managed</c> is set; also the reference the native path is tested against.
/// <para>
/// MathNet stores column-major, so the storage of a row-major r×c <see cref="Matrix"/> is a MathNet
/// c×r matrix holding Aᵀ; we use that view instead of copying element by element.
/// </para>
/// </summary>
public sealed class ManagedLinearAlgebra : ILinearAlgebraProvider
{
    static ManagedLinearAlgebra()
    {
        // Never let MathNet pick a native provider of its own: this class must stay managed.
        MathNet.Numerics.Control.UseManaged();
    }

    /// <inheritdoc />
    public string Name => "managed (MathNet.Numerics)";

    /// <inheritdoc />
    public bool IsNative => false;

    /// <summary>MathNet view of the transpose of <paramref name="a"/> (copies the storage once).</summary>
    private static DenseMatrix TransposedView(Matrix a) => new(a.Cols, a.Rows, (double[])a.Data.Clone());

    /// <summary>Row-major copy of a MathNet matrix.</summary>
    private static Matrix FromMathNet(Matrix<double> m)
    {
        var r = new Matrix(m.RowCount, m.ColumnCount);
        for (int i = 0; i < m.RowCount; i++)
            for (int j = 0; j < m.ColumnCount; j++)
                r.Data[i * m.ColumnCount + j] = m.At(i, j);
        return r;
    }

    /// <inheritdoc />
    public void Gemm(Op opA, Op opB, double alpha, Matrix a, Matrix b, double beta, Matrix c)
    {
        var (m, n, k) = GemmShape.Check(opA, opB, a, b, c);
        if (m == 0 || n == 0) return;
        // Cᵀ = op(B)ᵀ op(A)ᵀ, where the views hold Bᵀ and Aᵀ.
        var at = TransposedView(a);
        var bt = TransposedView(b);
        Matrix<double> left = opB == Op.None ? bt : bt.Transpose();
        Matrix<double> right = opA == Op.None ? at : at.Transpose();
        var ct = (DenseMatrix)(left * right); // n×m column-major == row-major C
        var prod = ct.Values;
        if (beta == 0)
            for (int i = 0; i < prod.Length; i++) c.Data[i] = alpha * prod[i];
        else
            for (int i = 0; i < prod.Length; i++) c.Data[i] = alpha * prod[i] + beta * c.Data[i];
    }

    /// <inheritdoc />
    public void Gemv(Op opA, double alpha, Matrix a, ReadOnlySpan<double> x, double beta, Span<double> y)
    {
        int rows = opA == Op.None ? a.Rows : a.Cols, cols = opA == Op.None ? a.Cols : a.Rows;
        if (x.Length != cols) throw new ArgumentException($"x has length {x.Length}, expected {cols}");
        if (y.Length != rows) throw new ArgumentException($"y has length {y.Length}, expected {rows}");
        if (opA == Op.None)
        {
            for (int i = 0; i < rows; i++)
                y[i] = alpha * Vec.Dot(a.Row(i), x) + (beta == 0 ? 0 : beta * y[i]);
        }
        else
        {
            if (beta == 0) y.Clear(); else y.Scale(beta);
            for (int i = 0; i < a.Rows; i++)
                Vec.Axpy(alpha * x[i], a.Row(i), y);
        }
    }

    /// <inheritdoc />
    public Matrix Syrk(Op opA, double alpha, Matrix a)
    {
        int n = opA == Op.Transpose ? a.Cols : a.Rows;
        var c = new Matrix(n, n);
        Gemm(opA, opA == Op.Transpose ? Op.None : Op.Transpose, alpha, a, a, 0, c);
        Matrix.MirrorLowerTriangle(c.Data, n); // exact symmetry, as the native syrk has
        return c;
    }

    /// <inheritdoc />
    public Matrix CholeskySolve(Matrix a, Matrix b)
    {
        if (a.Cols != a.Rows) throw new ArgumentException("matrix must be square", nameof(a));
        if (b.Rows != a.Rows) throw new ArgumentException($"right-hand side has {b.Rows} rows, expected {a.Rows}", nameof(b));
        var am = TransposedView(a); // symmetric: the transpose is A itself
        Cholesky<double> chol;
        try
        {
            chol = am.Cholesky();
        }
        catch (ArgumentException e)
        {
            throw new NotPositiveDefiniteException("matrix is not positive definite: " + e.Message);
        }
        var bm = (DenseMatrix)Matrix<double>.Build.DenseOfRowMajor(b.Rows, b.Cols, b.Data);
        return FromMathNet(chol.Solve(bm));
    }

    /// <inheritdoc />
    public void CholeskyFactorInPlace(Matrix a)
    {
        int n = a.Rows;
        if (a.Cols != n) throw new ArgumentException("matrix must be square", nameof(a));
        // Row-oriented Cholesky–Crout on the lower triangle: L[i,j] = (A[i,j] − Σ_{k<j} L[i,k] L[j,k]) / L[j,j].
        var d = a.Data;
        for (int i = 0; i < n; i++)
        {
            var li = a.Row(i);
            for (int j = 0; j <= i; j++)
            {
                double sum = d[i * n + j] - Vec.Dot(li[..j], a.Row(j)[..j]);
                if (j == i)
                {
                    if (!(sum > 0)) throw new NotPositiveDefiniteException($"matrix is not positive definite (leading minor {i + 1})");
                    li[i] = Math.Sqrt(sum);
                }
                else li[j] = sum / d[j * n + j];
            }
            li[(i + 1)..].Clear();
        }
    }

    /// <inheritdoc />
    public void CholeskySolveFactored(Matrix factor, Span<double> b)
    {
        int n = factor.Rows;
        if (factor.Cols != n) throw new ArgumentException("factor must be square", nameof(factor));
        if (b.Length != n) throw new ArgumentException($"right-hand side has {b.Length} entries, expected {n}", nameof(b));
        // L z = b by rows, then Lᵀ x = z by columns of Lᵀ (rows of L), both in place.
        for (int i = 0; i < n; i++)
        {
            var li = factor.Row(i);
            b[i] = (b[i] - Vec.Dot(li[..i], b[..i])) / li[i];
        }
        for (int i = n - 1; i >= 0; i--)
        {
            var li = factor.Row(i);
            b[i] /= li[i];
            double xi = b[i];
            for (int j = 0; j < i; j++) b[j] -= li[j] * xi;
        }
    }

    /// <inheritdoc />
    public SymmetricEigen SymmetricEigen(Matrix a)
    {
        int n = a.Rows;
        if (a.Cols != n) throw new ArgumentException("matrix must be square", nameof(a));
        if (n == 0) return new SymmetricEigen([], new Matrix(0, 0));
        var evd = TransposedView(a).Evd(Symmetricity.Symmetric);
        var values = evd.EigenValues.Select(z => z.Real).ToArray();
        var order = Enumerable.Range(0, n).OrderBy(i => values[i]).ToArray();
        var vectors = new Matrix(n, n);
        for (int jNew = 0; jNew < n; jNew++)
        {
            int jOld = order[jNew];
            for (int i = 0; i < n; i++) vectors.Data[i * n + jNew] = evd.EigenVectors.At(i, jOld);
        }
        return new SymmetricEigen(order.Select(i => values[i]).ToArray(), vectors);
    }

    /// <inheritdoc />
    public Svd Svd(Matrix a)
    {
        int r = a.Rows, c = a.Cols, k = Math.Min(r, c);
        if (k == 0) return new Svd(new Matrix(r, 0), [], new Matrix(0, c));
        var svd = Matrix<double>.Build.DenseOfRowMajor(r, c, a.Data).Svd(computeVectors: true);
        var u = new Matrix(r, k);
        var vt = new Matrix(k, c);
        for (int i = 0; i < r; i++)
            for (int p = 0; p < k; p++) u.Data[i * k + p] = svd.U.At(i, p);
        for (int p = 0; p < k; p++)
            for (int j = 0; j < c; j++) vt.Data[p * c + j] = svd.VT.At(p, j);
        return new Svd(u, svd.S.Take(k).ToArray(), vt);
    }

    /// <inheritdoc />
    public double[] LeastSquares(Matrix a, ReadOnlySpan<double> b)
    {
        if (b.Length != a.Rows) throw new ArgumentException($"b has length {b.Length}, expected {a.Rows}", nameof(b));
        var svd = Svd(a);
        // Same cut-off as LAPACK's dgelsd with rcond < 0: singular values below eps·s_max are dropped.
        double cut = svd.S.Length == 0 ? 0 : svd.S[0] * 2.220446049250313e-16;
        var x = new double[a.Cols];
        var utb = new double[svd.S.Length];
        Gemv(Op.Transpose, 1.0, svd.U, b, 0.0, utb);
        for (int p = 0; p < svd.S.Length; p++)
        {
            if (svd.S[p] <= cut) continue;
            Vec.Axpy(utb[p] / svd.S[p], svd.Vt.Row(p), x);
        }
        return x;
    }
}
