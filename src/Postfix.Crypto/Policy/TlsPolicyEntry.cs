using Postfix.Crypto.Fingerprints;

namespace Postfix.Crypto.Policy;

/// <summary>
/// One <c>smtp_tls_policy_maps</c> entry: a next-hop destination and its policy (<c>level attribute=value …</c>), as
/// <c>smtp_tls_policy.c</c> reads it. <see cref="ToString"/> gives the table line,
/// e.g. <c>[mx.example.com]:25 fingerprint match=AB:…|CD:…</c>; <see cref="Value"/> what a lookup returns.
/// </summary>
public sealed class TlsPolicyEntry
{
    private static readonly System.Buffers.SearchValues<char> Forbidden = System.Buffers.SearchValues.Create(" \t\r\n\v\f,");

    /// <summary>Creates an entry, checking that Postfix would accept it.</summary>
    /// <param name="destination">The table key: a next-hop as in the transport table, such as <c>[mx.example.com]:25</c> or <c>example.com</c>.</param>
    /// <param name="level">The security level.</param>
    /// <param name="matches">
    /// <c>match=</c> values: fingerprints at <see cref="TlsSecurityLevel.Fingerprint"/> (joined by <c>|</c>), name
    /// patterns at <see cref="TlsSecurityLevel.Verify"/> and <see cref="TlsSecurityLevel.Secure"/> (joined by <c>:</c>).
    /// </param>
    /// <exception cref="ArgumentException">Something Postfix would reject (or split differently than meant).</exception>
    public TlsPolicyEntry(string destination, TlsSecurityLevel level, IEnumerable<string>? matches = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(destination);
        CheckToken(destination, nameof(destination));
        if (destination.StartsWith('#'))
        {
            throw new ArgumentException("a table key cannot start with '#' (it would be a comment)", nameof(destination));
        }

        var list = (matches ?? []).ToList();
        foreach (var match in list)
        {
            ArgumentException.ThrowIfNullOrEmpty(match, nameof(matches));
            CheckToken(match, nameof(matches));
        }

        if (list.Count > 0 && level is not (TlsSecurityLevel.Fingerprint or TlsSecurityLevel.Verify or TlsSecurityLevel.Secure))
        {
            throw new ArgumentException($"attribute \"match\" invalid at security level \"{LevelName(level)}\"", nameof(matches));
        }

        if (level == TlsSecurityLevel.Fingerprint)
        {
            if (list.Count == 0)
            {
                throw new ArgumentException("the \"fingerprint\" security level needs at least one fingerprint to match", nameof(matches));
            }

            var parsed = FingerprintList.FromValues(list);
            if (parsed.Entries.FirstOrDefault(e => e.Problem is not null) is { } bad)
            {
                throw new ArgumentException(bad.Problem, nameof(matches));
            }

            if (parsed.Fingerprints.Select(f => f.Digest).Distinct().Count() > 1)
            {
                throw new ArgumentException("fingerprints of different digests: Postfix compares them all with one smtp_tls_fingerprint_digest", nameof(matches));
            }
        }
        else if (list.Any(m => m.Contains('|', StringComparison.Ordinal)))
        {
            throw new ArgumentException("'|' separates fingerprints; name patterns are separated by ':'", nameof(matches));
        }

        Destination = destination;
        Level = level;
        Matches = list;
    }

    /// <summary>The table key.</summary>
    public string Destination { get; }

    /// <summary>The security level.</summary>
    public TlsSecurityLevel Level { get; }

    /// <summary>The <c>match=</c> values.</summary>
    public IReadOnlyList<string> Matches { get; }

    /// <summary>Optional <c>ciphers=</c> grade (<c>high</c>, <c>medium</c>, …).</summary>
    public string? Ciphers { get; init => field = Checked(value, nameof(Ciphers)); }

    /// <summary>Optional <c>protocols=</c> list, <c>:</c>-separated (e.g. <c>&gt;=TLSv1.2</c>).</summary>
    public string? Protocols { get; init => field = Checked(value, nameof(Protocols)); }

    /// <summary>Optional <c>servername=</c> (SNI) value.</summary>
    public string? ServerName { get; init => field = Checked(value, nameof(ServerName)); }

    /// <summary>
    /// A fingerprint-level entry that pins the peer to <paramref name="fingerprints"/> (public-key fingerprints survive
    /// certificate renewals that keep the key).
    /// </summary>
    public static TlsPolicyEntry ForFingerprints(string destination, IEnumerable<Fingerprint> fingerprints) =>
        new(destination, TlsSecurityLevel.Fingerprint, fingerprints.Select(f => f.ToString()).Distinct());

    /// <summary>
    /// A secure-level entry: a CA-trusted certificate whose name matches <paramref name="patterns"/> (default
    /// <c>nexthop</c> and <c>dot-nexthop</c>, Postfix's <c>smtp_tls_secure_cert_match</c> default).
    /// </summary>
    public static TlsPolicyEntry ForSecure(string destination, params string[] patterns) =>
        new(destination, TlsSecurityLevel.Secure, [string.Join(':', patterns.Length == 0 ? ["nexthop", "dot-nexthop"] : patterns)]);

    /// <summary>An encrypt-level entry: mandatory TLS without authentication.</summary>
    public static TlsPolicyEntry ForEncrypt(string destination) => new(destination, TlsSecurityLevel.Encrypt);

    /// <summary>The next-hop form that turns off MX lookups: <c>[host]:port</c> (IPv6 addresses as <c>[ipv6:…]</c>).</summary>
    public static string NextHop(string host, int port = 25)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        var inner = System.Net.IPAddress.TryParse(host, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? "ipv6:" + host
            : host;
        var text = $"[{inner}]:{port}";
        CheckToken(text, nameof(host));
        return text;
    }

    /// <summary>Postfix's name of a level (<c>dane-only</c>, <c>fingerprint</c>, …).</summary>
    public static string LevelName(TlsSecurityLevel level) => level switch
    {
        TlsSecurityLevel.None => "none",
        TlsSecurityLevel.May => "may",
        TlsSecurityLevel.Encrypt => "encrypt",
        TlsSecurityLevel.Fingerprint => "fingerprint",
        TlsSecurityLevel.Verify => "verify",
        TlsSecurityLevel.Secure => "secure",
        TlsSecurityLevel.Dane => "dane",
        TlsSecurityLevel.DaneOnly => "dane-only",
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "unknown level"),
    };

    /// <summary>The policy as a table lookup returns it: <c>fingerprint match=AB:…|CD:…</c>.</summary>
    public string Value
    {
        get
        {
            var parts = new List<string> { LevelName(Level) };
            if (Matches.Count > 0)
            {
                parts.Add("match=" + string.Join(Level == TlsSecurityLevel.Fingerprint ? '|' : ':', Matches));
            }

            if (Ciphers is not null)
            {
                parts.Add("ciphers=" + Ciphers);
            }

            if (Protocols is not null)
            {
                parts.Add("protocols=" + Protocols);
            }

            if (ServerName is not null)
            {
                parts.Add("servername=" + ServerName);
            }

            return string.Join(' ', parts);
        }
    }

    /// <summary>The table line: destination, a space, the policy.</summary>
    public override string ToString() => Destination + " " + Value;

    private static string? Checked(string? value, string name)
    {
        if (value is not null)
        {
            ArgumentException.ThrowIfNullOrEmpty(value, name);
            CheckToken(value, name);
        }

        return value;
    }

    // Postfix splits a policy on commas and blanks, so no value may contain them.
    private static void CheckToken(string value, string name)
    {
        if (value.AsSpan().IndexOfAny(Forbidden) >= 0 || value.Any(char.IsControl))
        {
            throw new ArgumentException($"\"{value}\" contains a blank, comma or control character, which Postfix would split or reject", name);
        }
    }
}
