using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Postfix.Config.MasterCf;
using Postfix.Config.Syntax;

namespace Postfix.Config.Tests.MasterCf;

public sealed class MasterCfDocumentTests
{
    private static readonly byte[] Dist = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "MasterCf", "master.cf.dist"));

    private static readonly string[] Pieces =
    [
        "smtp", " ", "\t", "\n", "\r\n", "#", "inet", "unix", "-", "y", "n", "{", "}", "-o", "a=b", "{ a = b }", "\0", "\xff", "\xc3\xa9",
        "  -o x=y\n", "?", "100", "[::1]:25", ":", "=", "\v", "\f", "smtp inet n - y - - smtpd\n",
    ];

    [Property(MaxTest = 300)]
    public void Load_ArbitraryBytes_WritesIdenticalBytesAndCoversEveryByte(byte[] bytes) => AssertLossless(bytes);

    [Fact]
    public void Load_MasterCfLikeBytes_WritesIdenticalBytesAndCoversEveryByte()
    {
        Prop.ForAll(
            Gen.Elements(Pieces).ListOf().Select(p => Encoding.Latin1.GetBytes(string.Concat(p))).ToArbitrary(),
            bytes => AssertLossless(bytes)).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Load_GeneratedServiceTables_TokensSpanTheirSourceBytes()
    {
        Prop.ForAll(MasterCfGen.File().ToArbitrary(), text =>
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            AssertLossless(bytes);
            var doc = MasterCfDocument.Parse(bytes);
            var source = Encoding.Latin1.GetString(bytes);
            Assert.NotEmpty(doc.Services);
            foreach (var service in doc.Services)
            {
                foreach (var token in new[] { service.Name, service.Type, service.Private, service.Unprivileged, service.Chroot, service.Wakeup, service.ProcessLimit, service.Command }
                    .Concat(service.Arguments.Select(a => a.Token)))
                {
                    var span = source[token.Start..token.End];
                    var joined = string.Concat(span.Split('\n').Select((l, i) => i == 0 ? l : l).Where(l => !IsIgnorable(l)));
                    Assert.Equal(token.Text, span.Contains('\n', StringComparison.Ordinal) ? joined : span);
                }
            }
        }).QuickCheckThrowOnFailure();
    }

    private static bool IsIgnorable(string line) => line.TrimStart(' ', '\t', '\r', '\v', '\f').Length == 0 || line.TrimStart(' ', '\t', '\r', '\v', '\f')[0] == '#';

    private static void AssertLossless(byte[] bytes)
    {
        var doc = MasterCfDocument.Parse(bytes);
        Assert.Equal(bytes, doc.ToBytes());
        var offset = 0;
        foreach (var entry in doc.Entries)
        {
            Assert.Equal(offset, entry.Lines.Start);
            offset = entry.Lines.End;
        }

        Assert.Equal(bytes.Length, offset);
    }

    [Fact]
    public void Load_Dist_ReadsEveryServiceWithFieldsAndOptions()
    {
        var doc = MasterCfDocument.Parse(Dist);
        Assert.Empty(doc.Diagnostics);
        Assert.Equal(31, doc.Services.Count);
        var smtpd = doc.Find("25", "inet")!;
        Assert.Equal("smtp", smtpd.Name.Text);
        Assert.Equal(new SourceLocation("master.cf", 12, 1, LineStart(Dist, 12), 4), smtpd.Name.Location);
        Assert.Equal(smtpd.Name.Start, smtpd.Name.Location.Offset);
        Assert.Equal("smtp", Encoding.ASCII.GetString(Dist, smtpd.Location.Offset, 4));
        Assert.Equal(smtpd.Location.Offset + smtpd.Location.Length, LineStart(Dist, 13));
        Assert.Equal(new MasterCfServiceKey("inet", "25"), smtpd.Key);
        Assert.False(smtpd.IsPrivate);
        Assert.True(smtpd.IsUnprivileged);
        Assert.True(smtpd.IsChrooted);
        Assert.Equal(100, smtpd.GetProcessLimit());
        var relay = doc.Find("relay", "unix")!;
        var option = Assert.Single(relay.Options);
        Assert.Equal("syslog_name", option.Name);
        Assert.Equal("postfix/$service_name", option.Value);
        Assert.False(option.IsLongForm);
        Assert.Equal(new SourceLocation("master.cf", 68, 12, LineStart(Dist, 68) + 11, "syslog_name=postfix/$service_name".Length), option.ValueToken.Location);
        var tlsmgr = doc.Find("tlsmgr", "unix")!;
        Assert.Equal(1000, tlsmgr.WakeupSeconds);
        Assert.True(tlsmgr.IsWakeupConditional);
        Assert.Equal(1, tlsmgr.ProcessLimitValue);
        var maildrop = doc.Find("maildrop", "unix")!;
        Assert.Equal(["flags=DRXhu", "user=vmail", "argv=/usr/bin/maildrop", "-d", "${recipient}"], maildrop.Arguments.Select(a => a.Value));
        Assert.Empty(maildrop.Options);
        Assert.Equal("private/maildrop", maildrop.Key.Endpoint);
    }

    [Theory]
    [InlineData("smtp", "25")]
    [InlineData("25", "25")]
    [InlineData("[::1]:25", "[::1]:25")]
    [InlineData("::1:smtp", "[::1]:25")]
    [InlineData("[ipv6:::1]:smtp", "[::1]:25")]
    [InlineData("[0:0::1]:25", "[::1]:25")]
    [InlineData("127.0.0.1:submission", "[127.0.0.1]:587")]
    [InlineData("localhost:smtp", "[localhost]:25")]
    [InlineData("nosuchservice", "nosuchservice")]
    [InlineData("127.0.0.1:nosuch", "127.0.0.1:nosuch")]
    public void Canonicalize_InetNames_MatchMasterDaemon(string name, string expected) =>
        Assert.Equal(expected, InetServiceName.Canonicalize(name));

    [Fact]
    public void Load_DuplicateInetServiceUnderAnotherName_WarnsLastEntryWins()
    {
        var doc = MasterCfDocument.Parse("smtp inet n - y - - smtpd\n25 inet n - n - - smtpd -v\n[::1]:25 inet n - n - - smtpd\n::1:smtp inet n - n - - smtpd\n");
        Assert.Equal(
            [
                "master.cf(2,1): warning PFC2011: duplicate master.cf entry for service \"smtp\" (25) -- using the last entry",
                "master.cf(4,1): warning PFC2011: duplicate master.cf entry for service \"[::1]:25\" ([::1]:25) -- using the last entry",
            ],
            doc.Diagnostics.Select(d => d.ToString()));
        Assert.Equal(2, doc.EffectiveServices.Count);
        Assert.Equal("-v", doc.Find("smtp", "inet")!.Arguments.Single().Value);
    }

    [Fact]
    public void Load_SameUnixNameDifferentPrivacy_AreDifferentServices()
    {
        var doc = MasterCfDocument.Parse("a unix n - n - - x\na unix y - n - - x\n");
        Assert.Empty(doc.Diagnostics);
        Assert.Equal(2, doc.EffectiveServices.Count);
    }

    [Theory]
    [InlineData("a unix - - n\n", "master.cf(1,13): error PFC2001: missing \"wakeup_time\" field")]
    [InlineData("a unixx - - n - - x\n", "master.cf(1,3): error PFC2002: bad transport type: unixx")]
    [InlineData("a - - - n - - x\n", "master.cf(1,3): error PFC2003: field \"transport type\" has no default value")]
    [InlineData("a unix - - n - - -\n", "master.cf(1,18): error PFC2003: field \"command\" has no default value")]
    [InlineData("a unix yes - n - - x\n", "master.cf(1,8): error PFC2004: field \"private\": bad value: \"yes\"")]
    [InlineData("smtp inet - - n - - smtpd\n", "master.cf(1,11): error PFC2005: inet service cannot be private")]
    [InlineData("a unix - - n x - x\n", "master.cf(1,14): error PFC2006: field \"wakeup_time\": bad value: \"x\"")]
    [InlineData("a unix - - n - 1x x\n", "master.cf(1,16): error PFC2007: invalid process_limit field \"1x\" in \"a unix - - n - 1x x\"")]
    [InlineData("a unix - - n - - x\n  { b\n", "master.cf(2,3): error PFC2008: missing '}' in \"{ b\"")]
    [InlineData("a unix - - n - - x {b}c\n", "master.cf(1,20): error PFC2009: syntax error after '}' in \"{b}c\"")]
    [InlineData("[::1 inet n - n - - smtpd\n", "master.cf(1,1): error PFC2010: missing \"]\" in \"[::1\"")]
    [InlineData("1x inet n - n - - smtpd\n", "master.cf(1,1): error PFC2010: garbage after numerical service in \"1x\"")]
    [InlineData("  a unix - - n - - x\n", "master.cf(1,1): warning PFC2012: logical line must not start with whitespace: \"  a unix - - n - - x\"")]
    [InlineData("a unix - - n - - x -o foo\n", "master.cf(1,23): error PFC2013: invalid \"-o foo\" option value: missing '=' after attribute name")]
    public void Load_BadEntry_ReportsPostfixDiagnostic(string text, string expected)
    {
        var doc = MasterCfDocument.Parse(text);
        Assert.Equal(expected, Assert.Single(doc.Diagnostics).ToString());
        Assert.Equal(Encoding.UTF8.GetBytes(text), doc.ToBytes());
    }

    [Fact]
    public void Parse_Errors_DiagnosticsAndThrowIfErrors()
    {
        var doc = MasterCfDocument.Parse("a unix - - n\n"u8);
        Assert.True(doc.HasErrors);
        Assert.Single(doc.Entries);
        var e = Assert.Throws<ConfigFormatException>(() => doc.ThrowIfErrors());
        Assert.Equal(MasterCfDiagnosticCodes.MissingField, Assert.Single(e.Diagnostics).Code);
    }

    [Fact]
    public void Options_AllForms_ReadAsTheDaemonPassesThem()
    {
        var doc = MasterCfDocument.Parse("a unix - - n - - smtp -o a=1 -o { b = two words } -oc=3 -vo d=4 -o{e=5} tail -o f=6\n");
        var s = doc.Services.Single();
        Assert.Equal(["a=1", "b=two words", "c=3", "d=4", "{e=5}"], s.Options.Select(o => o.ToString()));
        Assert.Equal([false, true, false, false, false], s.Options.Select(o => o.IsLongForm));
        Assert.Equal([false, false, true, false, true], s.Options.Select(o => o.IsGlued));
        Assert.Equal("two words", s.GetParameter("b"));
        Assert.Null(s.GetParameter("f"));
    }

    [Fact]
    public void GetEffectiveValue_ServiceOverridesGlobal_ExpandsInServiceScope()
    {
        var doc = MasterCfDocument.Parse("relay unix - - n - - smtp -o syslog_name=postfix/$service_name -o x=$myhostname\n");
        var relay = doc.Services.Single();
        var main = new Dictionary<string, string> { ["syslog_name"] = "postfix", ["myhostname"] = "mx.example", ["mail_name"] = "Postfix" };
        string? Global(string n) => main.TryGetValue(n, out var v) ? v : null;
        Assert.Equal("postfix/$service_name", relay.GetEffectiveValue("syslog_name", Global));
        Assert.Equal("postfix/relay", relay.ExpandEffectiveValue("syslog_name", Global)!.Value);
        Assert.Equal("mx.example", relay.ExpandEffectiveValue("x", Global)!.Value);
        Assert.Equal("Postfix", relay.GetEffectiveValue("mail_name", Global));
        Assert.Equal("smtp", relay.GetEffectiveValue("process_name", Global));
        Assert.Null(relay.GetEffectiveValue("nosuch", Global));
    }

    private static int LineStart(ReadOnlySpan<byte> bytes, int line)
    {
        var offset = 0;
        for (var n = 1; n < line; n++)
        {
            offset += bytes[offset..].IndexOf((byte)'\n') + 1;
        }

        return offset;
    }
}
