using TransferLab.Numerics;

namespace TransferLab.Tests.Numerics;

/// <summary>
/// <see cref="Matrix.TransposeInto"/> against its definition, element by element: shapes around the 4×4 blocks and the
/// 32×32 tiles (edges of 1–3 rows or columns, a single row or column, tiles cut short), values that are all distinct.
/// </summary>
public class MatrixTransposeTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(1, 9)]
    [InlineData(9, 1)]
    [InlineData(3, 3)]
    [InlineData(4, 4)]
    [InlineData(5, 7)]
    [InlineData(8, 12)]
    [InlineData(31, 33)]
    [InlineData(32, 64)]
    [InlineData(37, 61)]
    [InlineData(66, 35)]
    [InlineData(130, 257)]
    public void IsTheDefinition(int rows, int cols)
    {
        var source = new double[rows * cols];
        for (int k = 0; k < source.Length; k++) source[k] = k + 0.5; // distinct, so a misplaced copy shows
        var destination = new double[rows * cols];
        Array.Fill(destination, double.NaN);                        // an entry left unwritten shows as well
        Matrix.TransposeInto(source, rows, cols, destination);
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                Assert.Equal(source[i * cols + j], destination[j * rows + i]);
    }

    [Fact]
    public void TransposeTwiceIsTheMatrix()
    {
        var x = new Rng(11).GaussianMatrix(203, 150);
        var back = x.Transpose().Transpose();
        Assert.Equal(x.Data, back.Data);
    }
}
