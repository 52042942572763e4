using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Postfix.Config.MainCf;

namespace Postfix.Config.Tests.MainCf;

public sealed class MainCfRoundTripTests
{
    private static readonly byte[] Alphabet = Encoding.Latin1.GetBytes(" \t\r\n\n\n#=ab$ {}\v\f\0\u00ef\u00bb\u00bf\u00ff,");

    public static TheoryData<string> CorpusFiles() => new(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "TestData", "MainCf")).Select(Path.GetFileName)!);

    [Property(MaxTest = 500)]
    public void Read_ArbitraryBytes_WritesSameBytes(byte[] bytes)
    {
        AssertRoundTrip(bytes);
    }

    [Property(MaxTest = 1000)]
    public Property Read_SyntaxHeavyBytes_WritesSameBytes()
    {
        var gen = Gen.Elements(Alphabet).ArrayOf();
        return Prop.ForAll(gen.ToArbitrary(), bytes => AssertRoundTrip(bytes));
    }

    [Fact]
    public void Read_GeneratedDocuments_WriteSameBytes()
    {
        var generator = new MainCfGenerator(1234) { AllowInvalid = true };
        for (var i = 0; i < 2000; i++)
        {
            AssertRoundTrip(Encoding.Latin1.GetBytes(generator.Next()));
        }
    }

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void Read_CorpusFile_WritesSameBytes(string file)
    {
        var bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "MainCf", file));
        AssertRoundTrip(bytes);
    }

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void Read_CorpusFileInEveryLineEnding_WritesSameBytes(string file)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "MainCf", file), Encoding.Latin1);
        var lf = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        foreach (var variant in new[] { lf, lf.Replace("\n", "\r\n", StringComparison.Ordinal), lf.TrimEnd('\n'), "\u00ef\u00bb\u00bf" + lf, Mixed(lf) })
        {
            AssertRoundTrip(Encoding.Latin1.GetBytes(variant));
        }
    }

    [Fact]
    public void Read_String_WritesItsUtf8Bytes()
    {
        var text = "myhostname = caf\u00e9.example\r\n  # inner\n\tcont";
        var document = MainCfDocument.Parse(text);
        Assert.Equal(Encoding.UTF8.GetBytes(text), document.ToBytes());
        Assert.Equal(text, document.ToString());
    }

    [Fact]
    public void Read_Stream_WritesSameBytes()
    {
        var bytes = Encoding.Latin1.GetBytes("a = 1\r\nb=\u00ff\0x\n  c");
        using var stream = new MemoryStream(bytes);
        var document = MainCfDocument.Load(stream);
        using var output = new MemoryStream();
        document.Save(output);
        Assert.Equal(bytes, output.ToArray());
    }

    private static string Mixed(string lf)
    {
        var sb = new StringBuilder();
        var i = 0;
        foreach (var line in lf.Split('\n'))
        {
            sb.Append(line).Append(i++ % 2 == 0 ? "\r\n" : "\n");
        }

        return sb.ToString();
    }

    private static bool AssertRoundTrip(byte[] bytes)
    {
        var document = MainCfDocument.Parse(bytes);
        Assert.Equal(bytes, document.ToBytes());
        var joined = document.Entries.SelectMany(e => e.ToBytes()).ToArray();
        Assert.Equal(bytes, joined);
        var lines = 0;
        foreach (var entry in document.Entries)
        {
            Assert.Equal(lines + 1, entry.LineNumber);
            lines += entry.LineCount;
        }

        return true;
    }
}
