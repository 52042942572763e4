using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Postfix.Crypto.Fingerprints;

namespace Postfix.Crypto.Probe;

/// <summary>
/// Connects to an SMTP server, starts TLS (STARTTLS or wrapper mode) and collects the certificate chain the server
/// sends, without trusting it — what <c>posttls-finger -c</c> reports, as a library call. The probe sends
/// <c>EHLO</c>, <c>STARTTLS</c> and, after the handshake, <c>QUIT</c>; it never sends mail.
/// </summary>
public static class TlsProbe
{

    /// <summary>Runs the probe.</summary>
    /// <exception cref="TlsProbeException">Connection, SMTP, timeout or TLS failure (the message says which).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<TlsProbeResult> ProbeAsync(TlsProbeOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var client = new TcpClient(AddressFamily.InterNetworkV6) { NoDelay = true };
        client.Client.DualMode = true;
        var address = await ConnectAsync(client, options, cancellationToken).ConfigureAwait(false);
        var where = $"{options.Host}[{address}]:{options.Port}";
        var network = client.GetStream();
        var reader = new SmtpReader(network);
        string? greeting = null;
        IReadOnlyList<string> ehlo = [];
        if (options.Mode == TlsProbeMode.StartTls)
        {
            greeting = string.Join('\n', await ExpectAsync(reader, network, null, 220, "greeting", where, options, cancellationToken).ConfigureAwait(false));
            ehlo = await ExpectAsync(reader, network, "EHLO " + options.HeloName, 250, "EHLO", where, options, cancellationToken).ConfigureAwait(false);
            if (!ehlo.Skip(1).Any(line => line.Length >= 4 && line[4..].Split(' ')[0].Equals("STARTTLS", StringComparison.OrdinalIgnoreCase)))
            {
                throw new TlsProbeException($"{where}: server does not offer STARTTLS");
            }

            await ExpectAsync(reader, network, "STARTTLS", 220, "STARTTLS", where, options, cancellationToken).ConfigureAwait(false);
            if (reader.HasBufferedData)
            {
                throw new TlsProbeException($"{where}: server sent data after its STARTTLS reply (refusing: possible command injection)");
            }
        }

        var collected = new List<byte[]>();
        var recorder = new HandshakeRecorder(network);
        var ssl = new SslStream(recorder, leaveInnerStreamOpen: true, (_, certificate, chain, _) => Collect(certificate, chain, collected));
        await using (ssl.ConfigureAwait(false))
        await using (recorder.ConfigureAwait(false))
        {
            var authentication = new SslClientAuthenticationOptions
            {
                TargetHost = options.ServerName ?? string.Empty,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                CertificateChainPolicy = new X509ChainPolicy
                {
                    RevocationMode = X509RevocationMode.NoCheck,
                    DisableCertificateDownloads = true,
                },
            };
            using (var handshake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                handshake.CancelAfter(options.HandshakeTimeout);
                try
                {
                    await ssl.AuthenticateAsClientAsync(authentication, handshake.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new TlsProbeException($"{where}: timeout during the TLS handshake");
                }
                catch (Exception e) when (e is AuthenticationException or IOException)
                {
                    throw new TlsProbeException($"{where}: TLS handshake failed: {e.Message}", e);
                }
            }

            recorder.Stop();
            var chain = new List<TlsMaterial>();
            foreach (var certificate in collected)
            {
                try
                {
                    chain.Add(TlsMaterial.FromCertificate(certificate, where));
                }
                catch (TlsMaterialFormatException e)
                {
                    throw new TlsProbeException($"{where}: server certificate {chain.Count} is not readable: {e.Problem}", e);
                }
            }

            if (chain.Count == 0)
            {
                throw new TlsProbeException($"{where}: server sent no certificate");
            }

            var result = new TlsProbeResult(
                options.Host,
                options.Port,
                address.ToString(),
                greeting,
                ehlo,
                ProtocolName(ssl.SslProtocol),
                ssl.NegotiatedCipherSuite,
                chain,
                ServerHelloReader.KeyShareGroup(recorder.Recorded));
            await QuitAsync(ssl, options, cancellationToken).ConfigureAwait(false);
            return result;
        }
    }

    private static bool Collect(X509Certificate? leaf, X509Chain? chain, List<byte[]> collected)
    {
        // Keep what the server sent: the leaf, then the other certificates it presented (the chain's extra store holds
        // them in the order received). Nothing is trusted, so the callback accepts.
        collected.Clear();
        if (leaf is not null)
        {
            collected.Add(leaf.GetRawCertData());
        }

        if (chain is not null)
        {
            foreach (var extra in chain.ChainPolicy.ExtraStore)
            {
                if (!collected.Any(c => c.AsSpan().SequenceEqual(extra.RawData)))
                {
                    collected.Add(extra.RawData);
                }
            }
        }

        return true;
    }

    private static async Task<IPAddress> ConnectAsync(TcpClient client, TlsProbeOptions options, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        try
        {
            var addresses = IPAddress.TryParse(options.Host, out var literal)
                ? [literal]
                : await Dns.GetHostAddressesAsync(options.Host, timeout.Token).ConfigureAwait(false);
            SocketException? last = null;
            foreach (var address in addresses)
            {
                try
                {
                    await client.ConnectAsync(address, options.Port, timeout.Token).ConfigureAwait(false);
                    return address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
                }
                catch (SocketException e)
                {
                    last = e;
                }
            }

            throw new TlsProbeException($"{options.Host}:{options.Port}: connect failed: {last?.Message ?? "no address"}", last ?? new SocketException());
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TlsProbeException($"{options.Host}:{options.Port}: connect timed out");
        }
        catch (SocketException e)
        {
            throw new TlsProbeException($"{options.Host}:{options.Port}: {e.Message}", e);
        }
    }

    private static async Task<IReadOnlyList<string>> ExpectAsync(SmtpReader reader, Stream stream, string? command, int code, string stage, string where, TlsProbeOptions options, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.CommandTimeout);
        try
        {
            if (command is not null)
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"), timeout.Token).ConfigureAwait(false);
            }

            var (replyCode, lines) = await reader.ReadReplyAsync(timeout.Token).ConfigureAwait(false);
            if (replyCode != code)
            {
                throw new TlsProbeException($"{where}: unexpected reply to {stage}: {string.Join(" ", lines)}");
            }

            return lines;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TlsProbeException($"{where}: timeout waiting for the {stage} reply");
        }
        catch (IOException e) when (e is not TlsProbeException)
        {
            throw new TlsProbeException($"{where}: connection lost during {stage}: {e.Message}", e);
        }
        catch (InvalidDataException e)
        {
            throw new TlsProbeException($"{where}: malformed reply to {stage}: {e.Message}", e);
        }
    }

    private static async Task QuitAsync(SslStream ssl, TlsProbeOptions options, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromTicks(Math.Min(options.CommandTimeout.Ticks, TimeSpan.FromSeconds(5).Ticks)));
        try
        {
            if (options.Mode == TlsProbeMode.Wrapper)
            {
                await new SmtpReader(ssl).ReadReplyAsync(timeout.Token).ConfigureAwait(false);
            }

            await ssl.WriteAsync("QUIT\r\n"u8.ToArray(), timeout.Token).ConfigureAwait(false);
            await new SmtpReader(ssl).ReadReplyAsync(timeout.Token).ConfigureAwait(false);
            await ssl.ShutdownAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or OperationCanceledException or AuthenticationException or ObjectDisposedException)
        {
            // The certificates are in hand; a server that closes rudely after the handshake does not spoil the result.
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private static string ProtocolName(SslProtocols protocol) => protocol switch
    {
        SslProtocols.Tls13 => "TLSv1.3",
        SslProtocols.Tls12 => "TLSv1.2",
#pragma warning disable SYSLIB0039, CA5397 // Only naming what the server negotiated.
        SslProtocols.Tls11 => "TLSv1.1",
        SslProtocols.Tls => "TLSv1",
#pragma warning restore SYSLIB0039, CA5397
        _ => protocol.ToString(),
    };
}
