using System.Formats.Asn1;

namespace Postfix.Crypto.Fingerprints;

/// <summary>
/// One certificate or key read by <see cref="TlsMaterialReader"/>, with what Postfix logs about it and its
/// fingerprints: the certificate fingerprint is the digest of the DER certificate, the public-key fingerprint the digest
/// of the DER SubjectPublicKeyInfo (as <c>tls_cert_fprint()</c> and <c>tls_pkey_fprint()</c> compute them).
/// </summary>
public sealed class TlsMaterial
{
    private readonly byte[]? _certificate;
    private readonly byte[] _spki;
    private readonly byte[] _subjectPublicKey;
    private readonly byte[]? _subjectName;
    private readonly byte[]? _issuerName;

    private TlsMaterial(TlsMaterialKind kind, byte[]? certificate, byte[] spki, byte[]? subjectName, byte[]? issuerName, DateTimeOffset? notBefore, DateTimeOffset? notAfter)
    {
        Kind = kind;
        _certificate = certificate;
        _spki = spki;
        _subjectName = subjectName;
        _issuerName = issuerName;
        NotBefore = notBefore;
        NotAfter = notAfter;
        var key = SubjectPublicKeyInfo.Parse(spki);
        _subjectPublicKey = key.SubjectPublicKey;
        KeyDescription = key.Description;
    }

    /// <summary>Whether this is a certificate, a public key or a private key.</summary>
    public TlsMaterialKind Kind { get; }

    /// <summary>The source name given to the reader (a file name).</summary>
    public string SourceName { get; private init; } = string.Empty;

    /// <summary>0-based position among the certificates and keys of its source.</summary>
    public int Index { get; private init; }

    /// <summary>1-based line of the PEM <c>-----BEGIN</c> line; 0 for DER input.</summary>
    public int Line { get; private init; }

    /// <summary>The PEM label (<c>CERTIFICATE</c>, <c>PRIVATE KEY</c>, …) or <c>DER</c>.</summary>
    public string Label { get; private init; } = "DER";

    /// <summary>The DER certificate (empty unless <see cref="Kind"/> is <see cref="TlsMaterialKind.Certificate"/>).</summary>
    public ReadOnlyMemory<byte> CertificateDer => _certificate ?? ReadOnlyMemory<byte>.Empty;

    /// <summary>The DER SubjectPublicKeyInfo (for a certificate, exactly as embedded in it).</summary>
    public ReadOnlyMemory<byte> SubjectPublicKeyInfoDer => _spki;

    /// <summary>
    /// The contents of the subjectPublicKey BIT STRING (without the unused-bits octet): what Postfix 2.9.0–2.9.5
    /// wrongly digested as the public-key fingerprint, and what RFC 5280 method 1 hashes with SHA-1 for a key identifier.
    /// </summary>
    public ReadOnlyMemory<byte> SubjectPublicKey => _subjectPublicKey;

    /// <summary>The key type and size, e.g. <c>RSA 2048</c>, <c>EC P-256</c>, <c>Ed25519</c>, <c>DSA 2048</c>.</summary>
    public string KeyDescription { get; }

    /// <summary>The subject in OpenSSL's one-line form (<c>/CN=mx.example.com</c>); null for keys.</summary>
    public string? Subject => _subjectName is null ? null : X509NameText.OneLine(_subjectName);

    /// <summary>The issuer in OpenSSL's one-line form; null for keys.</summary>
    public string? Issuer => _issuerName is null ? null : X509NameText.OneLine(_issuerName);

    /// <summary>
    /// What Postfix logs as <c>subject_CN</c>: the first subject commonName, or empty when there is none usable; null
    /// for keys.
    /// </summary>
    public string? SubjectCommonName => _subjectName is null ? null : X509NameText.PostfixText(_subjectName, X509NameText.CommonName) ?? string.Empty;

    /// <summary>
    /// What Postfix logs as <c>issuer_CN</c>: the first issuer commonName, else the first organizationName, else empty;
    /// null for keys.
    /// </summary>
    public string? IssuerCommonName => _issuerName is null
        ? null
        : X509NameText.PostfixText(_issuerName, X509NameText.CommonName) ?? X509NameText.PostfixText(_issuerName, X509NameText.Organization) ?? string.Empty;

    /// <summary>Start of the certificate's validity; null for keys.</summary>
    public DateTimeOffset? NotBefore { get; }

    /// <summary>End of the certificate's validity; null for keys.</summary>
    public DateTimeOffset? NotAfter { get; }

    /// <summary>The certificate fingerprint (digest of the DER certificate); null for keys.</summary>
    public Fingerprint? CertificateFingerprint(FingerprintDigest digest) =>
        _certificate is null ? null : Fingerprint.Compute(digest, _certificate);

    /// <summary>The public-key fingerprint (digest of the DER SubjectPublicKeyInfo).</summary>
    public Fingerprint PublicKeyFingerprint(FingerprintDigest digest) => Fingerprint.Compute(digest, _spki);

    /// <summary>
    /// The public-key fingerprint as Postfix 2.9.0–2.9.5 computed it (digest of <see cref="SubjectPublicKey"/>), for
    /// matching tables written for those versions (<c>tls_legacy_public_key_fingerprints</c>).
    /// </summary>
    public Fingerprint LegacyPublicKeyFingerprint(FingerprintDigest digest) => Fingerprint.Compute(digest, _subjectPublicKey);

    /// <summary>Reads one DER certificate.</summary>
    /// <exception cref="TlsMaterialFormatException">The bytes are not one X.509 certificate.</exception>
    public static TlsMaterial FromCertificate(ReadOnlySpan<byte> der, string sourceName = "certificate")
    {
        var bytes = der.ToArray();
        try
        {
            var reader = new AsnReader(bytes, AsnEncodingRules.BER);
            var tlv = reader.ReadEncodedValue();
            if (reader.HasData)
            {
                throw new TlsMaterialFormatException(sourceName, 0, "data after the end of the certificate");
            }

            return Certificate(tlv.ToArray(), sourceName, 0, 0, "DER");
        }
        catch (AsnContentException e)
        {
            throw new TlsMaterialFormatException(sourceName, 0, "not a DER certificate: " + e.Message, e);
        }
    }

    internal static TlsMaterial Certificate(byte[] der, string sourceName, int index, int line, string label)
    {
        var reader = new AsnReader(der, AsnEncodingRules.BER);
        var certificate = reader.ReadSequence();
        var tbs = certificate.ReadSequence();
        if (tbs.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
        {
            tbs.ReadEncodedValue();
        }

        tbs.ReadIntegerBytes();
        tbs.ReadSequence();
        var issuer = tbs.ReadEncodedValue().ToArray();
        var validity = tbs.ReadSequence();
        var notBefore = ReadTime(validity);
        var notAfter = ReadTime(validity);
        validity.ThrowIfNotEmpty();
        var subject = tbs.ReadEncodedValue().ToArray();
        var spki = tbs.ReadEncodedValue().ToArray();
        certificate.ReadSequence();
        certificate.ReadBitString(out _);
        certificate.ThrowIfNotEmpty();
        X509NameText.Attributes(issuer);
        X509NameText.Attributes(subject);
        return new TlsMaterial(TlsMaterialKind.Certificate, der, spki, subject, issuer, notBefore, notAfter)
        {
            SourceName = sourceName,
            Index = index,
            Line = line,
            Label = label,
        };
    }

    internal static TlsMaterial Key(TlsMaterialKind kind, byte[] spki, string sourceName, int index, int line, string label) =>
        new(kind, null, spki, null, null, null, null)
        {
            SourceName = sourceName,
            Index = index,
            Line = line,
            Label = label,
        };

    private static DateTimeOffset ReadTime(AsnReader reader) =>
        reader.PeekTag().HasSameClassAndValue(Asn1Tag.UtcTime) ? reader.ReadUtcTime() : reader.ReadGeneralizedTime();
}
