using System.Text;
using Postfix.Config.MasterCf;
using Postfix.Testing;

namespace Postfix.Config.Tests.MasterCf;

/// <summary>
/// Minimal edits: exact bytes on hand-checked cases, and the same meaning as postconf's edit (the real
/// <c>postconf -M</c> of our file equals the real <c>postconf -M</c> of postconf's file).
/// </summary>
public sealed class MasterCfEditTests
{
    private static readonly byte[] Dist = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "MasterCf", "master.cf.dist"));

    private static MasterCfDocument Doc(string text) => MasterCfDocument.Parse(text);

    [Fact]
    public void SetOption_ExistingShortForm_ReplacesOnlyTheValue()
    {
        var doc = Doc("relay unix - - y - - smtp\n        -o syslog_name=postfix/$service_name\n#       -o smtp_helo_timeout=5\n");
        var edited = doc.SetParameter(doc.Find("relay", "unix")!, "syslog_name", "relay");
        Assert.Equal("relay unix - - y - - smtp\n        -o syslog_name=relay\n#       -o smtp_helo_timeout=5\n", edited.ToString());
    }

    [Fact]
    public void SetOption_ExistingLongForm_KeepsTheLongFormLayout()
    {
        var doc = Doc("s inet n - n - - smtpd\n  -o { smtpd_helo_restrictions = permit_mynetworks, reject }\n");
        var edited = doc.SetParameter(doc.Services[0], "smtpd_helo_restrictions", "reject");
        Assert.Equal("s inet n - n - - smtpd\n  -o { smtpd_helo_restrictions = reject }\n", edited.ToString());
    }

    [Fact]
    public void SetOption_ValueWithBlanks_TurnsShortFormIntoLongForm()
    {
        var doc = Doc("s inet n - n - - smtpd -o a=1 -ob=2\n");
        var step = doc.SetParameter(doc.Services[0], "a", "x y");
        var edited = step.SetParameter(step.Services[0], "b", "z w");
        Assert.Equal("s inet n - n - - smtpd -o { a = x y } -o { b = z w }\n", edited.ToString());
    }

    [Fact]
    public void SetOption_NewAfterOptionLines_AddsALineWithTheSameIndentAndLineEnding()
    {
        var doc = Doc("s inet n - n - - smtpd\r\n\t-o a=1\r\n# keep me\r\n\t-o b=2\r\nnext unix - - n - - x\r\n");
        var edited = doc.SetParameter(doc.Services[0], "c", "3");
        Assert.Equal("s inet n - n - - smtpd\r\n\t-o a=1\r\n# keep me\r\n\t-o b=2\r\n\t-o c=3\r\nnext unix - - n - - x\r\n", edited.ToString());
    }

    [Fact]
    public void SetOption_NewWithoutOptions_GoesBeforeTheNonOptionArguments()
    {
        var doc = Doc("maildrop  unix  -       n       n       -       -       pipe\n  flags=DRXhu user=vmail argv=/usr/bin/maildrop -d ${recipient}\n");
        var edited = doc.SetParameter(doc.Services[0], "a", "b");
        Assert.Equal("maildrop  unix  -       n       n       -       -       pipe\n  -o a=b\n  flags=DRXhu user=vmail argv=/usr/bin/maildrop -d ${recipient}\n", edited.ToString());
        var oneLine = Doc("x unix - n n - - pipe flags=R argv=/bin/true");
        Assert.Equal("x unix - n n - - pipe -o a=b flags=R argv=/bin/true", oneLine.SetParameter(oneLine.Services[0], "a", "b").ToString());
    }

    [Fact]
    public void RemoveOption_AloneOnItsLine_RemovesTheLineAndKeepsComments()
    {
        var doc = Doc("s inet n - n - - smtpd\n  -o a=1\n  # about b\n  -o { b = 2 }\n  -o c=3 -o b=4\n");
        var edited = doc.RemoveParameter(doc.Services[0], "b");
        Assert.Equal("s inet n - n - - smtpd\n  -o a=1\n  # about b\n  -o c=3\n", edited.ToString());
    }

    [Fact]
    public void SetField_Chroot_ReplacesOneWord()
    {
        var doc = Doc("smtp      inet  n       -       y       -       -       smtpd\n");
        Assert.Equal("smtp      inet  n       -       n       -       -       smtpd\n", doc.SetField(doc.Services[0], MasterCfField.Chroot, "n").ToString());
        Assert.Throws<ArgumentException>(() => doc.SetField(doc.Services[0], MasterCfField.Chroot, "a b"));
    }

    [Fact]
    public void DisableEnable_Submission_RoundTripsTheCommentedBlock()
    {
        var doc = MasterCfDocument.Parse(Dist);
        var enabled = doc.UncommentService("submission", "inet");
        var submission = enabled.Find("submission", "inet")!;
        Assert.Equal(
            ["syslog_name", "smtpd_tls_security_level", "smtpd_sasl_auth_enable", "smtpd_tls_auth_only", "smtpd_reject_unlisted_recipient",
             "smtpd_client_restrictions", "smtpd_helo_restrictions", "smtpd_sender_restrictions", "smtpd_relay_restrictions",
             "smtpd_recipient_restrictions", "milter_macro_daemon_name"],
            submission.Options.Select(o => o.Name));
        Assert.Empty(enabled.Diagnostics);
        Assert.Same(enabled, enabled.UncommentService("submission", "inet"));
        var disabled = enabled.CommentOutService(submission);
        Assert.Equal(Dist, disabled.ToBytes());
    }

    [Fact]
    public void Enable_InetNameInAnotherForm_FindsTheCommentedEntry()
    {
        var doc = MasterCfDocument.Parse(Dist);
        var enabled = doc.UncommentService("[127.0.0.1]:587", "inet");
        Assert.NotNull(enabled.Find("127.0.0.1:submission", "inet"));
    }

    [Fact]
    public void AddService_CrlfFileWithoutFinalNewline_AppendsInPostconfLayout()
    {
        var doc = Doc("a unix - - n - - x\r\nb unix - - n - - x");
        var edited = doc.AddService("smtp-ipv4 unix - - n - - smtp -o inet_protocols=ipv4");
        Assert.Equal("a unix - - n - - x\r\nb unix - - n - - x\r\nsmtp-ipv4  unix  -       -       n       -       -       smtp\r\n    -o inet_protocols=ipv4\r\n", edited.ToString());
    }

    [Fact]
    public void EnsureSmtpProtocolTransport_Dist_ClonesSmtpAfterItAndIsIdempotent()
    {
        var doc = MasterCfDocument.Parse(Dist);
        var v4 = MasterCfRecipes.EnsureSmtpProtocolTransport(doc, InetProtocolFamily.IPv4);
        var both = MasterCfRecipes.EnsureSmtpProtocolTransport(v4, InetProtocolFamily.IPv6);
        var text = both.ToString();
        Assert.Contains(
            "smtp      unix  -       -       y       -       -       smtp\nsmtp-ipv4  unix  -       -       y       -       -       smtp\n    -o inet_protocols=ipv4\n"
            + "smtp-ipv6  unix  -       -       y       -       -       smtp\n    -o inet_protocols=ipv6\nrelay ",
            text,
            StringComparison.Ordinal);
        Assert.Same(both, MasterCfRecipes.EnsureSmtpProtocolTransport(both, InetProtocolFamily.IPv4));
        Assert.Same(both, MasterCfRecipes.EnsureSmtpProtocolTransport(both, InetProtocolFamily.IPv6));
        Assert.Empty(both.Diagnostics);
        Assert.Equal(Dist.Length + (2 * (62 + 27)), both.ToBytes().Length);
    }

    [Fact]
    public void EnsureSmtpProtocolTransport_ExistingWithOtherValue_FixesOnlyTheValue()
    {
        var doc = Doc("smtp-ipv4 unix - - n - - smtp\n  -o inet_protocols=all\n  -o smtp_helo_name=x\n");
        var fixedDoc = MasterCfRecipes.EnsureSmtpProtocolTransport(doc, InetProtocolFamily.IPv4);
        Assert.Equal("smtp-ipv4 unix - - n - - smtp\n  -o inet_protocols=ipv4\n  -o smtp_helo_name=x\n", fixedDoc.ToString());
    }

    public static TheoryData<string> SemanticCases() =>
    [
        "option-new-inet", "option-replace", "option-new-pipe", "option-remove", "field-chroot", "disable", "remove",
    ];

    [Theory]
    [MemberData(nameof(SemanticCases))]
    public async Task MinimalEdit_Dist_MeansWhatPostconfEditMeans(string name)
    {
        RealPostfix.Require("postconf");
        var doc = MasterCfDocument.Parse(Dist);
        var (ours, args, exact) = name switch
        {
            "option-new-inet" => (doc.SetParameter(doc.Find("smtp", "inet")!, "smtpd_tls_security_level", "may"), new[] { "-Pe", "smtp/inet/smtpd_tls_security_level=may" }, false),
            "option-replace" => (doc.SetParameter(doc.Find("relay", "unix")!, "syslog_name", "foo"), ["-Pe", "relay/unix/syslog_name=foo"], false),
            "option-new-pipe" => (doc.SetParameter(doc.Find("maildrop", "unix")!, "a", "b"), ["-Pe", "maildrop/unix/a=b"], false),
            "option-remove" => (doc.RemoveParameter(doc.Find("relay", "unix")!, "syslog_name"), ["-PX", "relay/unix/syslog_name"], false),
            "field-chroot" => (doc.SetField(doc.Find("smtp", "inet")!, MasterCfField.Chroot, "n"), ["-Fe", "smtp/inet/chroot=n"], false),
            "disable" => (doc.CommentOutService(doc.Find("relay", "unix")!), ["-M#", "relay/unix"], true),
            _ => (doc.RemoveService(doc.Find("relay", "unix")!), ["-MX", "relay/unix"], true),
        };
        using var real = RealPostconf.Create(Dist);
        var edit = await real.RunAsync(args);
        Assert.Equal(0, edit.ExitCode);
        var theirs = real.Read();
        if (exact)
        {
            Assert.Equal(Encoding.Latin1.GetString(theirs), Encoding.Latin1.GetString(ours.ToBytes()));
        }

        var theirM = await real.RunAsync("-M");
        real.Write(ours.ToBytes());
        var ourM = await real.RunAsync("-M");
        Assert.Equal(theirM.StdoutText, ourM.StdoutText);
        Assert.Empty(ours.Diagnostics);

        if (!exact)
        {
            // Minimal: at most one line went and at most one line came; everything else is untouched.
            var before = Encoding.Latin1.GetString(Dist).Split('\n').ToList();
            var after = Encoding.Latin1.GetString(ours.ToBytes()).Split('\n').ToList();
            var gone = before.ToList();
            var added = new List<string>();
            foreach (var line in after)
            {
                if (!gone.Remove(line))
                {
                    added.Add(line);
                }
            }

            Assert.True(gone.Count <= 1 && added.Count <= 1, $"removed {gone.Count}, added {added.Count}");
        }
    }
}
