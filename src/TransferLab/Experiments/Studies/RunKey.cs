using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using TransferLab.Experiments.Families;
using TransferLab.Numerics;
using TransferLab.Schema;

namespace TransferLab.Experiments.Studies;

/// <summary>
/// Names a study run by what it computes, never by where it sits in a grid: the key hashes the canonical text of
/// (model, computation, every bound parameter value, run seed), and a simulation's run seed derives from the study
/// seed, the grid point's identity and the repetition number. So results do not depend on sweep order, threads or
/// shards, and a grid point shared by two specs is the same run (docs/studies.md, "Keys and seeds").
/// </summary>
public static class RunKey
{
    /// <summary>Version of the identity text; part of every key, so a change of the scheme cannot collide with old keys.</summary>
    public const string Scheme = "transferlab-run/1";

    /// <summary>
    /// The canonical identity of a grid point for one computation: model, computation and every bound value (defaults
    /// included) sorted by name, one <c>name=value</c> per line. The repetitions parameter is left out: it is the
    /// study's, not the run's (a run is one repetition).
    /// </summary>
    public static string Identity(string model, Compute compute, ParameterValues values)
    {
        var sb = new StringBuilder(256);
        sb.Append(Scheme).Append("\nmodel=").Append(model).Append("\ncompute=").Append(StudySpec.Describe(compute)).Append('\n');
        foreach (var (name, text) in values.AsText().OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (text is null || (compute == Compute.Simulate && name == ModelFamily.RepetitionsParameter)) continue;
            sb.Append(name).Append('=').Append(text).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>The run seed of repetition <paramref name="repetition"/> of the grid point with <paramref name="identity"/>.</summary>
    public static ulong RunSeed(ulong studySeed, string identity, int repetition)
    {
        var h = SHA256.HashData(Encoding.UTF8.GetBytes(identity));
        return SeedSequence.Derive(studySeed, BinaryPrimitives.ReadInt64LittleEndian(h), repetition);
    }

    /// <summary>The run's key: 32 hex digits (128 bits) of SHA-256 over the identity and the run seed (none for theory).</summary>
    public static string Key(string identity, ulong? runSeed)
    {
        string text = runSeed is ulong s ? identity + "run-seed=" + s.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n" : identity;
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
    }
}
