namespace Postfix.Crypto.Fingerprints;

/// <summary>One value of a <see cref="FingerprintList"/>.</summary>
public sealed class FingerprintListEntry
{
    internal FingerprintListEntry(string text, byte[]? bytes, Fingerprint? fingerprint, string? problem)
    {
        Text = text;
        if (bytes is not null)
        {
            DecodedBytes = new ReadOnlyMemory<byte>(bytes);
        }
        Fingerprint = fingerprint;
        Problem = problem;
    }

    /// <summary>The value as written.</summary>
    public string Text { get; }

    /// <summary>The value decoded by Postfix 3.6+'s rules, whatever its length; null when it is malformed.</summary>
    public ReadOnlyMemory<byte>? DecodedBytes { get; }

    /// <summary>The value as a fingerprint (digest told from the length); null when malformed or of no digest's length.</summary>
    public Fingerprint? Fingerprint { get; }

    /// <summary>Why the value is not a usable fingerprint (Postfix's words where Postfix reports it); null when it is.</summary>
    public string? Problem { get; }

    /// <summary>The digest told from the value's length, or null.</summary>
    public FingerprintDigest? Digest => Fingerprint?.Digest;

    /// <summary>The canonical form (upper-case, colon-separated, readable by every Postfix version), or the text when unusable.</summary>
    public override string ToString() => Fingerprint?.ToString() ?? Text;
}
