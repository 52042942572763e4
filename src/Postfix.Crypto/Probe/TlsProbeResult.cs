using System.Globalization;
using System.Net.Security;
using Postfix.Crypto.Fingerprints;

namespace Postfix.Crypto.Probe;

/// <summary>What <see cref="TlsProbe"/> learned: the SMTP exchange, the TLS parameters and the server's chain (not verified).</summary>
public sealed class TlsProbeResult
{
    internal TlsProbeResult(string host, int port, string address, string? greeting, IReadOnlyList<string> ehlo, string protocol, TlsCipherSuite cipherSuite, IReadOnlyList<TlsMaterial> chain, int? keyShareGroup)
    {
        Host = host;
        Port = port;
        Address = address;
        Greeting = greeting;
        EhloReply = ehlo;
        Protocol = protocol;
        IanaCipherSuite = Enum.IsDefined(cipherSuite) ? cipherSuite.ToString() : string.Create(CultureInfo.InvariantCulture, $"0x{(int)cipherSuite:X4}");
        if (OpenSslCipherTable.TryGet(cipherSuite, out var cipher))
        {
            CipherSuite = cipher.Name;
            CipherBits = cipher.Bits;
            CipherAlgorithmBits = cipher.AlgorithmBits;
        }
        else
        {
            CipherSuite = IanaCipherSuite;
        }

        Chain = chain;
        if (protocol == "TLSv1.3")
        {
            KeyShareGroup = keyShareGroup;
            KeyExchange = keyShareGroup is { } group ? TlsKeyExchangeNames.KeyExchange(group) : null;
            (ServerSignature, ServerDigest) = TlsKeyExchangeNames.ServerSignature(chain[0].KeyDescription);
        }
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

    /// <summary>
    /// The negotiated cipher suite by OpenSSL's name, as posttls-finger prints it (<c>ECDHE-RSA-AES256-GCM-SHA384</c>;
    /// TLS 1.3 names such as <c>TLS_AES_256_GCM_SHA384</c> are the IANA names). A suite OpenSSL does not know keeps
    /// its IANA name (or <c>0xHHHH</c>).
    /// </summary>
    public string CipherSuite { get; }

    /// <summary>The negotiated cipher suite by its IANA name (<c>TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384</c>), or <c>0xHHHH</c>.</summary>
    public string IanaCipherSuite { get; }

    /// <summary>The cipher's strength in bits as OpenSSL reports it (the first number of posttls-finger's <c>(256/256 bits)</c>); null for a suite OpenSSL does not know.</summary>
    public int? CipherBits { get; }

    /// <summary>The cipher algorithm's key size in bits (the second number of <c>(256/256 bits)</c>); null for a suite OpenSSL does not know.</summary>
    public int? CipherAlgorithmBits { get; }

    /// <summary>
    /// TLS 1.3: the named group (RFC 8446 code point, <c>0x001D</c> = x25519) of the server's key_share, read from the
    /// cleartext ServerHello on the wire; null for TLS 1.2 and earlier, or when it could not be read.
    /// </summary>
    public int? KeyShareGroup { get; }

    /// <summary>
    /// TLS 1.3: the key exchange as Postfix logs it after <c>key-exchange</c> (<c>X25519</c>, <c>ECDHE (prime256v1)</c>,
    /// <c>DHE (2048 bits)</c>); null for TLS 1.2 and earlier (Postfix logs none either) or an unknown group.
    /// </summary>
    public string? KeyExchange { get; }

    /// <summary>
    /// TLS 1.3: the server signature as Postfix logs it after <c>server-signature</c>, as far as the certificate key
    /// decides it (<c>RSA-PSS (2048 bits)</c>, <c>ECDSA (prime256v1)</c>, OpenSSL's short curve names); null for TLS 1.2 and earlier, and for
    /// Ed25519/Ed448 and other keys.
    /// </summary>
    public string? ServerSignature { get; }

    /// <summary>
    /// TLS 1.3: the signature hash as Postfix logs it after <c>server-digest</c> when the certificate key fixes it
    /// (ECDSA: <c>SHA256</c> for P-256, <c>SHA384</c> for P-384, <c>SHA512</c> for P-521). Null for RSA-PSS, whose hash
    /// the server chooses inside the encrypted handshake.
    /// </summary>
    public string? ServerDigest { get; }

    /// <summary>
    /// The part of posttls-finger's <c>TLS connection established to …: </c> line after the colon:
    /// <c>TLSv1.2 with cipher ECDHE-RSA-AES256-GCM-SHA384 (256/256 bits)</c>, or for TLS 1.3 <c>TLSv1.3 with cipher
    /// TLS_AES_256_GCM_SHA384 (256/256 bits) key-exchange X25519 server-signature RSA-PSS (2048 bits)</c> — with
    /// <c>server-digest</c> only when <see cref="ServerDigest"/> is known.
    /// </summary>
    public string ConnectionSummary
    {
        get
        {
            var text = CipherBits is { } bits
                ? string.Create(CultureInfo.InvariantCulture, $"{Protocol} with cipher {CipherSuite} ({bits}/{CipherAlgorithmBits} bits)")
                : $"{Protocol} with cipher {CipherSuite}";
            if (KeyExchange is not null)
            {
                text += " key-exchange " + KeyExchange;
            }

            if (ServerSignature is not null)
            {
                text += " server-signature " + ServerSignature;
            }

            if (ServerDigest is not null)
            {
                text += " server-digest " + ServerDigest;
            }

            return text;
        }
    }

    /// <summary>The certificates the server sent, its own first, in the order sent; none of them is trusted.</summary>
    public IReadOnlyList<TlsMaterial> Chain { get; }
}
