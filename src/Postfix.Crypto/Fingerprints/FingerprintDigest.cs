namespace Postfix.Crypto.Fingerprints;

/// <summary>
/// A message digest Postfix can use for certificate and public-key fingerprints (<c>smtp_tls_fingerprint_digest</c>,
/// <c>smtpd_tls_fingerprint_digest</c>, <c>posttls-finger -d</c>). Each has a distinct output length, so a fingerprint's
/// length tells its digest (<see cref="FingerprintDigests.FromLength"/>).
/// </summary>
public enum FingerprintDigest
{
    /// <summary>MD5 (16 bytes): the default below compatibility level 3.6.</summary>
    Md5,

    /// <summary>SHA-1 (20 bytes).</summary>
    Sha1,

    /// <summary>SHA-224 (28 bytes).</summary>
    Sha224,

    /// <summary>SHA-256 (32 bytes): the default from compatibility level 3.6 on.</summary>
    Sha256,

    /// <summary>SHA-384 (48 bytes).</summary>
    Sha384,

    /// <summary>SHA-512 (64 bytes).</summary>
    Sha512,
}
