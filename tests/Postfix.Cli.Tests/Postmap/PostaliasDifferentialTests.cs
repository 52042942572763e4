using System.IO.Abstractions;
using System.Text;
using Postfix.Testing;

namespace Postfix.Cli.Tests.Postmap;

/// <summary>
/// postfix-net postalias against the real postalias: the database is built by the real postalias (no flags, as
/// newaliases does) and both answer -q KEY, -q - and -s with the query flags -f, -N, -n, -u. -q output, stderr and exit
/// status must be byte-identical; -s is compared as a set without the YP_* lines (see the deviation list).
/// </summary>
public sealed class PostaliasDifferentialTests
{
    private const string Aliases =
        "# system aliases\nRoot: admin@example.com,\n\tother@example.com\n\"odd name\": x\nbad\nuser@dom: y\nfoo: a\nFOO: b\n" +
        "pipe: |\"/usr/bin/x arg\", /var/mail/f, :include:/etc/inc\nesc: a\\ b, \"q\\\"x\", [1.2.3.4], (c) d\nempty: \"\"\n" +
        "k:\n,x: y\na.b (cmt) : v\n\u00c9T\u00c9: \u00e9\nlist: Name <list@example.com>, \\\n";

    private static readonly string[] Keys = ["root", "ROOT", "odd name", "foo", "pipe", "esc", "empty", "@", "a.b (cmt)", "a.b", "\u00e9t\u00e9", "list", "nosuch", "yp_master_name", ""];

    [Theory]
    [InlineData("", false)]
    [InlineData("-f", false)]
    [InlineData("-N", false)]
    [InlineData("-n", false)]
    [InlineData("", true)]
    [InlineData("-f", true)]
    [InlineData("-u", true)]
    public async Task Query_BuiltByPostalias_SameAsPostalias(string flag, bool smtputf8)
    {
        RealPostfix.Require("postalias");
        using var ws = new PostmapWorkspace(smtputf8);
        var path = ws.Write("aliases", Encoding.UTF8.GetBytes(Aliases));
        var built = await Tool.RunAsync(Tool.Find("postalias")!, ["-c", ws.ConfigDirectory, "hash:" + path], []);
        Assert.Equal(0, built.ExitCode);
        string[] flags = flag.Length == 0 ? ["-c", ws.ConfigDirectory] : ["-c", ws.ConfigDirectory, flag];
        await AssertSameAsync([.. flags, "-q", "-", "hash:" + path], Encoding.UTF8.GetBytes(string.Join('\n', Keys) + "\n"));
        foreach (var key in new[] { "root", "Root", "empty", "nosuch", "@" })
        {
            await AssertSameAsync([.. flags, "-q", key, path]);
        }

        await AssertSameAsync([.. flags, "-q", "x", "hash:" + path + ".missing", "hash:" + path]);
        var real = await RunRealAsync([.. flags, "-s", "hash:" + path]);
        var ours = await RunOursAsync([.. flags, "-s", "hash:" + path]);
        Assert.Equal(real.ExitCode, ours.ExitCode);
        Assert.Equal(Lines(real.Stdout).Where(l => !l.StartsWith("YP_", StringComparison.Ordinal)).Order(StringComparer.Ordinal), Lines(ours.Stdout).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Query_TexthashTable_SameAsPostalias()
    {
        RealPostfix.Require("postalias");
        using var ws = new PostmapWorkspace();
        var path = ws.Write("t", "k v\nK dup\nroot: x\n"u8.ToArray());
        await AssertSameAsync(["-c", ws.ConfigDirectory, "-q", "-", "texthash:" + path], "k\nroot:\nroot\n"u8.ToArray());
        await AssertSameAsync(["-c", ws.ConfigDirectory, "-r", "-q", "k", "texthash:" + path]);

        // postmap prints the duplicate key as written, not folded (both the one-pass scan and the built table).
        await PostmapWorkspace.AssertSameAsync(["-c", ws.ConfigDirectory, "-q", "k", "texthash:" + path]);
        await PostmapWorkspace.AssertSameAsync(["-c", ws.ConfigDirectory, "-q", "-", "texthash:" + path], "k\n"u8.ToArray());
    }

    private static string[] Lines(byte[] bytes) => Encoding.UTF8.GetString(bytes).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static async Task<ToolResult> RunRealAsync(IEnumerable<string> args, byte[]? stdin = null) =>
        await Tool.RunAsync(Tool.Find("postalias")!, args, stdin ?? [], new Dictionary<string, string> { ["NORANDOMIZE"] = "1" });

    private static async Task<ToolResult> RunOursAsync(IEnumerable<string> args, byte[]? stdin = null)
    {
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        var context = new CliContext(new MemoryStream(stdin ?? []), stdout, stderr, new FileSystem(), _ => null, CancellationToken.None);
        var code = await CliApplication.RunAsync(["postalias", .. args], context);
        await context.Out.FlushAsync();
        await context.Error.FlushAsync();
        return new ToolResult(code, stdout.ToArray(), stderr.ToArray());
    }

    private static async Task AssertSameAsync(IEnumerable<string> args, byte[]? stdin = null)
    {
        var list = args.ToList();
        var real = await RunRealAsync(list, stdin);
        var ours = await RunOursAsync(list, stdin);
        Assert.True(
            real.ExitCode == ours.ExitCode && real.Stdout.SequenceEqual(ours.Stdout) && real.Stderr.SequenceEqual(ours.Stderr),
            $"postalias {string.Join(' ', list)} differs\n--- real:\n{real}\n--- ours:\n{ours}");
    }
}
