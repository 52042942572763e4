using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Postfix.Config.Tests.Tables.Aliases;

/// <summary>Generators of aliases files built from the fragments that matter to postalias's tokeniser.</summary>
internal static class AliasGen
{
    public static readonly string[] Names =
    [
        "root", "Root", "POSTMASTER", "postmaster", "\"odd name\"", "\"With:Colon\"", "a.b", "a . b", "user@dom", "x%y", "no\\ space", "k",
        "K", "\u00e9t\u00e9", "\u00c9T\u00c9", "STRASSE", "stra\u00dfe", "(c) c", "\"\"", "list-owner", "a\\:b", "\"q\\\"x\"",
    ];

    private static readonly string[] Values =
    [
        "admin@example.com", "Admin@Example.COM", "|\"/usr/bin/cmd arg\"", "|/bin/true", "/var/mail/x", ":include:/etc/list", "(comment)",
        "Name <addr@x>", "[1.2.3.4]", "\"a b\"@example.com", "user", "\\", "\"", "a\\ b", "\u00e9", "x;y", "a!b",
    ];

    private static readonly string[] Glue = [", ", ",", " , ", " ", "\t", ",\n\t", "\n ", "\n#c\n ", "\n\n\t", ": ", ":", "\r"];

    /// <summary>One realistic line (or a broken one), without its line ending.</summary>
    public static Gen<string> Line() =>
        Gen.Frequency(
            (8, from name in Gen.Elements(Names)
                from colon in Gen.Elements(":", ": ", " : ", ":\t", " :")
                from values in Gen.Elements(Values).NonEmptyListOf()
                from glue in Gen.Elements(Glue).ListOf(values.Count)
                select name + colon + string.Concat(values.Zip(glue, (v, g) => v + g)).TrimEnd('\n', ' ', '\t', '\r')),
            (1, Gen.Elements("# comment", string.Empty, "   ", "bad", "a, b: c", ": x", "k:", " indented: x", "\t\tcont", "root: \"\"", "k: \\")));

    /// <summary>A whole file: lines joined with LF or CRLF, with or without a final newline.</summary>
    public static Gen<byte[]> File() =>
        from lines in Line().NonEmptyListOf()
        from crlf in Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true)))
        from final in Gen.Frequency((4, Gen.Constant(true)), (1, Gen.Constant(false)))
        let ending = crlf ? "\r\n" : "\n"
        select Encoding.UTF8.GetBytes(string.Join(ending, lines) + (final ? ending : string.Empty));

    /// <summary>Arbitrary alias-like bytes: fragments, line breaks and bytes that are not UTF-8.</summary>
    public static Gen<byte[]> Bytes()
    {
        var fragment = Gen.Frequency(
            (20, Gen.Elements(Names.Concat(Values).Concat(Glue).Concat(["\n", "\n", "\0", "(", ")", "[", "]", "\"", "@", "%", "\v"]).ToArray()).Select(s => Encoding.UTF8.GetBytes(s))),
            (1, Gen.Elements<byte[]>([0xff], [0xc3], [0xe2, 0x82])));
        return fragment.ListOf().Select(list => list.SelectMany(b => b).ToArray());
    }
}
