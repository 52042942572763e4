using System.Text;
using Postfix.Testing;

namespace Postfix.Config.Tests.MasterCf;

/// <summary>
/// The one list of deliberate deviations from postconf's edits (see docs/mastercf.md). Each case must still differ
/// from the real postconf in our public edit while our exact emulation matches it: the test fails if postconf
/// starts to agree (then the deviation is obsolete) or the emulation drifts.
/// </summary>
public sealed class PostconfMasterDeviationTests
{
    public static TheoryData<string, string, string> Deviations() => new()
    {
        // input, -Pe request, reason
        { "x unix - n n - - pipe flags=R argv=/bin/x {} { } a\n", "x/unix/a=b", "postconf writes empty arguments as nothing" },
        { "x unix - n n - - pipe {a b} c\n", "x/unix/a=b", "postconf drops the braces of the first non-option argument" },
        { "x unix - n n - - pipe flags=R {{a}}\n", "x/unix/a=b", "postconf prints an extracted {a} without re-quoting" },
        { "x unix - n n - - smtp -o {} -o a=1\n", "x/unix/b=2", "postconf writes an empty -o value as nothing" },
    };

    [Theory]
    [MemberData(nameof(Deviations))]
    public async Task Edit_ListedDeviation_StillDiffersFromPostconfAndExactModeMatches(string input, string request, string reason)
    {
        RealPostfix.Require("postconf");
        var bytes = Encoding.UTF8.GetBytes(input);
        await PostconfMasterDifferentialTests.AssertSameAsync(bytes, ["-Pe", request]);
        using var real = RealPostconf.Create(bytes);
        await real.RunAsync("-Pe", request);
        var ours = PostconfRunner.Run(bytes, real.Directory, ["-Pe", request], preserveArguments: true);
        Assert.True(!real.Read().SequenceEqual(ours.NewFile!), "deviation no longer needed: " + reason);

        // What we write means what the input meant: the real postconf reads the same arguments from both.
        real.Write(bytes);
        var before = (await real.RunAsync("-F", "x/unix/command")).StdoutText;
        real.Write(ours.NewFile!);
        var after = (await real.RunAsync("-F", "x/unix/command")).StdoutText;
        Assert.Contains(before.TrimEnd('\n').Split(' ').Last(), after, StringComparison.Ordinal);
    }
}
