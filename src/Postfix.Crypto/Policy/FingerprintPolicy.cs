using Postfix.Config.Tables.Typed;
using Postfix.Crypto.Fingerprints;

namespace Postfix.Crypto.Policy;

/// <summary>
/// TLS policy entries that pin fingerprints computed by this library (Postfix.Config owns the policy model;
/// this adds the checks that need fingerprints: one digest for all, canonical text, no duplicates).
/// </summary>
public static class FingerprintPolicy
{
    /// <summary><c>fingerprint match=fp1|fp2</c> for these fingerprints.</summary>
    /// <param name="fingerprints">The fingerprints; all of one digest (Postfix compares them all with one <c>smtp_tls_fingerprint_digest</c>).</param>
    /// <exception cref="ArgumentException">No fingerprint, or fingerprints of different digests.</exception>
    public static TlsPolicy Create(IEnumerable<Fingerprint> fingerprints) => TlsPolicy.Fingerprint([.. Values(fingerprints)]);

    /// <summary><c>DESTINATION fingerprint match=fp1|fp2</c> for these fingerprints.</summary>
    /// <param name="destination">The table key, e.g. from <see cref="TlsPolicyEntry.NextHopKey"/>.</param>
    /// <param name="fingerprints">The fingerprints; all of one digest.</param>
    /// <exception cref="ArgumentException">A bad key, no fingerprint, or fingerprints of different digests.</exception>
    public static TlsPolicyEntry CreateEntry(string destination, IEnumerable<Fingerprint> fingerprints) =>
        TlsPolicyEntry.ForFingerprints(destination, Values(fingerprints));

    private static List<string> Values(IEnumerable<Fingerprint> fingerprints)
    {
        ArgumentNullException.ThrowIfNull(fingerprints);
        var list = fingerprints.ToList();
        if (list.Count == 0)
        {
            throw new ArgumentException("the \"fingerprint\" security level needs at least one fingerprint to match", nameof(fingerprints));
        }

        if (list.Select(f => f.Digest).Distinct().Count() > 1)
        {
            throw new ArgumentException("fingerprints of different digests: Postfix compares them all with one smtp_tls_fingerprint_digest", nameof(fingerprints));
        }

        return [.. list.Select(f => f.ToString()).Distinct(StringComparer.Ordinal)];
    }
}
