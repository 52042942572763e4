using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Postfix.Config.Apply;
using Postfix.Testing;

namespace Postfix.Config.Tests.Apply;

/// <summary>The change set's preview is a real unified diff: GNU <c>patch</c> turns the old file into the new one with it.</summary>
public sealed class UnifiedDiffTests
{
    private static readonly string[] Lines = ["a\n", "b\n", "c\n", "smtp inet n - y - - smtpd\n", "# comment\n", "\n", "x = 1\n", "  -o y=2\n"];

    [Fact]
    public void ToUnifiedDiff_RandomEdits_RealPatchReproducesTheNewFileByteForByte()
    {
        RealPostfix.Require("patch");
        var dir = Directory.CreateTempSubdirectory("pfnet-diff");
        try
        {
            var text = Gen.Elements(Lines).ListOf().Select(l => string.Concat(l));
            var noFinalNewline = Gen.Elements(true, false, false, false);
            var file = Gen.Zip(text, noFinalNewline).Select(t => t.Item2 && t.Item1.Length > 0 ? t.Item1[..^1] : t.Item1);
            Prop.ForAll(Arb.From(Gen.Zip(file, file)), pair =>
            {
                var (before, after) = pair;
                var diff = new FileChange("/etc/postfix/main.cf", Encoding.ASCII.GetBytes(before), Encoding.ASCII.GetBytes(after)).ToUnifiedDiff();
                if (before == after)
                {
                    Assert.Equal(string.Empty, diff);
                    return;
                }

                var target = Path.Combine(dir.FullName, "main.cf");
                File.WriteAllText(target, before, Encoding.ASCII);
                var patched = Tool.Run("patch", ["--quiet", "--force", "--no-backup-if-mismatch", "-r", "-", target], Encoding.ASCII.GetBytes(diff));
                Assert.True(patched.ExitCode == 0, $"diff:\n{diff}\npatch: {patched}");
                Assert.Equal(after, File.ReadAllText(target, Encoding.ASCII));
            }).QuickCheckThrowOnFailure();
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
