namespace Postfix.Crypto.Fingerprints;

/// <summary>
/// A list of fingerprints as written in <c>match=</c> attributes (<c>|</c>-separated) or
/// <c>smtp_tls_fingerprint_cert_match</c> (comma- or blank-separated): parsed, normalised and compared with a peer's
/// fingerprints the way Postfix 3.6+ or Postfix 3.5 and earlier do.
/// </summary>
public sealed class FingerprintList
{
    // Postfix's EVP_MAX_MD_SIZE * 3: longer values are rejected before decoding.
    private const int MaxValueLength = 3 * 64;

    private FingerprintList(IReadOnlyList<FingerprintListEntry> entries) => Entries = entries;

    /// <summary>The values in the order written (empty values between separators are dropped, as Postfix does).</summary>
    public IReadOnlyList<FingerprintListEntry> Entries { get; }

    /// <summary>The values that are usable fingerprints.</summary>
    public IReadOnlyList<Fingerprint> Fingerprints => [.. Entries.Where(e => e.Fingerprint is not null).Select(e => e.Fingerprint!)];

    /// <summary>The separators: <c>|</c> (policy <c>match=</c>), comma and blanks (main.cf lists).</summary>
    public static IReadOnlyList<char> Separators { get; } = ['|', ',', ' ', '\t', '\r', '\n'];

    /// <summary>Splits and reads <paramref name="text"/>. Never throws: bad values carry a <see cref="FingerprintListEntry.Problem"/>.</summary>
    public static FingerprintList Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return FromValues(text.Split([.. Separators], StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>Reads values that are already split (for example several <c>match=</c> attributes, each split on <c>|</c>).</summary>
    public static FingerprintList FromValues(IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var entries = new List<FingerprintListEntry>();
        foreach (var value in values)
        {
            if (value.Length > MaxValueLength)
            {
                entries.Add(new FingerprintListEntry(value, null, null, $"malformed fingerprint value: {Truncate(value, 100)}..."));
            }
            else if (!FingerprintHex.TryDecode(value, out var bytes))
            {
                entries.Add(new FingerprintListEntry(value, null, null, $"malformed fingerprint value: {Truncate(value, 384)}"));
            }
            else if (FingerprintDigests.FromLength(bytes.Length) is { } digest)
            {
                entries.Add(new FingerprintListEntry(value, bytes, new Fingerprint(digest, bytes), null));
            }
            else
            {
                entries.Add(new FingerprintListEntry(value, bytes, null, $"fingerprint value of {bytes.Length} bytes is no supported digest's length: {value}"));
            }
        }

        return new FingerprintList(entries);
    }

    /// <summary>Builds a list from fingerprints.</summary>
    public static FingerprintList FromFingerprints(IEnumerable<Fingerprint> fingerprints) =>
        FromValues(fingerprints.Select(f => f.ToString()));

    /// <summary>
    /// The usable values in canonical form joined by <c>|</c>, ready for a policy <c>match=</c> attribute. The form has
    /// colons and upper case, so every Postfix version reads it.
    /// </summary>
    public string ToMatchValue() => string.Join('|', Fingerprints.Select(f => f.ToString()));

    /// <summary>The usable values in canonical form, comma-separated (for <c>smtp_tls_fingerprint_cert_match</c>).</summary>
    public override string ToString() => string.Join(", ", Fingerprints.Select(f => f.ToString()));

    /// <summary>Compares the list with a peer certificate under <paramref name="digest"/>.</summary>
    public FingerprintMatch Match(TlsMaterial peer, FingerprintDigest digest, FingerprintComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(peer);
        return Match(peer.CertificateFingerprint(digest), peer.PublicKeyFingerprint(digest), comparison);
    }

    /// <summary>
    /// Compares the list with a peer's certificate fingerprint (null for a raw public key) and public-key fingerprint,
    /// which must use the same digest.
    /// </summary>
    public FingerprintMatch Match(Fingerprint? certificate, Fingerprint publicKey, FingerprintComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        if (certificate is not null && certificate.Digest != publicKey.Digest)
        {
            throw new ArgumentException("the certificate and public-key fingerprints use different digests", nameof(certificate));
        }

        return comparison == FingerprintComparison.Postfix35 ? MatchAsText(certificate, publicKey) : MatchAsBytes(certificate, publicKey);
    }

    private FingerprintMatch MatchAsBytes(Fingerprint? certificate, Fingerprint publicKey)
    {
        var warnings = new List<string>();
        var length = FingerprintDigests.Length(publicKey.Digest);
        var usable = 0;
        FingerprintListEntry? matched = null;
        var matchedPublicKey = false;
        foreach (var entry in Entries)
        {
            if (entry.DecodedBytes is not { } bytes)
            {
                warnings.Add(entry.Problem!);
                continue;
            }

            if (bytes.Length != length)
            {
                // OpenSSL refuses a private-use TLSA record whose length is not the digest's.
                var hex = FingerprintHex.Encode(bytes.Span, colons: false, lowercase: false);
                warnings.Add($"unusable TLSA RR: 3 1 255 {hex}");
                warnings.Add($"unusable TLSA RR: 3 0 255 {hex}");
                continue;
            }

            usable++;
            if (matched is null)
            {
                if (bytes.Span.SequenceEqual(publicKey.Bytes.Span))
                {
                    matched = entry;
                    matchedPublicKey = true;
                }
                else if (certificate is not null && bytes.Span.SequenceEqual(certificate.Bytes.Span))
                {
                    matched = entry;
                }
            }
        }

        if (usable == 0)
        {
            warnings.Add("all fingerprints unusable");
        }

        return new FingerprintMatch(matched, matchedPublicKey, warnings);
    }

    // Postfix <= 3.5 (tls_dane.c): strcasecmp() against the formatted public-key digest first, then the certificate's.
    private FingerprintMatch MatchAsText(Fingerprint? certificate, Fingerprint publicKey)
    {
        var warnings = Entries
            .Where(e => !e.Text.Contains(':', StringComparison.Ordinal) && e.Text.Length > 2)
            .Select(e => $"fingerprint value without colons never matches in Postfix 3.5 and earlier: {e.Text}")
            .ToList();
        var publicText = publicKey.ToString();
        foreach (var entry in Entries)
        {
            if (AsciiEqualsIgnoreCase(entry.Text, publicText))
            {
                return new FingerprintMatch(entry, true, warnings);
            }
        }

        if (certificate is not null)
        {
            var certificateText = certificate.ToString();
            foreach (var entry in Entries)
            {
                if (AsciiEqualsIgnoreCase(entry.Text, certificateText))
                {
                    return new FingerprintMatch(entry, false, warnings);
                }
            }
        }

        return new FingerprintMatch(null, false, warnings);
    }

    // strcasecmp(3) in the C locale: only ASCII letters fold.
    private static bool AsciiEqualsIgnoreCase(string a, string b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        for (var i = 0; i < a.Length; i++)
        {
            if (Fold(a[i]) != Fold(b[i]))
            {
                return false;
            }
        }

        return true;

        static char Fold(char c) => c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];
}
