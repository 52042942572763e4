using System.Text;
using Postfix.Testing;

namespace Postfix.Cli.Tests.Postmap;

/// <summary>
/// postfix-net postmap against the real postmap on generated texthash tables (quoting, case, duplicates, continuation
/// lines, comments, CRLF, NUL and non-UTF-8 bytes), with and without SMTPUTF8, -f and -r, single keys and -q -.
/// </summary>
public sealed class PostmapTexthashDifferentialTests
{
    private static readonly string[] Fragments =
    [
        "k", "K", "key", "Key@Example.COM", "user@example.com", "\"a b\"", "\"", "\\", " ", "  ", "\t", "\r", "\n", "\n", "\n",
        "\n", "\n", "\n ", "\n\t", "\n#c\n", "#", ":", "v", "value", "OK", "REJECT x", "\u00e9", "\u00c9", "\u00df", "\u03a3", "\v",
    ];

    private static readonly string[] Keys =
    [
        "k", "K", "key", "KEY", "key@example.com", "\"a b\"", "\\", "k:", ":", "user@example.com", "\u00e9", "\u00c9", "ss", "\u00df",
        "\u03c3", "v", "k\r", "\"a", "nosuch",
    ];

    public static TheoryData<int, bool, string> Cases()
    {
        var data = new TheoryData<int, bool, string>();
        foreach (var flags in new[] { string.Empty, "-f", "-r", "-w" })
        {
            data.Add(1, false, flags);
            data.Add(2, true, flags);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task QueryStdin_GeneratedTables_SameAsPostmap(int seed, bool smtputf8, string flags)
    {
        RealPostfix.Require("postmap");
        using var ws = new PostmapWorkspace(smtputf8);
        var random = new Random((seed * 31) + flags.Length);
        var keys = Encoding.UTF8.GetBytes(string.Join('\n', Keys) + "\n");
        for (var t = 0; t < 12; t++)
        {
            var table = Generate(random);
            var path = ws.Write("t.txt", table);
            var args = new List<string> { "-c", ws.ConfigDirectory };
            if (flags.Length > 0)
            {
                args.Add(flags);
            }

            await PostmapWorkspace.AssertSameAsync([.. args, "-q", "-", "texthash:" + path], keys, Show(table));
            await PostmapWorkspace.AssertSameAsync([.. args, "-s", "texthash:" + path], null, Show(table));
            var key = Keys[random.Next(Keys.Length)];
            await PostmapWorkspace.AssertSameAsync([.. args, "-q", key, "texthash:" + path], null, Show(table));
        }
    }

    [Fact]
    public async Task Query_NulAndBadUtf8_SameAsPostmap()
    {
        RealPostfix.Require("postmap");
        foreach (var utf8 in new[] { false, true })
        {
            using var ws = new PostmapWorkspace(utf8);
            byte[] table = [.. "k v\0junk\nk\0x y\nb"u8, 0xff, .. " z\n"u8, 0xc3, .. "A val\n \0 cont\n"u8];
            var path = ws.Write("nul.txt", table);
            byte[] keys = [.. "k\nb"u8, 0xff, .. "\n"u8, 0xc3, .. "a\nk\0tail\n"u8];
            await PostmapWorkspace.AssertSameAsync(["-c", ws.ConfigDirectory, "-q", "-", "texthash:" + path], keys);
            await PostmapWorkspace.AssertSameAsync(["-c", ws.ConfigDirectory, "-q", "k", "texthash:" + path]);
            await PostmapWorkspace.AssertSameAsync(["-c", ws.ConfigDirectory, "-s", "texthash:" + path]);
        }
    }

    [Fact]
    public async Task Query_Errors_SameAsPostmap()
    {
        RealPostfix.Require("postmap");
        using var ws = new PostmapWorkspace();
        var path = ws.Write("t.txt", "a 1\n"u8.ToArray());
        var etc = ws.ConfigDirectory;
        await PostmapWorkspace.AssertSameAsync(["-c", etc, "-q", "x", "texthash:" + Path.Combine(ws.Root, "missing")]);
        await PostmapWorkspace.AssertSameAsync(["-c", etc, "-q", "x", "nosuchtype:" + path]);
        await PostmapWorkspace.AssertSameAsync(["-c", etc, "-q", "x", "texthash:"]);
        await PostmapWorkspace.AssertSameAsync(["-c", etc, "-q", "x", "texthash:" + path, "texthash:"]);
        await PostmapWorkspace.AssertSameAsync(["-c", etc, "-q", "a", "-s", "texthash:" + path]);
        await PostmapWorkspace.AssertSameAsync(["-c", etc, "-s", "-q", "a", "texthash:" + path]);
        await PostmapWorkspace.AssertSameAsync(["-c", Path.Combine(ws.Root, "noconf"), "-q", "a", "texthash:" + path]);
        await PostmapWorkspace.AssertSameAsync(["-c", etc, "-q", "a", "texthash:" + Path.Combine(ws.Root, "missing"), "texthash:" + path]);
        await PostmapWorkspace.AssertSameAsync(["-c", etc, "-q", "a", "texthash:" + path, "texthash:" + Path.Combine(ws.Root, "missing")]);
        await PostmapWorkspace.AssertSameAsync(["-c", etc, "-q", "-", "texthash:" + path, "texthash:" + path], "b\na\n"u8.ToArray());
        await PostmapWorkspace.AssertSameAsync(["-c", etc, "-q", "-", "texthash:" + Path.Combine(ws.Root, "missing")], []);
    }

    private static byte[] Generate(Random random)
    {
        var sb = new StringBuilder();
        var n = random.Next(0, 40);
        for (var i = 0; i < n; i++)
        {
            sb.Append(Fragments[random.Next(Fragments.Length)]);
        }

        var bytes = Encoding.UTF8.GetBytes(sb.ToString()).ToList();
        if (random.Next(6) == 0 && bytes.Count > 0)
        {
            bytes.Insert(random.Next(bytes.Count), 0xff);
        }

        return [.. bytes];
    }

    private static string Show(byte[] table) => string.Join(' ', table.Select(b => b is >= 0x21 and < 0x7f ? ((char)b).ToString() : $"\\x{b:x2}"));
}
