using System.Text;
using Postfix.Config.MainCf;
using Postfix.Config.Syntax;
using Postfix.Testing;

namespace Postfix.Config.Tests.MainCf;

/// <summary>Our parse of generated and corpus files against what the real <c>postconf -n</c> reports and prints.</summary>
public sealed class MainCfDifferentialTests
{
    public static TheoryData<string> CorpusFiles() => new(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "TestData", "MainCf")).Select(Path.GetFileName)!);

    [Fact]
    public async Task Read_GeneratedDocuments_SameDiagnosticsAndValuesAsPostconf()
    {
        RealPostfix.Require("postconf");
        var generator = new MainCfGenerator(20261127) { AllowInvalid = true };
        using var pc = RealPostconf.Create([]);
        for (var i = 0; i < 150; i++)
        {
            var bytes = RealPostconf.Bytes(generator.Next());
            await CompareAsync(pc, bytes);
        }
    }

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public async Task Read_CorpusFile_SameDiagnosticsAndValuesAsPostconf(string file)
    {
        RealPostfix.Require("postconf");
        var bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "MainCf", file));
        using var pc = RealPostconf.Create(bytes);
        await CompareAsync(pc, bytes);
    }

    /// <summary>postconf's way of printing a value: words split on SP HT CR LF, joined by one space.</summary>
    internal static string Normalize(string line)
    {
        var words = line.Split([' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries);
        return string.Join(' ', words);
    }

    private static async Task CompareAsync(RealPostconf pc, byte[] bytes)
    {
        pc.Write(bytes);
        var real = await pc.RunAsync("-n");
        var document = MainCfDocument.Parse(bytes, new MainCfOptions { SourceName = pc.MainCf });
        var context = "input:\n" + Encoding.Latin1.GetString(bytes) + "\n" + real;

        // Diagnostics: Postfix prints them up to and including the first fatal one.
        var expected = new List<string>();
        foreach (var d in document.Diagnostics)
        {
            var message = Printable(document.RawMessage(d));
            switch (d.Code)
            {
                case MainCfDiagnosticCodes.LeadingWhitespace:
                    expected.Add($"postconf: warning: {pc.MainCf}: {message}");
                    break;
                case MainCfDiagnosticCodes.OverridingEntry:
                    expected.Add($"postconf: warning: {pc.MainCf}, line {d.Location.Line}: {message}");
                    break;
                case MainCfDiagnosticCodes.MissingEquals or MainCfDiagnosticCodes.MissingName:
                    expected.Add($"postconf: fatal: {pc.MainCf}, line {TrueLine(document, d)}: {message}");
                    break;
            }

            if (d.Severity == DiagnosticSeverity.Error)
            {
                break;
            }
        }

        var actual = Encoding.Latin1.GetString(real.Stderr).Replace(RealPostfix.Postconf + ":", "postconf:", StringComparison.Ordinal).Split('\n')
            .Where(l => l.Contains("logical line must not", StringComparison.Ordinal) || l.Contains(", line ", StringComparison.Ordinal))
            .ToList();
        Assert.True(expected.SequenceEqual(actual), context + "\nexpected:\n" + string.Join('\n', expected));
        Assert.True((document.HasErrors ? 1 : 0) == real.ExitCode, context);
        if (document.HasErrors)
        {
            return;
        }

        // Values of built-in names as -n prints them.
        var ours = document.Definitions.Select(p => p.Name).Distinct().Where(n => MainCfGenerator.BuiltinNames.Contains(n))
            .Select(n => Normalize($"{n} = {document.Find(n)!.RawValue}"))
            .Order(StringComparer.Ordinal).ToList();
        var theirs = Encoding.Latin1.GetString(real.Stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => MainCfGenerator.BuiltinNames.Contains(l.Split(' ')[0])).ToList();
        Assert.True(ours.SequenceEqual(theirs), context + "\nours:\n" + string.Join('\n', ours));

        // Raw values of unused user-defined names, exactly as in postconf's "unused parameter" warnings.
        foreach (var line in Encoding.Latin1.GetString(real.Stderr).Split('\n'))
        {
            var marker = ": unused parameter: ";
            var at = line.IndexOf(marker, StringComparison.Ordinal);
            if (at < 0)
            {
                continue;
            }

            var nameValue = line[(at + marker.Length)..];
            var eq = nameValue.IndexOf('=', StringComparison.Ordinal);
            var name = nameValue[..eq];
            var raw = document.Definitions.Last(p => Printable(p.RawName) == name);
            Assert.Equal(nameValue[(eq + 1)..], Printable(raw.RawValue));
        }
    }

    /// <summary>Postfix's msg_output printable(): bytes outside 0x20–0x7E become '?'.</summary>
    internal static string Printable(string byteText) => new(byteText.Select(c => c is >= ' ' and <= '~' ? c : '?').ToArray());

    private static int TrueLine(MainCfDocument document, Diagnostic d) =>
        document.Entries.OfType<MainCfUnparsed>().First(u => ReferenceEquals(u.Diagnostic, d)).LineNumber;
}
