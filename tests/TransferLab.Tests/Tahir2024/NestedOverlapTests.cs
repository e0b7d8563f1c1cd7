using TransferLab.Data;
using TransferLab.Numerics;
using TransferLab.Theory.Tahir2024;

namespace TransferLab.Tests.Tahir2024;

/// <summary>The overlap of every prefix sub-teacher from one nested factor, against the general projection on each sub-teacher's own kernel.</summary>
public class NestedOverlapTests
{
    [Fact]
    public void EveryPrefixMatchesTheProjectionOnItsOwnKernel()
    {
        var target = ReluTeacher.Random(9, 24, new Rng(31));
        int[] kept = [1, 5, 12, 23, 24];
        var nested = ReluFeatureOverlap.ForTargetPrefixes(target, kept);
        double total = ReluFeatureOverlap.NormSquared(target);
        for (int i = 0; i < kept.Length; i++)
        {
            var own = ReluFeatureOverlap.Compute(target.Subset(kept[i]).Neurons, target);
            Assert.Equal(total, nested[i].TargetNormSquared, 1e-13 * total);
            Assert.Equal(own.ProjectedNormSquared, nested[i].ProjectedNormSquared, 1e-9 * total);
            Assert.Equal(own.OutOfSpanNormSquared, nested[i].OutOfSpanNormSquared, 1e-9 * total);
        }
        // The whole teacher spans itself (up to the 1e-10 ridge).
        Assert.True(nested[^1].OutOfSpanNormSquared < 1e-8 * total);
        // More kept neurons, larger span: ‖P f_t‖² does not decrease.
        for (int i = 1; i < kept.Length; i++) Assert.True(nested[i].ProjectedNormSquared >= nested[i - 1].ProjectedNormSquared);
    }

    [Fact]
    public void OnePrefixEqualsItsEntryInALongerListBitForBit()
    {
        var target = ReluTeacher.Random(6, 15, new Rng(2));
        var many = ReluFeatureOverlap.ForTargetPrefixes(target, [3, 8, 15]);
        var one = ReluFeatureOverlap.ForTargetPrefixes(target, [8]);
        Assert.Equal(many[1], one[0]);
    }
}
