using System.Globalization;
using System.Text;

namespace Postfix.Config.Tests.Tables.Database;

/// <summary>The real-postmap runs of TestData/DatabaseTables/*.tsv (escaped columns decoded to bytes).</summary>
internal sealed record CorpusRow(string Id, string Type, string Config, string Etc, string Flags, byte[] Key, byte[] Stdin, byte[] SentQuery, byte[] Stdout, byte[] Stderr, int Rc)
{
    public static readonly string Root = Path.Combine(AppContext.BaseDirectory, "TestData", "DatabaseTables");

    public string KeyText => Encoding.UTF8.GetString(Key);

    public static IEnumerable<CorpusRow> Read(string file)
    {
        var lines = File.ReadAllLines(Path.Combine(Root, file), Encoding.UTF8);
        foreach (var line in lines.Skip(1))
        {
            var f = line.Split('\t');
            yield return new CorpusRow(f[0], f[1], f[2], f[3], f[4], Unescape(f[5]), Unescape(f[6]), Unescape(f[7]), Unescape(f[8]), Unescape(f[9]), int.Parse(f[10], CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Decodes the corpus escaping: \\ \t \n \r \xHH and \u00HH (C1 controls).</summary>
    public static byte[] Unescape(string s)
    {
        var bytes = new List<byte>();
        var plain = new StringBuilder();
        void Flush()
        {
            bytes.AddRange(Encoding.UTF8.GetBytes(plain.ToString()));
            plain.Clear();
        }

        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] != '\\' || i + 1 >= s.Length)
            {
                plain.Append(s[i]);
                continue;
            }

            var c = s[++i];
            switch (c)
            {
                case '\\':
                    plain.Append('\\');
                    break;
                case 't':
                    plain.Append('\t');
                    break;
                case 'n':
                    plain.Append('\n');
                    break;
                case 'r':
                    plain.Append('\r');
                    break;
                case 'x':
                    Flush();
                    bytes.Add(byte.Parse(s.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    i += 2;
                    break;
                case 'u':
                    plain.Append((char)int.Parse(s.AsSpan(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    i += 4;
                    break;
                default:
                    plain.Append('\\').Append(c);
                    break;
            }
        }

        Flush();
        return [.. bytes];
    }
}
