namespace Postfix.Crypto.Fingerprints;

/// <summary>The outcome of <see cref="FingerprintList.Match(Fingerprint?, Fingerprint, FingerprintComparison)"/>.</summary>
public sealed class FingerprintMatch
{
    internal FingerprintMatch(FingerprintListEntry? entry, bool publicKey, IReadOnlyList<string> warnings)
    {
        Entry = entry;
        MatchedPublicKey = publicKey;
        Warnings = warnings;
    }

    /// <summary>Whether a value matched: Postfix then reports a verified connection at the fingerprint level.</summary>
    public bool IsMatch => Entry is not null;

    /// <summary>The value that matched, or null.</summary>
    public FingerprintListEntry? Entry { get; }

    /// <summary>True when the public-key fingerprint matched, false when the certificate fingerprint did (or nothing did).</summary>
    public bool MatchedPublicKey { get; }

    /// <summary>What Postfix would warn about the list (malformed or unusable values), in list order.</summary>
    public IReadOnlyList<string> Warnings { get; }
}
