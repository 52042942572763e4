using System.Text;

namespace Postfix.Testing;

/// <summary>
/// A private Postfix instance whose queue holds real queue files of every kind, made once per test class: messages
/// submitted over SMTP to the instance's smtpd on loopback (a real Cyrus SASL login against a private sasldb, XFORWARD,
/// SMTPUTF8, 8BITMIME multipart MIME, long folded and over-long headers, a 10 MB body, 1,000 recipients, DSN
/// NOTIFY/ORCPT/ENVID/RET), left in <c>hold</c> (header_checks HOLD), <c>deferred</c> (with defer logs: a port that refuses,
/// and an smtp-sink that answers 450 to RCPT), <c>active</c> (an smtp-sink that stalls, then Postfix stopped),
/// <c>incoming</c> (qmgr removed from master.cf in a second run) and <c>maildrop</c> (pickup removed). When the fixture is
/// ready Postfix is stopped and the smtp-sinks are gone, so the queue does not change while the tests read it.
/// When real Postfix or saslpasswd2 is missing, <see cref="Unavailable"/> says why (tests call <see cref="Require"/>).
/// </summary>
public sealed class LiveQueueFixture : IAsyncLifetime
{
    /// <summary>The SASL users and their passwords in the private sasldb (test-only secrets).</summary>
    public const string AliceUser = "alice@pftest.test";

    /// <summary>The second SASL user (its message is on hold).</summary>
    public const string BobUser = "bob@pftest.test";

    private const string AlicePassword = "alice-secret-1";
    private const string BobPassword = "bob-secret-2";

    private static readonly string[] Programs = ["postfix", "postconf", "postqueue", "postsuper", "postcat", "sendmail", "smtp-sink", "saslpasswd2"];

    private readonly Dictionary<string, string> _ids = new(StringComparer.Ordinal);

    /// <summary>Why the fixture could not be made (a program is missing), or null.</summary>
    public string? Unavailable { get; private set; }

    /// <summary>The instance (stopped once the fixture is ready).</summary>
    public PostfixSandbox Sandbox { get; private set; } = null!;

    /// <summary>The configuration directory.</summary>
    public string ConfigDirectory => Sandbox.ConfigDirectory;

    /// <summary>The queue directory.</summary>
    public string QueueDirectory => Sandbox.QueueDirectory;

    /// <summary>
    /// Queue ID by role: <c>sasl</c>, <c>xforward</c>, <c>mime</c>, <c>utf8</c>, <c>big</c>, <c>many</c>, <c>dsn</c>,
    /// <c>hold</c>, <c>active</c>, <c>incoming</c>, <c>maildrop</c>.
    /// </summary>
    public IReadOnlyDictionary<string, string> Ids => _ids;

    /// <summary>How long making the queue took.</summary>
    public TimeSpan SetupTime { get; private set; }

    /// <summary>Skips (or, under CI, fails) the calling test when the fixture could not be made.</summary>
    public void Require() => RealPostfix.Require(Programs);

    public async ValueTask InitializeAsync()
    {
        if (Programs.Any(p => Tool.Find(p) is null))
        {
            Unavailable = "missing: " + string.Join(", ", Programs.Where(p => Tool.Find(p) is null));
            return;
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        Sandbox = await PostfixSandbox.CreateAsync();
        var pf = Sandbox;
        var refuse = await pf.StartSmtpSinkAsync("-r", "RCPT");
        var stall = await pf.StartSmtpSinkAsync("-t", "3600", "-W", "ehlo:3600");
        await pf.WriteTransportAsync($"dead.test smtp:[127.0.0.1]:9\ntempfail.test smtp:[127.0.0.1]:{refuse.Port}\nslow.test smtp:[127.0.0.1]:{stall.Port}\n");

        // Cyrus SASL with a private sasldb. The Debian build looks for smtpd.conf in $config_directory/sasl, upstream
        // in cyrus_sasl_config_path: both point at the same private directory.
        var sasl = Path.Combine(pf.ConfigDirectory, "sasl");
        Directory.CreateDirectory(sasl);
        File.SetUnixFileMode(sasl, (UnixFileMode)Convert.ToInt32("755", 8));
        var db = Path.Combine(sasl, "sasldb2");
        foreach (var (user, password) in new[] { ("alice", AlicePassword), ("bob", BobPassword) })
        {
            var made = await Tool.RunAsync("saslpasswd2", ["-f", db, "-c", "-p", "-u", "pftest.test", user], Encoding.ASCII.GetBytes(password));
            if (made.ExitCode != 0)
            {
                throw new InvalidOperationException($"saslpasswd2 failed: {made.StderrText}");
            }
        }

        Assert.Equal(0, (await Tool.RunAsync("chown", ["postfix", db])).ExitCode);
        await File.WriteAllTextAsync(Path.Combine(sasl, "smtpd.conf"), $"pwcheck_method: auxprop\nauxprop_plugin: sasldb\nsasldb_path: {db}\nmech_list: PLAIN LOGIN\n");
        var headerChecks = Path.Combine(pf.ConfigDirectory, "header_checks");
        await File.WriteAllTextAsync(headerChecks, "/^X-Hold: yes/ HOLD\n");
        RealPostfix.Age(headerChecks);
        await pf.PostconfCheckedAsync(
            "-e",
            "smtpd_sasl_auth_enable = yes",
            "smtpd_sasl_type = cyrus",
            "smtpd_sasl_path = smtpd",
            $"cyrus_sasl_config_path = {sasl}",
            "smtpd_authorized_xforward_hosts = 127.0.0.0/8",
            "message_size_limit = 30000000",
            $"header_checks = regexp:{headerChecks}",
            "smtputf8_enable = yes");
        await pf.PostconfCheckedAsync("-MX", "pickup/unix");
        await pf.StartAsync();

        await SubmitFirstRunAsync(pf);
        await pf.WaitForQueueSettledAsync(expectedActive: 1, timeout: TimeSpan.FromSeconds(90));
        await WaitForActiveAsync(pf, _ids["active"]);
        _ids["maildrop"] = await SendmailToMaildropAsync(pf);

        // Second run without qmgr: what cleanup writes stays in incoming.
        await pf.StopAsync();
        await pf.PostconfCheckedAsync("-MX", "qmgr/unix");
        await pf.StartAsync();
        await using (var s = await SmtpSession.ConnectAsync(pf.SmtpPort, "v6.example"))
        {
            await s.CommandAsync("XFORWARD NAME=v6.example ADDR=IPV6:2001:db8::5 HELO=v6helo.example PROTO=ESMTP", 250);
            _ids["incoming"] = await s.SendAsync("<v6@pftest.test>", ["<i1@dead.test>"], Message("incoming via XFORWARD", "kept in incoming\n"));
        }

        await WaitForFileAsync(pf, "incoming", _ids["incoming"]);
        await pf.StopAsync();
        foreach (var (role, id) in _ids)
        {
            var queue = role switch { "hold" => "hold", "active" => "active", "incoming" => "incoming", "maildrop" => "maildrop", _ => "deferred" };
            if (FindQueue(pf, id) != queue)
            {
                throw new InvalidOperationException($"fixture: {role} message {id} is in {FindQueue(pf, id) ?? "no queue"}, not {queue}");
            }
        }

        SetupTime = clock.Elapsed;
    }

    public async ValueTask DisposeAsync()
    {
        if (Sandbox is not null)
        {
            await Sandbox.DisposeAsync();
        }
    }

    /// <summary>The queue directory name holding <paramref name="id"/> (maildrop, incoming, active, deferred, hold), or null.</summary>
    public static string? FindQueue(PostfixSandbox pf, string id)
    {
        foreach (var queue in (string[])["maildrop", "incoming", "active", "deferred", "hold", "corrupt"])
        {
            var dir = Path.Combine(pf.QueueDirectory, queue);
            if (Directory.Exists(dir) && Directory.EnumerateFiles(dir, id, SearchOption.AllDirectories).Any())
            {
                return queue;
            }
        }

        return null;
    }

    private static byte[] Message(string subject, string body, string extraHeaders = "") =>
        Encoding.UTF8.GetBytes($"From: sender@pftest.test\nTo: someone@dead.test\nSubject: {subject}\n{extraHeaders}\n{body}");

    private async Task SubmitFirstRunAsync(PostfixSandbox pf)
    {
        var port = pf.SmtpPort;
        await using (var s = await SmtpSession.ConnectAsync(port, "me.test"))
        {
            await s.AuthPlainAsync(AliceUser, AlicePassword);
            _ids["sasl"] = await s.SendAsync("<alice@pftest.test>", ["<a1@dead.test>"], Message("sasl login", "sent after AUTH PLAIN\n"));
        }

        await using (var s = await SmtpSession.ConnectAsync(port, "me.test"))
        {
            await s.CommandAsync("XFORWARD NAME=client.example ADDR=192.0.2.7 PORT=4711 HELO=helo.example PROTO=ESMTP", 250);
            _ids["xforward"] = await s.SendAsync("<xf@pftest.test>", ["<t1@tempfail.test>"], Message("forwarded", "XFORWARD client\n"));
        }

        await using (var s = await SmtpSession.ConnectAsync(port, "me.test"))
        {
            _ids["mime"] = await s.SendAsync("<mime@pftest.test> BODY=8BITMIME", ["<m1@dead.test>", "<m2@tempfail.test>"], MimeMessage());
            _ids["utf8"] = await s.SendAsync(
                "<jöhn@pftest.test> SMTPUTF8",
                ["<ünï@dead.test>"],
                Encoding.UTF8.GetBytes("From: jöhn@pftest.test\nTo: ünï@dead.test\nSubject: Grüße aus Köln\n\nUTF-8 Körper\n"));
            _ids["dsn"] = await s.SendAsync(
                "<dsn@pftest.test> RET=HDRS ENVID=env-42",
                ["<d1@dead.test> NOTIFY=SUCCESS,DELAY ORCPT=rfc822;orig-d1@example.org", "<d2@tempfail.test> NOTIFY=NEVER", "<d3@dead.test> NOTIFY=FAILURE ORCPT=rfc822;orig+2Bd3@example.org"],
                Message("dsn parameters", "DSN test\n"));
            _ids["many"] = await s.SendAsync("<many@pftest.test>", Enumerable.Range(1, 1000).Select(i => $"<u{i:D4}@dead.test>"), Message("one thousand recipients", "bulk\n"));
            _ids["big"] = await s.SendAsync("<big@pftest.test>", ["<b1@dead.test>"], BigMessage());
            _ids["active"] = await s.SendAsync("<slow@pftest.test>", ["<s1@slow.test>"], Message("stalled", "stays active\n"));
        }

        await using (var s = await SmtpSession.ConnectAsync(port, "holder.test"))
        {
            await s.AuthPlainAsync(BobUser, BobPassword);
            _ids["hold"] = await s.SendAsync("<bob@pftest.test>", ["<h1@dead.test>"], Message("held", "X-Hold header\n", "X-Hold: yes\n"));
        }
    }

    private static byte[] MimeMessage()
    {
        var folded = new StringBuilder("X-Folded: start");
        for (var i = 0; i < 30; i++)
        {
            folded.Append("\n\tcontinuation line ").Append(i);
        }

        var text = new MemoryStream();
        void W(string s) => text.Write(Encoding.UTF8.GetBytes(s));
        W("From: mime@pftest.test\nTo: m1@dead.test, m2@tempfail.test\nSubject: multipart with 8-bit parts\n");
        W(folded + "\n");
        W("X-Huge: " + string.Concat(Enumerable.Repeat("0123456789", 500)) + "\n");
        W("MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"=_b1\"\nContent-Transfer-Encoding: 8bit\n\n");
        W("preamble\n--=_b1\nContent-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: 8bit\n\n");
        text.Write([(byte)'c', (byte)'a', (byte)'f', 0xE9, (byte)' ', (byte)'l', (byte)'a', (byte)'t', (byte)'i', (byte)'n', (byte)'1', (byte)'\n']);
        W("--=_b1\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\npart two: naïve café\n");
        W(new string('L', 5000) + "\n");
        W("--=_b1\nContent-Type: message/rfc822\n\nSubject: inner\nFrom: inner@example.org\n\ninner body\n--=_b1--\nepilogue\n");
        return text.ToArray();
    }

    private static byte[] BigMessage()
    {
        var text = new MemoryStream(10_600_000);
        text.Write(Message("ten megabytes", "BIGSTART\n"));
        var line = Encoding.ASCII.GetBytes(new string('x', 99) + "\n");
        for (var i = 0; i < 104_858; i++)
        {
            text.Write(line);
        }

        text.Write("BIGEND\n"u8);
        return text.ToArray();
    }

    private static async Task<string> SendmailToMaildropAsync(PostfixSandbox pf)
    {
        var before = MaildropIds(pf);
        await pf.SendMailAsync("md@pftest.test", ["md1@dead.test"], body: "left in maildrop\n");
        var added = MaildropIds(pf).Except(before).ToList();
        return added.Count == 1 ? added[0] : throw new InvalidOperationException($"expected one new maildrop file, found {added.Count}");
    }

    private static List<string> MaildropIds(PostfixSandbox pf) =>
        [.. Directory.EnumerateFiles(Path.Combine(pf.QueueDirectory, "maildrop")).Select(f => Path.GetFileName(f))];

    private static async Task WaitForActiveAsync(PostfixSandbox pf, string id)
    {
        for (var i = 0; i < 300 && FindQueue(pf, id) != "active"; i++)
        {
            await Task.Delay(100);
        }
    }

    private static async Task WaitForFileAsync(PostfixSandbox pf, string queue, string id)
    {
        for (var i = 0; i < 100 && FindQueue(pf, id) != queue; i++)
        {
            await Task.Delay(50);
        }
    }
}
