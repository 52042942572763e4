using System.Text;
using Postfix.Config.MainCf;
using Postfix.Config.Syntax;
using Postfix.Testing;

namespace Postfix.Config.Tests.MainCf;

/// <summary>
/// <see cref="MainCfDocument.EditLikePostconf"/> against the real <c>postconf -e/-X/-#</c> on generated and corpus
/// files: the resulting files and the warnings, byte for byte. Where 3.7.11 behaves differently on purpose (see
/// <see cref="PostconfDeviations"/>), the comparison is made against what the fixed releases do.
/// </summary>
public sealed class PostconfEditDifferentialTests
{
    public static TheoryData<string> CorpusFiles() => new(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "TestData", "MainCf")).Select(Path.GetFileName)!);

    [Fact]
    public async Task EditLikePostconf_GeneratedDocuments_SameFileAndWarningsAsPostconf()
    {
        RealPostfix.Require("postconf");
        var generator = new MainCfGenerator(4711) { AllowInvalid = true };
        var random = new Random(99);
        using var pc = RealPostconf.Create([]);
        for (var i = 0; i < 120; i++)
        {
            var input = RealPostconf.Bytes(generator.Next());
            var mode = (PostconfEditMode)random.Next(3);
            var count = random.Next(1, 4);
            var args = new List<string>();
            for (var k = 0; k < count; k++)
            {
                var name = generator.NextName();
                if (mode == PostconfEditMode.Set)
                {
                    args.Add(random.Next(3) switch
                    {
                        0 => $"{name}={generator.NextValue()}",
                        1 => $" {name} = {generator.NextValue()} ",
                        _ => $"{name}\t=",
                    });
                }
                else if (!args.Contains(name))
                {
                    // A repeated -X/-# name crashes postconf 3.7.11 (see PostconfDeviations).
                    args.Add(name);
                }
            }

            await CompareAsync(pc, input, mode, args);
        }
    }

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public async Task EditLikePostconf_CorpusFile_SameFileAsPostconf(string file)
    {
        RealPostfix.Require("postconf");
        var input = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "MainCf", file));
        using var pc = RealPostconf.Create(input);
        await CompareAsync(pc, input, PostconfEditMode.Set, ["myhostname = host.example.test", "relayhost = [127.0.0.1]:9", "smtpd_banner = x"]);
        await CompareAsync(pc, input, PostconfEditMode.Remove, ["mynetworks", "smtpd_banner", "smtp"]);
        await CompareAsync(pc, input, PostconfEditMode.CommentOut, ["readme_directory", "compatibility_level", "smtpd_tls_cert_file"]);
    }

    [Fact]
    public async Task EditLikePostconf_SpecExample_SameAsPostconf()
    {
        RealPostfix.Require("postconf");
        var input = RealPostconf.Bytes("# head\nmyhostname = old\n  cont1\n# inner comment\n\n  cont2\nmydomain = d1\nother = x\nmydomain = d2\r\ntail = t\n  tailcont");
        using var pc = RealPostconf.Create(input);
        await CompareAsync(pc, input, PostconfEditMode.Set, ["mydomain = new.example", "zeta=1", "alpha = two words  ", "myhostname=h"]);
        var ours = MainCfDocument.Parse(input).EditLikePostconf(PostconfEditMode.Set, ["mydomain = new.example", "zeta=1", "alpha = two words  ", "myhostname=h"]);
        Assert.Equal(
            "# head\nmyhostname = h\n# inner comment\n\nmydomain = new.example\nother = x\nmydomain = new.example\ntail = t\n  tailcont\nalpha = two words\nzeta = 1\n",
            Encoding.Latin1.GetString(ours.Document.ToBytes()));
        Assert.Equal(["main.cf: multiple entries for \"mydomain\""], ours.Warnings());
    }

    [Fact]
    public void EditLikePostconf_CommentOutAndRemove_MatchSpecExamples()
    {
        var input = MainCfDocument.Parse("a = 1\n  cont\n#c\n  cont2\nb = 2\n");
        Assert.Equal("#a = 1\n#  cont\n#c\n#  cont2\nb = 2\n", input.PostconfCommentOut("a").Document.ToString());
        Assert.Equal("#c\nb = 2\n", input.PostconfRemove("a").Document.ToString());
    }

    internal static async Task CompareAsync(RealPostconf pc, byte[] input, PostconfEditMode mode, IReadOnlyList<string> args)
    {
        var flag = mode switch { PostconfEditMode.Set => "-e", PostconfEditMode.Remove => "-X", _ => "-#" };
        var missingNewline = input.Length > 0 && input[^1] != '\n';

        // Postfix releases with the fix behave on a file without a final newline as 3.7.11 does on the file with it.
        pc.Write(missingNewline ? [.. input, (byte)'\n'] : input);
        var real = await pc.RunAsync([flag, .. args]);
        var realFile = pc.Read();
        var context = $"postconf {flag} {string.Join(' ', args.Select(a => "'" + a + "'"))}\ninput:\n{Encoding.Latin1.GetString(input)}\n{real}";

        var document = MainCfDocument.Parse(input, new MainCfOptions { SourceName = pc.MainCf });
        var ours = document.EditLikePostconf(mode, args);
        Assert.True(real.ExitCode == 0, context);
        var ourFile = ours.Document.ToBytes();

        var appended = mode == PostconfEditMode.Set ? AppendedCount(input, args) : 0;
        var expected = appended > 1 ? SortTail(realFile, appended) : realFile;
        Assert.True(expected.SequenceEqual(ourFile), context + "\nours:\n" + Encoding.Latin1.GetString(ourFile));

        var realWarnings = Encoding.Latin1.GetString(real.Stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Replace(RealPostfix.Postconf + ": warning: ", string.Empty, StringComparison.Ordinal)).ToList();
        var ourWarnings = ours.Warnings().Select(w => MainCfDifferentialTests.Printable(ByteText.FromDisplay(w))).ToList();
        Assert.True(realWarnings.SequenceEqual(ourWarnings), context + "\nour warnings:\n" + string.Join('\n', ourWarnings));
    }

    private static int AppendedCount(byte[] input, IReadOnlyList<string> args)
    {
        var keys = Encoding.Latin1.GetString(input).Split('\n')
            .Where(l => l.Length > 0 && !PostfixCharsIsSpace(l[0]))
            .Select(l => new string(l.TakeWhile(c => c is not (' ' or '\t' or '\r' or '=')).ToArray()))
            .ToHashSet();
        return args.Select(a => PostconfMainEditor.SplitNameValue(a, out var n, out _) is null ? n : null)
            .Where(n => n is not null && !keys.Contains(n)).Distinct().Count();
    }

    private static bool PostfixCharsIsSpace(char c) => c is ' ' or '\t' or '\n' or '\v' or '\f' or '\r';

    private static byte[] SortTail(byte[] file, int lines)
    {
        var text = Encoding.Latin1.GetString(file);
        var all = text.Split('\n').ToList();
        all.RemoveAt(all.Count - 1);
        var head = all.Take(all.Count - lines);
        var tail = all.Skip(all.Count - lines).Order(StringComparer.Ordinal);
        return Encoding.Latin1.GetBytes(string.Join('\n', head.Concat(tail)) + "\n");
    }
}
