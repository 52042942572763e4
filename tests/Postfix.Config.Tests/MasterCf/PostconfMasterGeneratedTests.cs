using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Postfix.Config.MasterCf;
using Postfix.Testing;

namespace Postfix.Config.Tests.MasterCf;

/// <summary>
/// Generated master.cf files (random fields, both -o forms, brace arguments, inner comments, IPv6 names, CRLF, no
/// final newline) through the real postconf and the library's exact emulation: displays and edits byte for byte.
/// Few cases, because each one starts real processes.
/// </summary>
public sealed class PostconfMasterGeneratedTests
{
    private static readonly string[] EditForms =
    [
        "-Pe {0}/syslog_name=x", "-PX {0}/inet_protocols", "-Fe {0}/command=smtp -o a=b {{ c d }} {{}}", "-Fe {0}/chroot=y",
        "-Me {0}={1} unix - - n - - x -o {{ a = b }}", "-MX {0}", "-M# {0}", "-Pe {0}/smtpd_tls_security_level=may",
    ];

    [Fact]
    public async Task Show_GeneratedFiles_MatchRealPostconf()
    {
        RealPostfix.Require("postconf");
        foreach (var text in Samples(8, seed: 4711))
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            foreach (var mode in new[] { "-Mf", "-F", "-P" })
            {
                await PostconfMasterDifferentialTests.AssertSameAsync(bytes, [mode]);
            }
        }
    }

    [Fact]
    public async Task Edit_GeneratedFiles_MatchRealPostconf()
    {
        RealPostfix.Require("postconf");
        var i = 0;
        foreach (var text in Samples(12, seed: 815))
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            var doc = MasterCfDocument.Parse(bytes);
            var target = doc.Services[i % doc.Services.Count];
            var form = EditForms[i % EditForms.Length];
            var arg = string.Format(System.Globalization.CultureInfo.InvariantCulture, form, target.Name.Text + "/" + target.Type.Text, target.Name.Text);
            var space = arg.IndexOf(' ', StringComparison.Ordinal);
            await PostconfMasterDifferentialTests.AssertSameAsync(bytes, [arg[..space], arg[(space + 1)..]]);
            i++;
        }
    }

    private static List<string> Samples(int count, int seed) =>
        [.. MasterCfGen.File().Sample(30 + seed % 7, count)];
}
