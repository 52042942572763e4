using System.Text;
using Postfix.Crypto.Dh;
using Postfix.Testing;

namespace Postfix.Crypto.Tests.Dh;

internal static class OpensslCheck
{
    /// <summary>Runs <c>openssl dhparam -check -text</c> on the PEM and asserts OpenSSL accepts it and reads the same p and g.</summary>
    public static void AssertAccepted(DhParameters dh)
    {
        var dir = Directory.CreateTempSubdirectory("dhcheck");
        try
        {
            var file = Path.Combine(dir.FullName, "dh.pem");
            File.WriteAllText(file, dh.ToPem());
            var r = Tool.Run("openssl", ["dhparam", "-in", file, "-check", "-noout"]);
            var all = Encoding.UTF8.GetString(r.Stdout) + Encoding.UTF8.GetString(r.Stderr);
            Assert.True(r.ExitCode == 0, all);
            Assert.Contains("DH parameters appear to be ok.", all);
            var der = Tool.Run("openssl", ["dhparam", "-in", file, "-outform", "DER"]);
            Assert.Equal(0, der.ExitCode);
            Assert.Equal(dh.ToDer(), der.Stdout);
        }
        finally
        {
            dir.Delete(true);
        }
    }
}
