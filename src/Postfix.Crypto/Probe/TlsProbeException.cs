namespace Postfix.Crypto.Probe;

/// <summary>The probe could not collect the server's certificates: connection, SMTP dialogue, timeout or handshake failure.</summary>
public sealed class TlsProbeException : IOException
{
    /// <summary>Creates the exception.</summary>
    public TlsProbeException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public TlsProbeException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public TlsProbeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
