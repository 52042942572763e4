using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Digests;

namespace Postfix.Crypto.Fingerprints;

/// <summary>Names, lengths, defaults and computation of the <see cref="FingerprintDigest"/> algorithms.</summary>
public static class FingerprintDigests
{
    /// <summary>Every supported digest, shortest first.</summary>
    public static IReadOnlyList<FingerprintDigest> All { get; } =
        [FingerprintDigest.Md5, FingerprintDigest.Sha1, FingerprintDigest.Sha224, FingerprintDigest.Sha256, FingerprintDigest.Sha384, FingerprintDigest.Sha512];

    /// <summary>The name Postfix and OpenSSL use (<c>md5</c>, <c>sha1</c>, <c>sha224</c>, <c>sha256</c>, <c>sha384</c>, <c>sha512</c>).</summary>
    public static string Name(FingerprintDigest digest) => digest switch
    {
        FingerprintDigest.Md5 => "md5",
        FingerprintDigest.Sha1 => "sha1",
        FingerprintDigest.Sha224 => "sha224",
        FingerprintDigest.Sha256 => "sha256",
        FingerprintDigest.Sha384 => "sha384",
        FingerprintDigest.Sha512 => "sha512",
        _ => throw new ArgumentOutOfRangeException(nameof(digest), digest, "unknown digest"),
    };

    /// <summary>The digest's output length in bytes.</summary>
    public static int Length(FingerprintDigest digest) => digest switch
    {
        FingerprintDigest.Md5 => 16,
        FingerprintDigest.Sha1 => 20,
        FingerprintDigest.Sha224 => 28,
        FingerprintDigest.Sha256 => 32,
        FingerprintDigest.Sha384 => 48,
        FingerprintDigest.Sha512 => 64,
        _ => throw new ArgumentOutOfRangeException(nameof(digest), digest, "unknown digest"),
    };

    /// <summary>The digest whose output is <paramref name="byteLength"/> bytes long, or null when none is.</summary>
    public static FingerprintDigest? FromLength(int byteLength) => byteLength switch
    {
        16 => FingerprintDigest.Md5,
        20 => FingerprintDigest.Sha1,
        28 => FingerprintDigest.Sha224,
        32 => FingerprintDigest.Sha256,
        48 => FingerprintDigest.Sha384,
        64 => FingerprintDigest.Sha512,
        _ => null,
    };

    /// <summary>
    /// Reads a digest name as OpenSSL's <c>EVP_get_digestbyname</c> accepts it for these algorithms: case-insensitive,
    /// with the aliases <c>sha-256</c> and <c>sha2-256</c> (and likewise for 224, 384, 512) and <c>sha-1</c>.
    /// </summary>
    public static bool TryParse(string? name, out FingerprintDigest digest)
    {
        digest = default;
        if (name is null)
        {
            return false;
        }

        switch (name.ToUpperInvariant())
        {
            case "MD5":
                digest = FingerprintDigest.Md5;
                return true;
            case "SHA1" or "SHA-1":
                digest = FingerprintDigest.Sha1;
                return true;
            case "SHA224" or "SHA-224" or "SHA2-224":
                digest = FingerprintDigest.Sha224;
                return true;
            case "SHA256" or "SHA-256" or "SHA2-256":
                digest = FingerprintDigest.Sha256;
                return true;
            case "SHA384" or "SHA-384" or "SHA2-384":
                digest = FingerprintDigest.Sha384;
                return true;
            case "SHA512" or "SHA-512" or "SHA2-512":
                digest = FingerprintDigest.Sha512;
                return true;
            default:
                return false;
        }
    }

    /// <summary>Reads a digest name (see <see cref="TryParse"/>).</summary>
    /// <exception cref="FormatException">The name is not a supported digest.</exception>
    public static FingerprintDigest Parse(string name)
    {
        if (TryParse(name, out var digest))
        {
            return digest;
        }

        throw new FormatException($"unsupported fingerprint digest \"{name}\" (expected one of md5, sha1, sha224, sha256, sha384, sha512)");
    }

    /// <summary>
    /// The default of <c>smtp_tls_fingerprint_digest</c>, <c>lmtp_tls_fingerprint_digest</c> and
    /// <c>smtpd_tls_fingerprint_digest</c> at a Postfix <c>compatibility_level</c>: md5 below 3.6, sha256 from 3.6 on.
    /// A null level (main.cf does not set it) is Postfix's built-in default, <c>0</c>; an empty one is malformed, as
    /// for Postfix (<c>compatibility_level =</c> stops every Postfix program).
    /// </summary>
    /// <exception cref="FormatException">The level is not valid <c>compatibility_level</c> syntax.</exception>
    public static FingerprintDigest DefaultForCompatibilityLevel(string? compatibilityLevel)
    {
        var level = Postfix.Config.CompatibilityLevel.Parse(compatibilityLevel ?? "0");
        return level < new Postfix.Config.CompatibilityLevel(3, 6, 0) ? FingerprintDigest.Md5 : FingerprintDigest.Sha256;
    }

    /// <summary>
    /// The digest Postfix uses given the values main.cf sets for a <c>*_tls_fingerprint_digest</c> parameter and for
    /// <c>compatibility_level</c> (each null when main.cf does not set it; <c>$name</c> references already expanded).
    /// An empty digest value is an error, as for Postfix (<c>Digest algorithm "" not found</c>, TLS disabled).
    /// </summary>
    /// <exception cref="FormatException">An unsupported or empty digest name, or a malformed compatibility level.</exception>
    public static FingerprintDigest Resolve(string? fingerprintDigestSetting, string? compatibilityLevel)
    {
        var byLevel = DefaultForCompatibilityLevel(compatibilityLevel);
        return fingerprintDigestSetting is null ? byLevel : Parse(fingerprintDigestSetting.Trim());
    }

    /// <summary>Computes the digest of <paramref name="data"/>.</summary>
    public static byte[] Compute(FingerprintDigest digest, ReadOnlySpan<byte> data)
    {
        switch (digest)
        {
            case FingerprintDigest.Md5:
#pragma warning disable CA5351 // MD5 is what Postfix uses below compatibility level 3.6: needed for interoperability.
                return MD5.HashData(data);
#pragma warning restore CA5351
            case FingerprintDigest.Sha1:
#pragma warning disable CA5350 // SHA-1 fingerprints are a Postfix option: needed for interoperability.
                return SHA1.HashData(data);
#pragma warning restore CA5350
            case FingerprintDigest.Sha224:
                var sha224 = new Sha224Digest();
                var output = new byte[sha224.GetDigestSize()];
                sha224.BlockUpdate(data);
                sha224.DoFinal(output, 0);
                return output;
            case FingerprintDigest.Sha256:
                return SHA256.HashData(data);
            case FingerprintDigest.Sha384:
                return SHA384.HashData(data);
            case FingerprintDigest.Sha512:
                return SHA512.HashData(data);
            default:
                throw new ArgumentOutOfRangeException(nameof(digest), digest, "unknown digest");
        }
    }
}
