namespace Postfix.Crypto.Probe;

/// <summary>How the probe starts TLS.</summary>
public enum TlsProbeMode
{
    /// <summary>SMTP: greeting, EHLO, STARTTLS, then the TLS handshake (port 25, 587).</summary>
    StartTls,

    /// <summary>Wrapper mode ("smtps", port 465): the TLS handshake right after connecting, as <c>posttls-finger -w</c>.</summary>
    Wrapper,
}
