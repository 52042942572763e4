namespace Postfix.Crypto.Fingerprints;

/// <summary>
/// A certificate or public-key fingerprint: the digest bytes and the algorithm that made them. <see cref="ToString"/>
/// gives Postfix's form (upper-case hex pairs joined by <c>:</c>, as in <c>fingerprint=AB:CD:…</c>).
/// </summary>
public sealed class Fingerprint : IEquatable<Fingerprint>
{
    private readonly byte[] _bytes;

    /// <summary>Creates a fingerprint from digest bytes.</summary>
    /// <exception cref="ArgumentException">The length is not that of <paramref name="digest"/>.</exception>
    public Fingerprint(FingerprintDigest digest, ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != FingerprintDigests.Length(digest))
        {
            throw new ArgumentException(
                $"a {FingerprintDigests.Name(digest)} fingerprint has {FingerprintDigests.Length(digest)} bytes, not {bytes.Length}", nameof(bytes));
        }

        Digest = digest;
        _bytes = bytes.ToArray();
    }

    /// <summary>The digest algorithm.</summary>
    public FingerprintDigest Digest { get; }

    /// <summary>The digest bytes.</summary>
    public ReadOnlyMemory<byte> Bytes => _bytes;

    /// <summary>Computes the fingerprint of <paramref name="data"/> (a DER certificate or SubjectPublicKeyInfo).</summary>
    public static Fingerprint Compute(FingerprintDigest digest, ReadOnlySpan<byte> data) => new(digest, FingerprintDigests.Compute(digest, data));

    /// <summary>
    /// Reads one fingerprint the way Postfix 3.6 and later read <c>match=</c> values: hex digits in any case, optionally
    /// with one <c>:</c> between byte pairs (no leading or trailing colon). The digest is told from the length.
    /// </summary>
    /// <exception cref="FormatException">Not valid hex, or a length that is no supported digest's.</exception>
    public static Fingerprint Parse(string text)
    {
        if (TryParse(text, out var fingerprint, out var error))
        {
            return fingerprint;
        }

        throw new FormatException(error);
    }

    /// <summary>Like <see cref="Parse"/>, without throwing.</summary>
    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Fingerprint? fingerprint) =>
        TryParse(text, out fingerprint, out _);

    internal static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Fingerprint? fingerprint, out string error)
    {
        fingerprint = null;
        if (text is null || !FingerprintHex.TryDecode(text, out var bytes) || bytes.Length == 0)
        {
            error = $"malformed fingerprint value: {text}";
            return false;
        }

        if (FingerprintDigests.FromLength(bytes.Length) is not { } digest)
        {
            error = $"fingerprint value of {bytes.Length} bytes matches no supported digest (md5 16, sha1 20, sha224 28, sha256 32, sha384 48, sha512 64): {text}";
            return false;
        }

        fingerprint = new Fingerprint(digest, bytes);
        error = string.Empty;
        return true;
    }

    /// <summary>A copy of the digest bytes.</summary>
    public byte[] ToArray() => (byte[])_bytes.Clone();

    /// <summary>Postfix's form: upper-case hex pairs joined by <c>:</c>.</summary>
    public override string ToString() => FingerprintHex.Encode(_bytes, colons: true, lowercase: false);

    /// <summary>Hex without separators; lower-case as in DNS TLSA records when <paramref name="lowercase"/> is set.</summary>
    public string ToHex(bool lowercase = false) => FingerprintHex.Encode(_bytes, colons: false, lowercase);

    /// <inheritdoc/>
    public bool Equals(Fingerprint? other) => other is not null && other.Digest == Digest && other._bytes.AsSpan().SequenceEqual(_bytes);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Fingerprint);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Digest);
        hash.AddBytes(_bytes);
        return hash.ToHashCode();
    }

    /// <summary>Equality of digest and bytes.</summary>
    public static bool operator ==(Fingerprint? left, Fingerprint? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Inequality of digest or bytes.</summary>
    public static bool operator !=(Fingerprint? left, Fingerprint? right) => !(left == right);
}
