using TransferLab.Numerics;
using TransferLab.Training;

namespace TransferLab.Tests.Models;

/// <summary>
/// One full-batch gradient step of a deep linear network written out layer by layer (right products b_l, β = W₁ b₁,
/// back-propagated u_l, update W_l −= η u_l b_lᵀ): the reference the trained networks are compared with bit for bit.
/// </summary>
internal static class ReferenceDeepLinearStep
{
    public static void Apply(Matrix[] w, EmpiricalSquaredLoss loss, double eta, bool[]? trainable = null)
    {
        int depth = w.Length, d = w[0].Rows;
        var b = new double[depth][];
        b[depth - 1] = [1.0];
        for (int l = depth - 2; l >= 0; l--) b[l] = Enumerable.Range(0, w[l + 1].Rows).Select(i => Vec.Dot(w[l + 1].Row(i), b[l + 1])).ToArray();
        var beta = Enumerable.Range(0, d).Select(i => Vec.Dot(w[0].Row(i), b[0])).ToArray();
        var u = new double[depth][];
        u[0] = new double[d];
        loss.Gradient(beta, u[0]);
        for (int l = 0; l + 1 < depth; l++)
        {
            u[l + 1] = new double[w[l].Cols];
            for (int i = 0; i < w[l].Rows; i++) if (u[l][i] != 0) Vec.Axpy(u[l][i], w[l].Row(i), u[l + 1]);
        }
        for (int l = 0; l < depth; l++)
            if (trainable == null || trainable[l])
                for (int i = 0; i < w[l].Rows; i++) if (u[l][i] != 0) Vec.Axpy(-eta * u[l][i], b[l], w[l].Row(i));
    }
}
