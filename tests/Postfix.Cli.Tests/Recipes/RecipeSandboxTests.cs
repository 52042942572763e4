using System.Net.Sockets;
using System.Text;
using Postfix.Testing;

namespace Postfix.Cli.Tests.Recipes;

/// <summary>
/// Each recipe against a private running Postfix (loopback only), checked by what Postfix does — its log, its SMTP
/// replies, its TLS handshake — not by the files the recipe wrote.
/// </summary>
[Collection("sandbox")]
public sealed class RecipeSandboxTests
{
    [Theory]
    [InlineData("force-ipv6", "::1[::1]:9", "127.0.0.1[127.0.0.1]:9")]
    [InlineData("force-ipv4", "127.0.0.1[127.0.0.1]:9", "::1[::1]:9")]
    public async Task ForceAddressFamily_MailToTheDomain_IsTriedOnlyOverThatFamily(string recipe, string tried, string notTried)
    {
        RealPostfix.Require("postfix", "sendmail");
        // Both loopback addresses as next hops (a list, Postfix 3.5+): without the recipe both are tried.
        await using var box = await PostfixSandbox.CreateAsync(new PostfixSandboxOptions { Transport = "forced.test smtp:[127.0.0.1]:9, [::1]:9\n" });
        await box.StartAsync();
        await box.SendMailAsync("sender@" + box.HostName, ["before@forced.test"]);
        Assert.True(await box.WaitForLogAsync("to=<before@forced.test>", TimeSpan.FromSeconds(30)), await box.ReadLogAsync());
        var baseline = await box.ReadLogAsync();
        Assert.Contains("connect to 127.0.0.1[127.0.0.1]:9", baseline, StringComparison.Ordinal);
        Assert.Contains("connect to ::1[::1]:9", baseline, StringComparison.Ordinal);
        await Tool.RunAsync("postfix", ["-c", box.ConfigDirectory, "logrotate"]);
        await Tool.RunAsync("chown", ["postfix", box.LogFile]);

        var (code, stdout, stderr, _) = await CliRun.RunAsync(["recipe", recipe, "forced.test", "-c", box.ConfigDirectory]);
        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("postfix -c " + box.ConfigDirectory + " reload", stdout, StringComparison.Ordinal);
        Assert.True(await box.WaitForLogAsync("reload -- version"), await box.ReadLogAsync());

        await box.SendMailAsync("sender@" + box.HostName, ["someone@forced.test"]);
        Assert.True(await box.WaitForLogAsync("to=<someone@forced.test>", TimeSpan.FromSeconds(30)), await box.ReadLogAsync());
        var log = await box.ReadLogAsync();
        Assert.True(log.Contains("connect to " + tried, StringComparison.Ordinal), log);
        Assert.DoesNotContain(log.Split('\n'), l => l.Contains("connect to " + notTried, StringComparison.Ordinal));

        // Idempotent: a second run changes nothing and reloads nothing.
        var again = await CliRun.RunAsync(["recipe", recipe, "forced.test", "-c", box.ConfigDirectory]);
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("nothing to change", again.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("reload", again.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BlockSender_SmtpSession_IsRejectedWithTheMessage()
    {
        RealPostfix.Require("postfix", "postmap");
        await using var box = await PostfixSandbox.CreateAsync();
        await box.StartAsync();

        var (code, stdout, stderr, _) = await CliRun.RunAsync(
            ["recipe", "block-sender", "hacked-list@lists.example.org", "--message", "This list was compromised", "-c", box.ConfigDirectory]);
        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("postmap hash:" + box.ConfigDirectory + "/sender_access", stdout, StringComparison.Ordinal);
        Assert.True(await box.WaitForLogAsync("reload -- version"), await box.ReadLogAsync());

        var blocked = await SmtpAsync(box.SmtpPort, "hacked-list@lists.example.org", "postmaster@" + box.HostName);
        Assert.StartsWith("554 5.7.1 <hacked-list@lists.example.org>: Sender address rejected: This list was compromised", blocked, StringComparison.Ordinal);
        var other = await SmtpAsync(box.SmtpPort, "friend@lists.example.org", "postmaster@" + box.HostName);
        Assert.StartsWith("250 ", other, StringComparison.Ordinal);

        // recipe undo: main.cf back, the new table and its database gone, Postfix reloaded; the sender is accepted again.
        await Tool.RunAsync("postfix", ["-c", box.ConfigDirectory, "logrotate"]);
        await Tool.RunAsync("chown", ["postfix", box.LogFile]);
        var undo = await CliRun.RunAsync(["recipe", "undo", "-c", box.ConfigDirectory]);
        Assert.True(undo.ExitCode == 0, undo.Stdout + undo.Stderr);
        Assert.Contains("removed " + box.ConfigDirectory + "/sender_access.db", undo.Stdout, StringComparison.Ordinal);
        Assert.True(await box.WaitForLogAsync("reload -- version"), await box.ReadLogAsync());
        Assert.False(File.Exists(box.ConfigDirectory + "/sender_access"));
        Assert.StartsWith("250 ", await SmtpAsync(box.SmtpPort, "hacked-list@lists.example.org", "postmaster@" + box.HostName), StringComparison.Ordinal);
        Assert.Equal("nothing to undo\n", (await CliRun.RunAsync(["recipe", "undo", "-c", box.ConfigDirectory])).Stdout);
    }

    [Fact]
    public async Task BlockSender_DefaultDatabaseType_NewTableHasThatTypeAndIsBuiltWithIt()
    {
        RealPostfix.Require("postfix", "postmap");
        await using var box = await PostfixSandbox.CreateAsync(new PostfixSandboxOptions { MainCf = { ["default_database_type"] = "btree" } });

        var (code, stdout, stderr, _) = await CliRun.RunAsync(["recipe", "block-sender", "spam.example", "-c", box.ConfigDirectory]);

        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("postfix -c " + box.ConfigDirectory + " check", stdout, StringComparison.Ordinal);
        Assert.Contains("postmap btree:" + box.ConfigDirectory + "/sender_access", stdout, StringComparison.Ordinal);
        Assert.Contains("postfix is not running", stdout, StringComparison.Ordinal);
        var restrictions = await box.PostconfAsync("-h", "smtpd_sender_restrictions");
        Assert.Equal($"check_sender_access btree:{box.ConfigDirectory}/sender_access\n", restrictions.StdoutText);
        var q = await Tool.RunAsync("postmap", ["-c", box.ConfigDirectory, "-q", "spam.example", "btree:" + box.ConfigDirectory + "/sender_access"]);
        Assert.Equal("REJECT\n", q.StdoutText);
        Assert.DoesNotContain("older than source", q.StderrText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BlockReadReceipts_MdnIsDiscarded_PlainMailIsDelivered()
    {
        RealPostfix.Require("postfix", "sendmail", "smtp-sink");
        await using var box = await PostfixSandbox.CreateAsync();
        var sink = await box.StartSmtpSinkAsync();
        await box.WriteTransportAsync($"sink.test smtp:[127.0.0.1]:{sink.Port}\n");
        await box.StartAsync();

        var (code, stdout, stderr, _) = await CliRun.RunAsync(["recipe", "block-read-receipts", "--mdn-only", "-c", box.ConfigDirectory]);
        Assert.True(code == 0, stdout + stderr);
        Assert.True(await box.WaitForLogAsync("reload -- version"), await box.ReadLogAsync());

        await box.SendMailAsync("reader@" + box.HostName, ["mdn@sink.test"], new Dictionary<string, string>
        {
            ["Content-Type"] = "multipart/report; report-type=disposition-notification; boundary=\"b1\"",
        });
        await box.SendMailAsync("writer@" + box.HostName, ["plain@sink.test"]);
        Assert.True(await box.WaitForLogAsync("to=<plain@sink.test>", TimeSpan.FromSeconds(30)), await box.ReadLogAsync());
        Assert.True(await box.WaitForLogAsync("discard: header Content-Type: multipart/report", TimeSpan.FromSeconds(30)), await box.ReadLogAsync());
        var log = await box.ReadLogAsync();
        Assert.Contains(log.Split('\n'), l => l.Contains("to=<plain@sink.test>", StringComparison.Ordinal) && l.Contains("status=sent", StringComparison.Ordinal));
        Assert.DoesNotContain(log.Split('\n'), l => l.Contains("to=<mdn@sink.test>", StringComparison.Ordinal) && l.Contains("status=sent", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ForwardSecrecy_DheHandshake_UsesTheNewGroup()
    {
        // The default size. (A 3072-bit group took minutes to generate on a loaded CI machine; the prime comparison
        // below proves the file is used better than a different size would.)
        const int bits = 2048;
        RealPostfix.Require("postfix", "openssl");
        var certDir = Directory.CreateTempSubdirectory("pfnet-fs-cert");
        try
        {
            var req = await Tool.RunAsync("openssl", [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=pftest.test",
                "-keyout", certDir.FullName + "/key.pem", "-out", certDir.FullName + "/cert.pem"]);
            Assert.True(req.ExitCode == 0, req.ToString());
            await using var box = await PostfixSandbox.CreateAsync(new PostfixSandboxOptions
            {
                MainCf =
                {
                    ["smtpd_tls_security_level"] = "may",
                    ["smtpd_tls_cert_file"] = certDir.FullName + "/cert.pem",
                    ["smtpd_tls_key_file"] = certDir.FullName + "/key.pem",
                },
            });
            await box.StartAsync();

            // 2048 is the recipe's default, and also the size of Postfix's built-in group: the prime tells them apart.
            string[] args = ["recipe", "forward-secrecy", "-c", box.ConfigDirectory];
            var (code, stdout, stderr, _) = await CliRun.RunAsync(args);
            Assert.True(code == 0, stdout + stderr);
            Assert.True(await box.WaitForLogAsync("reload -- version"), await box.ReadLogAsync());

            var handshake = await Tool.RunAsync(
                "openssl",
                ["s_client", "-starttls", "smtp", "-connect", "127.0.0.1:" + box.SmtpPort, "-tls1_2", "-cipher", "DHE-RSA-AES256-GCM-SHA384", "-msg"],
                Encoding.ASCII.GetBytes("QUIT\r\n"));
            Assert.Contains($"Server Temp Key: DH, {bits} bits", handshake.StdoutText, StringComparison.Ordinal);
            var file = $"{box.ConfigDirectory}/dh{bits}.pem";
            Assert.Equal(Convert.ToHexString(PemPrime(await File.ReadAllTextAsync(file))), Convert.ToHexString(ServerKeyExchangePrime(handshake.StdoutText)));

            // Idempotent: the existing good group is kept; nothing changes, nothing reloads.
            var again = await CliRun.RunAsync(args);
            Assert.Equal(0, again.ExitCode);
            Assert.Contains("the existing parameters are kept", again.Stdout, StringComparison.Ordinal);
            Assert.Contains("nothing to change", again.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            certDir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task TlsPin_RightPinIsVerified_WrongPinDefersTheMail()
    {
        RealPostfix.Require("postfix", "postmap", "openssl", "sendmail");
        var certDir = Directory.CreateTempSubdirectory("pfnet-pin-cert");
        try
        {
            foreach (var name in new[] { "peer", "other" })
            {
                var req = await Tool.RunAsync("openssl", [
                    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=" + name + ".test",
                    "-keyout", certDir.FullName + "/" + name + "-key.pem", "-out", certDir.FullName + "/" + name + ".pem"]);
                Assert.True(req.ExitCode == 0, req.ToString());
            }

            var peerPort = PostfixSandbox.FreePort();
            await using var box = await PostfixSandbox.CreateAsync(new PostfixSandboxOptions
            {
                MainCf =
                {
                    ["smtpd_tls_security_level"] = "may",
                    ["smtpd_tls_cert_file"] = certDir.FullName + "/peer.pem",
                    ["smtpd_tls_key_file"] = certDir.FullName + "/peer-key.pem",
                    ["smtp_tls_loglevel"] = "1",
                },
                Transport = $"pin.test smtp:[127.0.0.1]:{peerPort}\nwrong.test smtp:[localhost]:{peerPort}\n",
            });

            // The "partner": a second smtpd of the same instance with its own name, refusing every recipient after TLS.
            await box.PostconfCheckedAsync("-M", $"127.0.0.1:{peerPort}/inet = 127.0.0.1:{peerPort} inet n - n - - smtpd -o myhostname=peer.test -o smtpd_recipient_restrictions=reject");
            RealPostfix.Age(box.ConfigDirectory + "/master.cf");
            await box.StartAsync();

            var good = await CliRun.RunAsync(["recipe", "tls-pin", $"[127.0.0.1]:{peerPort}", "--probe", "-c", box.ConfigDirectory]);
            Assert.True(good.ExitCode == 0, good.Stdout + good.Stderr);
            var wrong = await CliRun.RunAsync(["recipe", "tls-pin", $"[localhost]:{peerPort}", "--cert", certDir.FullName + "/other.pem", "-c", box.ConfigDirectory]);
            Assert.True(wrong.ExitCode == 0, wrong.Stdout + wrong.Stderr);
            Assert.True(await box.WaitForLogAsync("reload -- version"), await box.ReadLogAsync());

            await box.SendMailAsync("sender@" + box.HostName, ["someone@pin.test"]);
            await box.SendMailAsync("sender@" + box.HostName, ["someone@wrong.test"]);
            Assert.True(await box.WaitForLogAsync($"Verified TLS connection established to 127.0.0.1[127.0.0.1]:{peerPort}", TimeSpan.FromSeconds(30)), await box.ReadLogAsync());
            Assert.True(await box.WaitForLogAsync("to=<someone@wrong.test>", TimeSpan.FromSeconds(30)), await box.ReadLogAsync());
            var log = await box.ReadLogAsync();
            Assert.Contains(log.Split('\n'), l => l.Contains("to=<someone@wrong.test>", StringComparison.Ordinal) && l.Contains("status=deferred", StringComparison.Ordinal)
                && l.Contains("Server certificate not verified", StringComparison.Ordinal));
        }
        finally
        {
            certDir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task ClearBounces_DefaultTakesDeferredBouncesOnly_AllTakesHeldToo()
    {
        RealPostfix.Require("postfix", "sendmail", "postqueue", "postsuper");
        await using var box = await PostfixSandbox.CreateAsync(new PostfixSandboxOptions { Transport = "dead.test smtp:[127.0.0.1]:9\n" });
        await box.StartAsync();

        // Two bounces (unknown local users, the senders' domain is dead) and one ordinary deferred message.
        await box.SendMailAsync("a@dead.test", ["nosuchuser1@" + box.HostName]);
        await box.SendMailAsync("b@dead.test", ["nosuchuser2@" + box.HostName]);
        await box.SendMailAsync("c@" + box.HostName, ["someone@dead.test"]);
        List<(string Id, string Queue, string Sender)> queue = [];
        for (var i = 0; i < 150; i++)
        {
            queue = [.. (await box.QueueJsonAsync()).Select(d => (
                d.RootElement.GetProperty("queue_id").GetString()!,
                d.RootElement.GetProperty("queue_name").GetString()!,
                d.RootElement.GetProperty("sender").GetString()!))];
            if (queue.Count(m => m.Sender == "MAILER-DAEMON" && m.Queue == "deferred") == 2 && queue.Count(m => m.Queue == "deferred") == 3)
            {
                break;
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        var bounces = queue.Where(m => m.Sender == "MAILER-DAEMON").Select(m => m.Id).ToList();
        Assert.Equal(2, bounces.Count);
        var hold = await Tool.RunAsync("postsuper", ["-c", box.ConfigDirectory, "-h", bounces[1]]);
        Assert.Equal(0, hold.ExitCode);

        var (code, stdout, stderr, _) = await CliRun.RunAsync(["recipe", "clear-bounces", "-c", box.ConfigDirectory]);
        Assert.True(code == 0, stdout + stderr);
        var left = (await box.QueueJsonAsync()).Select(d => d.RootElement.GetProperty("queue_id").GetString()).ToList();
        Assert.DoesNotContain(bounces[0], left);
        Assert.Contains(bounces[1], left);
        Assert.Equal(2, left.Count);

        var all = await CliRun.RunAsync(["recipe", "clear-bounces", "--all", "-c", box.ConfigDirectory]);
        Assert.True(all.ExitCode == 0, all.Stdout + all.Stderr);
        left = (await box.QueueJsonAsync()).Select(d => d.RootElement.GetProperty("queue_id").GetString()).ToList();
        Assert.Single(left);
        Assert.DoesNotContain(bounces[1], left);
    }

    /// <summary>The prime p of a PEM "DH PARAMETERS" file (DER: SEQUENCE { INTEGER p, INTEGER g }), without leading zeros.</summary>
    private static byte[] PemPrime(string pem)
    {
        var base64 = string.Concat(pem.Split('\n').Where(l => l.Length > 0 && !l.StartsWith("-----", StringComparison.Ordinal)));
        var reader = new System.Formats.Asn1.AsnReader(Convert.FromBase64String(base64), System.Formats.Asn1.AsnEncodingRules.DER).ReadSequence();
        var p = reader.ReadIntegerBytes().Span;
        return p.TrimStart((byte)0).ToArray();
    }

    /// <summary>The DH prime the server sent: dh_p of the ServerKeyExchange message in <c>openssl s_client -msg</c>'s hex dump.</summary>
    private static byte[] ServerKeyExchangePrime(string msgOutput)
    {
        var lines = msgOutput.Split('\n');
        var start = Array.FindIndex(lines, l => l.StartsWith("<<< ", StringComparison.Ordinal) && l.Contains("ServerKeyExchange", StringComparison.Ordinal));
        Assert.True(start >= 0, msgOutput);
        var bytes = lines.Skip(start + 1).TakeWhile(l => l.StartsWith(' ')).SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(h => Convert.ToByte(h, 16)).ToArray();
        Assert.Equal(0x0c, bytes[0]);
        var length = (bytes[4] << 8) | bytes[5];
        return bytes.AsSpan(6, length).ToArray();
    }

    /// <summary>Speaks SMTP to 127.0.0.1:<paramref name="port"/> up to RCPT TO and returns the reply to it.</summary>
    private static async Task<string> SmtpAsync(int port, string from, string to)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(System.Net.IPAddress.Loopback, port);
        await using var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        async Task<string> Reply()
        {
            string line;
            var all = new StringBuilder();
            do
            {
                line = await reader.ReadLineAsync() ?? throw new IOException("connection closed");
                all.Append(line).Append('\n');
            }
            while (line.Length > 3 && line[3] == '-');
            return all.ToString();
        }

        await Reply();
        await writer.WriteLineAsync("EHLO client.test");
        await Reply();
        await writer.WriteLineAsync($"MAIL FROM:<{from}>");
        await Reply();
        await writer.WriteLineAsync($"RCPT TO:<{to}>");
        var rcpt = await Reply();
        await writer.WriteLineAsync("QUIT");
        return rcpt;
    }
}
