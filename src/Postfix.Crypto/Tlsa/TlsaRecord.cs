using System.Globalization;
using Postfix.Crypto.Fingerprints;

namespace Postfix.Crypto.Tlsa;

/// <summary>
/// A DNS TLSA record (RFC 6698) built from a certificate or key. <c>3 1 1</c> data is the Postfix sha256 public-key
/// fingerprint, <c>3 0 1</c> the sha256 certificate fingerprint, <c>2 0 1</c> the sha256 fingerprint of an issuing CA
/// certificate; <c>x x 2</c> use sha512. DNS writes the data as hex without colons, in lower case.
/// </summary>
public sealed class TlsaRecord
{
    private readonly byte[] _data;

    /// <summary>Creates a record from its four fields.</summary>
    /// <exception cref="ArgumentException">Empty data, or a length that does not fit the matching type.</exception>
    public TlsaRecord(TlsaUsage usage, TlsaSelector selector, TlsaMatchingType matchingType, ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            throw new ArgumentException("TLSA data cannot be empty", nameof(data));
        }

        var expected = matchingType switch
        {
            TlsaMatchingType.Sha256 => 32,
            TlsaMatchingType.Sha512 => 64,
            _ => data.Length,
        };
        if (data.Length != expected)
        {
            throw new ArgumentException($"matching type {(int)matchingType} needs {expected} bytes of data, not {data.Length}", nameof(data));
        }

        Usage = usage;
        Selector = selector;
        MatchingType = matchingType;
        _data = data.ToArray();
    }

    /// <summary>Certificate usage.</summary>
    public TlsaUsage Usage { get; }

    /// <summary>Selector.</summary>
    public TlsaSelector Selector { get; }

    /// <summary>Matching type.</summary>
    public TlsaMatchingType MatchingType { get; }

    /// <summary>The certificate association data.</summary>
    public ReadOnlyMemory<byte> Data => _data;

    /// <summary>
    /// The record for <paramref name="material"/>. Selector <see cref="TlsaSelector.Certificate"/> needs a certificate;
    /// <see cref="TlsaSelector.SubjectPublicKeyInfo"/> works for keys too.
    /// </summary>
    /// <exception cref="ArgumentException">A certificate selector for a key.</exception>
    public static TlsaRecord Create(TlsMaterial material, TlsaUsage usage = TlsaUsage.DaneEe, TlsaSelector selector = TlsaSelector.SubjectPublicKeyInfo, TlsaMatchingType matchingType = TlsaMatchingType.Sha256)
    {
        ArgumentNullException.ThrowIfNull(material);
        if (selector == TlsaSelector.Certificate && material.Kind != TlsMaterialKind.Certificate)
        {
            throw new ArgumentException("selector 0 (full certificate) needs a certificate, not a key", nameof(selector));
        }

        var selected = selector == TlsaSelector.Certificate ? material.CertificateDer.Span : material.SubjectPublicKeyInfoDer.Span;
        var data = matchingType switch
        {
            TlsaMatchingType.Sha256 => FingerprintDigests.Compute(FingerprintDigest.Sha256, selected),
            TlsaMatchingType.Sha512 => FingerprintDigests.Compute(FingerprintDigest.Sha512, selected),
            _ => selected.ToArray(),
        };
        return new TlsaRecord(usage, selector, matchingType, data);
    }

    /// <summary>
    /// The owner name of a service's TLSA records: <c>_25._tcp.mx.example.com.</c> (a trailing dot is added when
    /// missing).
    /// </summary>
    public static string OwnerName(string host, int port = 25, string protocol = "tcp")
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentException.ThrowIfNullOrEmpty(protocol);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        if (host.Any(c => c <= ' ' || c == 0x7f) || protocol.Any(c => c <= ' '))
        {
            throw new ArgumentException("host names cannot contain blanks or control characters", nameof(host));
        }

        var fqdn = host.EndsWith('.') ? host : host + ".";
        return string.Create(CultureInfo.InvariantCulture, $"_{port}._{protocol}.{fqdn}");
    }

    /// <summary>The fingerprint this record's data equals (matching types 1 and 2), or null for full data.</summary>
    public Fingerprint? ToFingerprint() => MatchingType switch
    {
        TlsaMatchingType.Sha256 => new Fingerprint(FingerprintDigest.Sha256, _data),
        TlsaMatchingType.Sha512 => new Fingerprint(FingerprintDigest.Sha512, _data),
        _ => null,
    };

    /// <summary>The record data in presentation form: <c>3 1 1 0a1b…</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{(int)Usage} {(int)Selector} {(int)MatchingType} {FingerprintHex.Encode(_data, colons: false, lowercase: true)}");

    /// <summary>
    /// The record as a zone-file line: <c>_25._tcp.mx.example.com. IN TLSA 3 1 1 …</c> (the form of
    /// <c>postfix tls output-server-tlsa</c>), with a TTL between owner and class when given.
    /// </summary>
    public string ToZoneFileLine(string ownerName, int? ttl = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(ownerName);
        if (ttl is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ttl), ttl, "a TTL cannot be negative");
        }

        return ttl is { } t
            ? string.Create(CultureInfo.InvariantCulture, $"{ownerName} {t} IN TLSA {this}")
            : $"{ownerName} IN TLSA {this}";
    }
}
