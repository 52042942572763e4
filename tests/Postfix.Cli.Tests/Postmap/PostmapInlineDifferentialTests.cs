using Postfix.Testing;

namespace Postfix.Cli.Tests.Postmap;

/// <summary>postfix-net postmap against the real postmap on inline: and static: tables (values as written in main.cf).</summary>
public sealed class PostmapInlineDifferentialTests
{
    public static TheoryData<string> Tables() =>
    [
        "inline:{a=1, b=2, {c = 3 4}}",
        "inline:{ a=1, a=2 }",
        "inline:{A=4}",
        "inline:{ {a = 1 2 } , \"b c\"=3, A=4 }",
        "inline:{ \"q k\"=1 }",
        "inline:{{\"q k\"=1}}",
        "inline:{}",
        "inline:{ }",
        "inline:{a}",
        "inline:{a=1",
        "inline:{a=1}x",
        "inline:{{a=1}",
        "inline:{{a=1}x}",
        "inline:{ =1 }",
        "inline:{a==b, b= }",
        "inline:{ {b} }",
        "inline:{a\\=b=c}",
        "inline:{K\u00c9Y=v, k\u00e9y=w}",
        "static:fixed value",
        "static:{ x y }",
        "static:{x",
        "static:{}",
        "static:{ a } b",
        "static:",
        "inline:",
    ];

    [Theory]
    [MemberData(nameof(Tables))]
    public async Task Query_InlineAndStatic_SameAsPostmap(string table)
    {
        RealPostfix.Require("postmap");
        foreach (var utf8 in new[] { false, true })
        {
            using var ws = new PostmapWorkspace(utf8);
            await PostmapWorkspace.AssertSameAsync(["-c", ws.ConfigDirectory, "-q", "-", table], "a\nA\nb\nc\nq k\n\"q k\"\nk\u00e9y\nkey\nx\n"u8.ToArray());
            await PostmapWorkspace.AssertSameAsync(["-c", ws.ConfigDirectory, "-q", "a", table]);
            await PostmapWorkspace.AssertSameAsync(["-c", ws.ConfigDirectory, "-fq", "A", table]);
            if (table.StartsWith("inline:", StringComparison.Ordinal))
            {
                await PostmapWorkspace.AssertSameAsync(["-c", ws.ConfigDirectory, "-s", table]);
            }
        }
    }
}
