using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Postfix.Crypto.Fingerprints;
using Postfix.Crypto.Policy;
using Postfix.Testing;

namespace Postfix.Crypto.Tests.Policy;

/// <summary>Generated table lines read back by the real postmap: the lookup returns exactly our value.</summary>
public sealed class PostmapDifferentialTests
{
    private static readonly Gen<string> Label =
        from length in Gen.Choose(1, 12)
        from chars in Gen.ArrayOf(Gen.Elements("abcdefghijklmnopqrstuvwxyz0123456789".ToCharArray()), length)
        select new string(chars);

    private static readonly Gen<Fingerprint> AnyFingerprint =
        from digest in Gen.Elements(FingerprintDigests.All.ToArray())
        from bytes in Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), FingerprintDigests.Length(digest))
        select new Fingerprint(digest, bytes);

    private static readonly Gen<string> PolicyLine =
        from labels in Gen.ArrayOf(Label, 2)
        from port in Gen.Choose(1, 65535)
        from digest in Gen.Elements(FingerprintDigests.All.ToArray())
        from count in Gen.Choose(1, 3)
        from pins in Gen.ArrayOf(Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), FingerprintDigests.Length(digest)), count)
        select FingerprintPolicy.CreateEntry(Postfix.Config.Tables.Typed.TlsPolicyEntry.NextHopKey(string.Join('.', labels), port), pins.Select(p => new Fingerprint(digest, p))).ToString();

    private static readonly Gen<string> AccessLine =
        from fingerprint in AnyFingerprint
        from action in Gen.Elements("OK", "REJECT revoked client", "DUNNO")
        select ClientCertificateTable.AccessLine(fingerprint, action);

    [Fact]
    public void PolicyAndAccessLines_RealPostmapQuery_ReturnsOurValue()
    {
        RealPostfix.Require("postmap");
        var batch = Gen.ArrayOf(Gen.OneOf(PolicyLine, AccessLine), 40);
        Prop.ForAll(batch.ToArbitrary(), lines => Check(lines)).Check(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(4));
    }

    private static bool Check(string[] lines)
    {
        var unique = lines.GroupBy(l => l.Split(' ')[0], StringComparer.OrdinalIgnoreCase).Select(g => g.First()).ToList();
        var dir = Path.Combine(Path.GetTempPath(), "pfnet-postmap-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        try
        {
            File.WriteAllText(Path.Combine(dir, "main.cf"), string.Empty);
            var table = Path.Combine(dir, "table");
            File.WriteAllText(table, string.Join('\n', unique) + "\n");
            var keys = string.Join('\n', unique.Select(l => l.Split(' ')[0])) + "\n";
            var result = Tool.Run("postmap", ["-c", dir, "-q", "-", "texthash:" + table], Encoding.ASCII.GetBytes(keys));
            var expected = string.Concat(unique.Select(l => l.Split(' ', 2)[0] + "\t" + l.Split(' ', 2)[1] + "\n"));
            Assert.Equal(expected, result.StdoutText);
            return true;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
