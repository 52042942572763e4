using Postfix.Config.Tables;
using Postfix.Config.Tables.Typed;

namespace Postfix.Config.Tests.Tables;

public sealed class TypedValueTests
{
    [Theory]
    [InlineData("OK", AccessActionKind.Ok, true, false)]
    [InlineData("relay", AccessActionKind.Relay, true, false)]
    [InlineData("550", AccessActionKind.AllDigits, true, false)]
    [InlineData("12345", AccessActionKind.AllDigits, true, false)]
    [InlineData("550 5.7.1 go away", AccessActionKind.SmtpCode, false, true)]
    [InlineData("450\ttry later", AccessActionKind.SmtpCode, false, true)]
    [InlineData("650 text", AccessActionKind.Restrictions, false, false)]
    [InlineData("reject", AccessActionKind.Reject, false, true)]
    [InlineData("REJECT go away # not a comment", AccessActionKind.Reject, false, true)]
    [InlineData("Defer_If_Permit x", AccessActionKind.DeferIfPermit, false, true)]
    [InlineData("DUNNO", AccessActionKind.Dunno, false, false)]
    [InlineData("permit_mynetworks, reject", AccessActionKind.Restrictions, false, false)]
    [InlineData("FILTER smtp:[127.0.0.1]:10025", AccessActionKind.Filter, false, false)]
    public void AccessAction_Parse_ReadsLikeSmtpd(string value, AccessActionKind kind, bool permit, bool reject)
    {
        var action = AccessAction.Parse(value);
        Assert.Equal(kind, action.Kind);
        Assert.Equal(permit, action.IsPermit);
        Assert.Equal(reject, action.IsReject);
        Assert.Equal(value, action.ToString());
    }

    [Fact]
    public void AccessAction_Builders_WriteValuesThatReadBack()
    {
        Assert.Equal("550 5.7.1 list hacked", AccessAction.SmtpReject(550, "5.7.1 list hacked").Value);
        Assert.Equal(550, AccessAction.SmtpReject(550, "x").SmtpCode);
        Assert.Throws<ArgumentException>(() => AccessAction.SmtpReject(550, " "));
        Assert.Throws<ArgumentOutOfRangeException>(() => AccessAction.SmtpReject(250, "x"));
        Assert.Equal("REJECT", AccessAction.Reject().Value);
        Assert.Equal("FILTER smtp:[127.0.0.1]:10025", AccessAction.Filter("smtp", "[127.0.0.1]:10025").Value);
        Assert.Equal("PREPEND X-Tag: yes", AccessAction.Prepend("X-Tag", "yes").Value);
        Assert.Equal(AccessActionKind.Bcc, AccessAction.Bcc("a@example.com").Kind);
        Assert.Throws<ArgumentException>(() => AccessAction.Restrictions("check_client_access hash:/x"));
        Assert.Throws<ArgumentException>(() => AccessAction.Reject("line\nbreak"));
    }

    [Theory]
    [InlineData("smtp:[::1]:25", "smtp", "[::1]:25", "::1", "25", true)]
    [InlineData("smtp-ipv4:", "smtp-ipv4", "", null, null, false)]
    [InlineData(":[gw.example.com]", "", "[gw.example.com]", "gw.example.com", null, true)]
    [InlineData("relay:mx.example.com:2525", "relay", "mx.example.com:2525", "mx.example.com", "2525", false)]
    [InlineData("smtp:[ipv6:2001:db8::1]:587", "smtp", "[ipv6:2001:db8::1]:587", "2001:db8::1", "587", true)]
    public void TransportEntry_Parse_SplitsAtFirstColon(string value, string transport, string nexthop, string? host, string? port, bool noMx)
    {
        var entry = TransportEntry.Parse(value);
        Assert.Equal(transport, entry.Transport);
        Assert.Equal(nexthop, entry.Nexthop);
        Assert.Equal(value, entry.ToString());
        Assert.Equal(host, entry.Destination?.Host);
        if (host is not null)
        {
            Assert.Equal(port, entry.Destination!.Port);
            Assert.Equal(noMx, entry.Destination.NoMxLookup);
        }
    }

    [Fact]
    public void TransportEntry_NoChange_IsColonAlone()
    {
        Assert.True(TransportEntry.Parse(":").IsNoChange);
        Assert.Equal("smtp:[2001:db8::25]:25", TransportEntry.Create("smtp", NextHop.Create("2001:db8::25", 25, noMxLookup: false)).ToString());
        Assert.Equal("smtp-ipv4:", TransportEntry.Create("smtp-ipv4").ToString());
    }

    [Theory]
    [InlineData("[host", "missing \"]\"")]
    [InlineData("[host]x", "garbage after \"]\"")]
    [InlineData("[1::2::3]", "malformed IPv6 address")]
    [InlineData("host:25x", "garbage after numerical service")]
    [InlineData(":25", "missing host information")]
    public void NextHop_Bad_PostfixReason(string text, string reason)
    {
        Assert.Equal(reason, Assert.Throws<FormatException>(() => NextHop.Parse(text)).Message);
    }

    [Fact]
    public void TlsPolicy_Match_SeparatorDependsOnLevel()
    {
        var fp = TlsPolicy.Parse("fingerprint match=3D:95:34:51|A1:B2:C3");
        Assert.True(fp.IsValid);
        Assert.Equal(["3D:95:34:51", "A1:B2:C3"], fp.MatchItems);
        var verify = TlsPolicy.Parse("Verify, match=.example.net:example.net");
        Assert.Equal(TlsSecurityLevel.Verify, verify.Level);
        Assert.Equal([".example.net", "example.net"], verify.MatchItems);
        Assert.Equal(["attribute \"match\" invalid at security level \"encrypt\""], TlsPolicy.Parse("encrypt match=x").Problems);
        Assert.Equal(["attribute \"protocols\" is specified multiple times"], TlsPolicy.Parse("may protocols=a protocols=b").Problems);
        Assert.Equal(["invalid security level \"strict\""], TlsPolicy.Parse("strict").Problems);
        Assert.Equal(["ignoring attribute \"ciphers=high\" with TLS disabled"], TlsPolicy.Parse("none ciphers=high").Problems);
        Assert.Equal(["attribute \"tafile\" invalid at security level \"fingerprint\""], TlsPolicy.Parse("fingerprint tafile=/x").Problems);
    }

    [Fact]
    public void TlsPolicy_Builders_WriteValidValues()
    {
        Assert.Equal("encrypt protocols=>=TLSv1.2", TlsPolicy.Encrypt(protocols: ">=TLSv1.2").Value);
        const string Md5A = "AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99";
        const string Md5B = "00112233445566778899aabbccddeeff";
        Assert.Equal($"fingerprint match={Md5A}|{Md5B}", TlsPolicy.Fingerprint(Md5A, Md5B).Value);
        Assert.Throws<ArgumentException>(() => TlsPolicy.Fingerprint("AA:BB", "CC:DD"));       // not a digest's length
        Assert.Throws<ArgumentException>(() => TlsPolicy.Fingerprint("AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:9G"));
        Assert.Equal("secure match=nexthop:dot-nexthop", TlsPolicy.Verified(TlsSecurityLevel.Secure, "nexthop", "dot-nexthop").Value);
        Assert.Throws<ArgumentException>(() => TlsPolicy.Create(TlsSecurityLevel.Encrypt, new KeyValuePair<string, string>("match", "x")));
        Assert.Throws<ArgumentException>(() => TlsPolicy.Create(TlsSecurityLevel.May, new KeyValuePair<string, string>("ciphers", "a b")));
    }

    [Fact]
    public void AddressMapEntry_KeysAndValues()
    {
        var entry = AddressMapEntry.Parse("@example.com", "a@x.test,b@y.test  c@z.test");
        Assert.Equal(AddressMapKeyKind.CatchAll, entry.KeyKind);
        Assert.Equal(["a@x.test", "b@y.test", "c@z.test"], entry.Addresses);
        Assert.Equal(AddressMapKeyKind.Domain, AddressMapEntry.Parse("example.net", "anything").KeyKind);
        Assert.Equal(AddressMapKeyKind.User, AddressMapEntry.Parse("postmaster", "root").KeyKind);
        var created = AddressMapEntry.Create("john smith@example.com", "john@example.org", "js@example.org");
        Assert.Equal("\"john smith\"@example.com john@example.org, js@example.org", created.ToLine());
        Assert.Equal("john@example.org, js@example.org", created.ToString());
    }

    [Fact]
    public void RelayHostValue_DunnoAndLists()
    {
        Assert.True(RelayHostValue.Parse("dunno").IsDunno);
        var v = RelayHostValue.Parse("[relay1.example.com]:587, [relay2.example.com]:587");
        Assert.Equal(["relay1.example.com", "relay2.example.com"], v.Destinations.Select(d => d.Host));
        Assert.Equal("[smtp.example.com]:587", RelayHostValue.Create(NextHop.Create("smtp.example.com", 587)).Value);
    }

    [Theory]
    [InlineData("DISCARD", HeaderCheckActionKind.Discard, "")]
    [InlineData("reject spam detected", HeaderCheckActionKind.Reject, "spam detected")]
    [InlineData("Prepend X-Seen: yes", HeaderCheckActionKind.Prepend, "X-Seen: yes")]
    [InlineData("strip", HeaderCheckActionKind.Strip, "")]
    [InlineData("BOUNCE x", HeaderCheckActionKind.Unknown, "x")]
    [InlineData("1 x", HeaderCheckActionKind.Unknown, "x")]
    public void HeaderCheckAction_Parse_CaseInsensitive(string value, HeaderCheckActionKind kind, string text)
    {
        var action = HeaderCheckAction.Parse(value);
        Assert.Equal(kind, action.Kind);
        Assert.Equal(text, action.Text);
        Assert.Equal("REDIRECT a@example.com", HeaderCheckAction.Create(HeaderCheckActionKind.Redirect, "a@example.com").Value);
    }
}
