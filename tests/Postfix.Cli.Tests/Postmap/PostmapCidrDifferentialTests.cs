using System.Globalization;
using System.Net;
using System.Text;
using Postfix.Testing;

namespace Postfix.Cli.Tests.Postmap;

/// <summary>
/// postfix-net postmap against the real postmap on generated cidr tables: IPv4 and IPv6 networks at edge prefix lengths,
/// bracket forms, negation, nested if/endif, bad patterns and host bits, queried with keys at and around every
/// network boundary (batched through -q -).
/// </summary>
public sealed class PostmapCidrDifferentialTests
{
    private static readonly int[] V4Prefixes = [0, 1, 7, 8, 9, 15, 16, 17, 23, 24, 25, 30, 31, 32];
    private static readonly int[] V6Prefixes = [0, 1, 16, 31, 32, 33, 48, 63, 64, 65, 96, 112, 120, 127, 128];

    private static readonly string[] OddPatterns =
    [
        "1.2.3", "01.2.3.4", "1.2.3.4/33", "/8", "[1.2.3.4", "[1.2.3.4]x", "1.2.3.4/", "1.2.3.4/288", "1.2.3.4/256", "10.0.0.0/99999999999999999999",
        "1.2.3.4/08", "::1::2", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7::", "::ffff:1.2.3.4", "::1.2.3.4", "[::1]/128", "[2001:db8::/32]",
        "2001:DB8::/32", "2001:db8:0:0:0:0:0:0/32", "fe80::1%eth0", "1.2.3.4/-1", "256.1.1.1", "1.2.3.4.5", "[1.2.3.4]", "[1.2.3.0/24]",
        "12345::", "1:2:3:4:5:6:1.2.3.4", "::ffff:1.2.3.4/96", "0.0.0.0/0", "::/0", "if", "endif",
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task QueryStdin_GeneratedTables_SameAsPostmap(int seed)
    {
        RealPostfix.Require("postmap");
        using var ws = new PostmapWorkspace();
        var random = new Random(seed);
        for (var t = 0; t < 6; t++)
        {
            var keys = new List<string>();
            var table = Generate(random, keys);
            var path = ws.Write("t.cidr", Encoding.UTF8.GetBytes(table));
            keys.AddRange(["not-an-ip", "1.2.3", "::", "::1", "0.0.0.0", "255.255.255.255", "[1.2.3.4]", "01.2.3.4", "1.2.3.4 ", "::ffff:10.0.0.1"]);
            var stdin = Encoding.UTF8.GetBytes(string.Join('\n', keys) + "\n");
            await PostmapWorkspace.AssertSameAsync(["-c", ws.ConfigDirectory, "-q", "-", "cidr:" + path], stdin, table);
            await PostmapWorkspace.AssertSameAsync(["-c", ws.ConfigDirectory, "-q", keys[random.Next(keys.Count)], "cidr:" + path], null, table);
        }
    }

    [Fact]
    public async Task Query_CorpusAndErrors_SameAsPostmap()
    {
        RealPostfix.Require("postmap");
        using var ws = new PostmapWorkspace();
        var corpus = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "postmap", "access.cidr"));
        var path = ws.Write("access.cidr", corpus);
        var keys = "192.0.2.200\n198.51.100.7\n2001:db8::1\n10.1.2.3\n203.0.113.5\nnot-an-ip\n"u8.ToArray();
        await PostmapWorkspace.AssertSameAsync(["-c", ws.ConfigDirectory, "-q", "-", "cidr:" + path], keys);
        await PostmapWorkspace.AssertSameAsync(["-c", ws.ConfigDirectory, "-s", "cidr:" + path]);
        await PostmapWorkspace.AssertSameAsync(["-c", ws.ConfigDirectory, "-q", "1.2.3.4", "cidr:" + Path.Combine(ws.Root, "missing")]);
        var bad = ws.Write("bad.cidr", "300.1.1.1/8 OK\n192.168.2.1/24 x\n10.0.0.2\nendif\nif 10.0.0.0/8\nendif junk\n \tindented\nif !10.0.0.0/8\n"u8.ToArray());
        await PostmapWorkspace.AssertSameAsync(["-c", ws.ConfigDirectory, "-q", "1.2.3.4", "cidr:" + bad]);
    }

    private static string Generate(Random random, List<string> keys)
    {
        var sb = new StringBuilder();
        var depth = 0;
        var n = random.Next(3, 14);
        for (var i = 0; i < n; i++)
        {
            var roll = random.Next(20);
            if (roll == 0)
            {
                sb.Append(OddPatterns[random.Next(OddPatterns.Length)]).Append(" odd").Append(i).Append('\n');
                continue;
            }

            var v6 = random.Next(3) == 0;
            var (pattern, network, prefix) = Network(random, v6);
            AddKeys(random, keys, network, prefix);
            var neg = random.Next(5) == 0 ? "!" : string.Empty;
            if (roll <= 2)
            {
                sb.Append(random.Next(2) == 0 ? "if " : "IF\t").Append(neg).Append(pattern).Append('\n');
                depth++;
                continue;
            }

            if (roll == 3 && depth > 0)
            {
                sb.Append(random.Next(2) == 0 ? "endif\n" : "ENDIF \n");
                depth--;
                continue;
            }

            sb.Append(neg).Append(pattern).Append(random.Next(2) == 0 ? "\t" : "   ").Append("result-").Append(i).Append(random.Next(4) == 0 ? " \r" : string.Empty).Append('\n');
        }

        while (depth-- > 0 && random.Next(3) != 0)
        {
            sb.Append("endif\n");
        }

        return sb.ToString();
    }

    private static (string Pattern, byte[] Network, int Prefix) Network(Random random, bool v6)
    {
        var bytes = new byte[v6 ? 16 : 4];
        random.NextBytes(bytes);
        if (v6 && random.Next(2) == 0)
        {
            Array.Clear(bytes, 4, 10);
        }

        var prefixes = v6 ? V6Prefixes : V4Prefixes;
        var prefix = prefixes[random.Next(prefixes.Length)];
        var hostBits = random.Next(6) == 0;
        if (!hostBits)
        {
            Mask(bytes, prefix);
        }

        var text = new IPAddress(bytes).ToString();
        var full = prefix == bytes.Length * 8 && random.Next(2) == 0;
        var pattern = random.Next(6) switch
        {
            0 when !full => "[" + text + "]/" + prefix.ToString(CultureInfo.InvariantCulture),
            1 when !full => "[" + text + "/" + prefix.ToString(CultureInfo.InvariantCulture) + "]",
            2 when full => "[" + text + "]",
            _ => full ? text : text + "/" + prefix.ToString(CultureInfo.InvariantCulture),
        };
        var network = (byte[])bytes.Clone();
        Mask(network, prefix);
        return (pattern, network, prefix);
    }

    private static void AddKeys(Random random, List<string> keys, byte[] network, int prefix)
    {
        var first = (byte[])network.Clone();
        var last = (byte[])network.Clone();
        for (var bit = prefix; bit < network.Length * 8; bit++)
        {
            last[bit / 8] |= (byte)(0x80 >> (bit % 8));
        }

        keys.Add(new IPAddress(first).ToString());
        keys.Add(new IPAddress(last).ToString());
        keys.Add(new IPAddress(Step(first, -1)).ToString());
        keys.Add(new IPAddress(Step(last, 1)).ToString());
        if (network.Length == 16 && random.Next(2) == 0)
        {
            keys.Add(Expanded(first));
        }
    }

    private static string Expanded(byte[] b) =>
        string.Join(':', Enumerable.Range(0, 8).Select(i => ((b[2 * i] << 8) | b[(2 * i) + 1]).ToString("X4", CultureInfo.InvariantCulture)));

    private static byte[] Step(byte[] address, int delta)
    {
        var r = (byte[])address.Clone();
        for (var i = r.Length - 1; i >= 0; i--)
        {
            var v = r[i] + delta;
            r[i] = (byte)v;
            if (v is >= 0 and <= 255)
            {
                break;
            }
        }

        return r;
    }

    private static void Mask(byte[] bytes, int prefix)
    {
        for (var bit = prefix; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }
    }
}
