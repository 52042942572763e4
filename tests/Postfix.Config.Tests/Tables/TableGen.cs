using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Postfix.Config.Tests.Tables;

/// <summary>Generators of table sources built from the fragments that matter to Postfix's parsers.</summary>
internal static class TableGen
{
    private static readonly string[] TexthashFragments =
    [
        "k", "K", "key", "Key@Example.COM", "user@example.com", "\"a b\"", "\"", "\\", "\\ ", " ", "  ", "\t", "\r", "\n", "\n",
        "\n", "\n ", "\n\t", "\n#c\n", "#", ":", "v", "value", "OK", "REJECT x", "\u00e9", "\u00c9", "\u00df", "\u03a3", "\0", "\v", "\f",
    ];

    private static readonly byte[][] RawFragments = [[0xff], [0xc3], [0xe2, 0x82], [0xc0, 0xaf], [0xed, 0xa0, 0x80]];

    /// <summary>Arbitrary texthash-like sources: mostly fragments, sometimes bytes that are not UTF-8.</summary>
    public static Gen<byte[]> TexthashBytes()
    {
        var fragment = Gen.Frequency(
            (20, Gen.Elements(TexthashFragments).Select(s => Encoding.UTF8.GetBytes(s))),
            (1, Gen.Elements(RawFragments)));
        return fragment.ListOf().Select(list => list.SelectMany(b => b).ToArray());
    }

    /// <summary>Keys to query: the words of the fragments plus case variants.</summary>
    public static Gen<string> Keys() =>
        Gen.Elements("k", "K", "key", "KEY", "key@example.com", "\"a b\"", "\\", "k:", ":", "user@example.com", "\u00e9", "\u00c9", "ss", "\u00df", "\u03c3", "v");
}
