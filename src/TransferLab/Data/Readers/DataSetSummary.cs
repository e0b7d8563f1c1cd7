using TransferLab.Numerics;
using TransferLab.Validation;

namespace TransferLab.Data.Readers;

/// <summary>Images of one class in one split.</summary>
/// <param name="Label">Class label.</param>
/// <param name="Name">Class name.</param>
/// <param name="Train">Images in the training split.</param>
/// <param name="Test">Images in the test split.</param>
public sealed record ClassCount(int Label, string Name, int Train, int Test);

/// <summary>
/// What <c>data info</c> reports about a real data set: counts, class names, the label histogram and a summary of the pixel
/// covariance spectrum of the training split (effective rank, top eigenvalues, variance kept by PCA to d).
/// </summary>
/// <param name="Name">Data set name.</param>
/// <param name="Directory">Directory read.</param>
/// <param name="TrainImages">Images in the training split.</param>
/// <param name="TestImages">Images in the test split.</param>
/// <param name="Pixels">Pixels per image.</param>
/// <param name="Classes">Per-class counts.</param>
/// <param name="CovarianceRows">Training rows the covariance was computed from.</param>
/// <param name="EffectiveRank">(Σλ)²/Σλ² of the pixel covariance (pixels scaled to [0, 1]).</param>
/// <param name="TotalVariance">tr Σ̂.</param>
/// <param name="TopEigenvalues">The largest eigenvalues, descending.</param>
/// <param name="D">Principal components kept in the PCA summary.</param>
/// <param name="ExplainedFraction">Fraction of the variance in the top d components.</param>
/// <param name="EffectiveRankTopD">(Σλ)²/Σλ² of the top d eigenvalues (the covariance the linear figures see after PCA to d).</param>
public sealed record DataSetSummary(string Name, string Directory, int TrainImages, int TestImages, int Pixels, IReadOnlyList<ClassCount> Classes,
    int CovarianceRows, double EffectiveRank, double TotalVariance, IReadOnlyList<double> TopEigenvalues, int D, double ExplainedFraction, double EffectiveRankTopD)
{
    /// <summary>Summarises Fashion-MNIST; the covariance uses the first <paramref name="covarianceRows"/> training images.</summary>
    public static DataSetSummary FashionMnist(string? dataDirectory, int d, int top, int covarianceRows)
    {
        Require.InRange("d", d, 1, Readers.FashionMnist.PixelCount);
        Require.InRange("top", top, 1, Readers.FashionMnist.PixelCount);
        Require.AtLeast("max-rows", covarianceRows, 2);
        string dir = Readers.FashionMnist.Resolve(dataDirectory);
        var train = Readers.FashionMnist.Load(DataSplit.Train, dir);
        var test = Readers.FashionMnist.Load(DataSplit.Test, dir);
        var htr = Readers.FashionMnist.Histogram(train.Labels);
        var hte = Readers.FashionMnist.Histogram(test.Labels);
        var classes = Enumerable.Range(0, htr.Length).Select(c => new ClassCount(c, Readers.FashionMnist.ClassName(c), htr[c], hte[c])).ToArray();
        var pcs = PrincipalComponents.Fit(train.Images, d, covarianceRows);
        var lambda = pcs.Eigenvalues;
        return new DataSetSummary(Readers.FashionMnist.Name, dir, train.Count, test.Count, train.Images.Cols, classes, pcs.Rows,
            pcs.EffectiveRank, lambda.Sum(), lambda.Take(top).ToArray(), d, pcs.ExplainedFraction(d), PrincipalComponents.EffectiveRankOf(lambda.Take(d).ToArray()));
    }
}
