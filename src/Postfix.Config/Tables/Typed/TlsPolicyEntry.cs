namespace Postfix.Config.Tables.Typed;

/// <summary>
/// One line of an <c>smtp_tls_policy_maps</c> table: the next-hop destination the SMTP client looks up, and the
/// policy (<see cref="TlsPolicy"/>) it applies there. <see cref="ToString"/> is the whole line.
/// </summary>
public sealed class TlsPolicyEntry
{
    private static readonly System.Buffers.SearchValues<char> Forbidden = System.Buffers.SearchValues.Create(" \t\r\n\v\f,");

    /// <summary>Creates an entry.</summary>
    /// <param name="destination">The table key: a next hop such as <c>[mx.example.com]:25</c>, or a domain.</param>
    /// <param name="policy">The policy value.</param>
    /// <exception cref="ArgumentException">A key Postfix would split, or read as a comment.</exception>
    public TlsPolicyEntry(string destination, TlsPolicy policy)
    {
        ArgumentException.ThrowIfNullOrEmpty(destination);
        ArgumentNullException.ThrowIfNull(policy);
        if (destination.AsSpan().IndexOfAny(Forbidden) >= 0 || destination.Any(char.IsControl))
        {
            throw new ArgumentException($"\"{destination}\" contains a blank, comma or control character, which Postfix would split or reject", nameof(destination));
        }

        if (destination.StartsWith('#'))
        {
            throw new ArgumentException("a table key cannot start with '#' (it would be a comment)", nameof(destination));
        }

        if (!policy.IsValid)
        {
            throw new ArgumentException(string.Join("; ", policy.Problems), nameof(policy));
        }

        Destination = destination;
        Policy = policy;
    }

    /// <summary>The table key (the SMTP client's next hop, or a domain).</summary>
    public string Destination { get; }

    /// <summary>The policy applied to that destination.</summary>
    public TlsPolicy Policy { get; }

    /// <summary><c>DESTINATION fingerprint match=fp1|fp2</c> (duplicates dropped, order kept).</summary>
    /// <param name="destination">The table key.</param>
    /// <param name="fingerprints">Fingerprints such as <c>62:C5:…</c>.</param>
    public static TlsPolicyEntry ForFingerprints(string destination, IEnumerable<string> fingerprints)
    {
        ArgumentNullException.ThrowIfNull(fingerprints);
        return new TlsPolicyEntry(destination, TlsPolicy.Fingerprint([.. fingerprints.Distinct(StringComparer.Ordinal)]));
    }

    /// <summary><c>DESTINATION secure match=…</c>; without patterns, Postfix's default <c>nexthop:dot-nexthop</c>.</summary>
    /// <param name="destination">The table key.</param>
    /// <param name="patterns">Names or strategies to match the certificate against.</param>
    public static TlsPolicyEntry ForSecure(string destination, params string[] patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        return new TlsPolicyEntry(destination, TlsPolicy.Verified(TlsSecurityLevel.Secure, patterns.Length == 0 ? ["nexthop", "dot-nexthop"] : patterns));
    }

    /// <summary><c>DESTINATION encrypt</c>, optionally with <c>protocols=</c> and <c>ciphers=</c>.</summary>
    /// <param name="destination">The table key.</param>
    /// <param name="protocols">The protocols value, or null.</param>
    /// <param name="ciphers">The cipher grade, or null.</param>
    public static TlsPolicyEntry ForEncrypt(string destination, string? protocols = null, string? ciphers = null) =>
        new(destination, TlsPolicy.Encrypt(protocols, ciphers));

    /// <summary>
    /// The policy-table key for a next hop the SMTP client reaches without MX lookup: <c>[host]:port</c>, and
    /// <c>[ipv6:address]:port</c> for an IPv6 address.
    /// </summary>
    /// <param name="host">A host name or an IP address.</param>
    /// <param name="port">The TCP port.</param>
    public static string NextHopKey(string host, int port = 25)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        var inner = System.Net.IPAddress.TryParse(host, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? "ipv6:" + host
            : host;
        var text = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"[{inner}]:{port}");
        if (text.AsSpan().IndexOfAny(Forbidden) >= 0)
        {
            throw new ArgumentException($"\"{host}\" contains a blank or comma", nameof(host));
        }

        return text;
    }

    /// <summary>The whole table line: <c>destination policy</c>.</summary>
    public override string ToString() => Destination + " " + Policy.Value;
}
