using Postfix.Crypto.Fingerprints;

namespace Postfix.Crypto.Policy;

/// <summary>
/// Lines for the SMTP server's client-certificate tables. Postfix looks these tables up with the colon-separated
/// fingerprint string, so keys are always written in that form (with <c>smtpd_tls_fingerprint_digest</c>'s digest).
/// </summary>
public static class ClientCertificateTable
{
    /// <summary>
    /// A <c>check_ccert_access</c> line: <c>AB:CD:… OK</c>. By default the server looks up the certificate
    /// fingerprint, then the public-key fingerprint; either may be the key.
    /// </summary>
    /// <exception cref="ArgumentException">An empty action, or one with a line break.</exception>
    public static string AccessLine(Fingerprint fingerprint, string action = "OK")
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        return fingerprint + " " + CheckedText(action, nameof(action));
    }

    /// <summary>A <c>relay_clientcerts</c> line: <c>AB:CD:… comment</c> (the value is not used; a host name is usual).</summary>
    /// <exception cref="ArgumentException">An empty comment, or one with a line break.</exception>
    public static string RelayClientCertsLine(Fingerprint fingerprint, string comment)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        return fingerprint + " " + CheckedText(comment, nameof(comment));
    }

    private static string CheckedText(string text, string name)
    {
        ArgumentNullException.ThrowIfNull(text, name);
        var trimmed = text.Trim(' ', '\t');
        if (trimmed.Length == 0 || trimmed.Any(char.IsControl))
        {
            throw new ArgumentException("the table value must be non-empty text on one line", name);
        }

        return trimmed;
    }
}
