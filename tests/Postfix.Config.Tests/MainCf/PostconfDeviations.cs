using System.Text;
using Postfix.Config.MainCf;
using Postfix.Testing;

namespace Postfix.Config.Tests.MainCf;

/// <summary>
/// The one list of places where our postconf-compatible main.cf edits deliberately differ from Postfix 3.7.11, with
/// the reason. Each case runs the real postconf and fails when 3.7.11 starts to agree with us (then the entry must go).
/// </summary>
public sealed class PostconfDeviations
{
    public static TheoryData<string, string, string[], string> Cases() => new()
    {
        // 3.7.11 glues appended text to a last line without a newline; later releases (and we) add the newline first.
        { "missing final newline, -e appends", "a = 1\n  tail", ["-e", "zeta=1"], "a = 1\n  tail\nzeta = 1\n" },

        // Same fix: later releases give the unterminated last line its newline for every edit.
        { "missing final newline, -X", "a = 1\nb = 2", ["-X", "a"], "b = 2\n" },

        // 3.7.11 copies lines with C string functions and loses everything from a NUL byte on, newline included.
        { "NUL byte in an untouched line", "a = x\0y\nb = 1\n", ["-e", "b=2"], "a = x\0y\nb = 2\n" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Deviation_StillDiffersFromPostfix3711(string reason, string input, string[] args, string ours)
    {
        RealPostfix.Require("postconf");
        var bytes = Encoding.Latin1.GetBytes(input);
        var mode = args[0] switch { "-e" => PostconfEditMode.Set, "-X" => PostconfEditMode.Remove, _ => PostconfEditMode.CommentOut };
        var result = MainCfDocument.Parse(bytes).EditLikePostconf(mode, args[1..]);
        Assert.Equal(ours, Encoding.Latin1.GetString(result.Document.ToBytes()));

        using var pc = RealPostconf.Create(bytes);
        var real = await pc.RunAsync(args);
        Assert.Equal(0, real.ExitCode);
        Assert.False(Encoding.Latin1.GetString(pc.Read()) == ours, $"{reason}: postconf now agrees; remove the deviation");
    }

    [Fact]
    public async Task Deviation_RepeatedRemoveName_Postfix3711Crashes()
    {
        // 3.7.11 formats the "ignoring earlier request" warning with a null value for -X/-# and dies with SIGSEGV;
        // later releases warn only for differing -e values. We follow them: no warning, one removal.
        RealPostfix.Require("postconf");
        var result = MainCfDocument.Parse("a = 1\n").EditLikePostconf(PostconfEditMode.Remove, ["a", "a"]);
        Assert.Empty(result.Warnings());
        Assert.Equal(string.Empty, result.Document.ToString());
        using var pc = RealPostconf.Create(Encoding.Latin1.GetBytes("a = 1\n"));
        var real = await pc.RunAsync("-X", "a", "a");
        Assert.NotEqual(0, real.ExitCode);
    }

    [Fact]
    public async Task Deviation_SeveralAppendedNames_ByteOrder()
    {
        // 3.7.11 appends names not found in the order of a randomly seeded hash table; later releases sort them.
        RealPostfix.Require("postconf");
        var names = Enumerable.Range(0, 12).Select(i => $"n{i:D2}=v").ToArray();
        var ours = Encoding.Latin1.GetString(MainCfDocument.Parse("a = 1\n").EditLikePostconf(PostconfEditMode.Set, names).Document.ToBytes());
        Assert.Equal("a = 1\n" + string.Concat(Enumerable.Range(0, 12).Select(i => $"n{i:D2} = v\n")), ours);
        var differed = false;
        using var pc = RealPostconf.Create(Encoding.Latin1.GetBytes("a = 1\n"));
        for (var attempt = 0; attempt < 3 && !differed; attempt++)
        {
            pc.Write(Encoding.Latin1.GetBytes("a = 1\n"));
            await pc.RunAsync(["-e", .. names]);
            differed = Encoding.Latin1.GetString(pc.Read()) != ours;
        }

        Assert.True(differed, "postconf now appends in byte order; remove the deviation");
    }
}
