using Postfix.Crypto.Fingerprints;

namespace Postfix.Crypto.Probe;

/// <summary>What <see cref="TlsProbe"/> learned: the SMTP exchange, the TLS parameters and the server's chain (not verified).</summary>
public sealed class TlsProbeResult
{
    internal TlsProbeResult(string host, int port, string address, string? greeting, IReadOnlyList<string> ehlo, string protocol, string cipherSuite, IReadOnlyList<TlsMaterial> chain)
    {
        Host = host;
        Port = port;
        Address = address;
        Greeting = greeting;
        EhloReply = ehlo;
        Protocol = protocol;
        CipherSuite = cipherSuite;
        Chain = chain;
    }

    /// <summary>The host as given.</summary>
    public string Host { get; }

    /// <summary>The port.</summary>
    public int Port { get; }

    /// <summary>The IP address connected to.</summary>
    public string Address { get; }

    /// <summary>Postfix's name for the peer: <c>host[address]:port</c>, as <c>posttls-finger</c> logs it.</summary>
    public string PeerName => $"{Host}[{Address}]:{Port}";

    /// <summary>The 220 greeting (all lines joined by LF), or null in wrapper mode when the server sent none.</summary>
    public string? Greeting { get; }

    /// <summary>The EHLO reply lines before STARTTLS (empty in wrapper mode).</summary>
    public IReadOnlyList<string> EhloReply { get; }

    /// <summary>The TLS version as OpenSSL names it (<c>TLSv1.3</c>, <c>TLSv1.2</c>, …).</summary>
    public string Protocol { get; }

    /// <summary>The negotiated cipher suite by its IANA name (e.g. <c>TLS_AES_256_GCM_SHA384</c>).</summary>
    public string CipherSuite { get; }

    /// <summary>The certificates the server sent, its own first, in the order sent; none of them is trusted.</summary>
    public IReadOnlyList<TlsMaterial> Chain { get; }
}
