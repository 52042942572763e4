namespace Postfix.Crypto.Tlsa;

/// <summary>TLSA selector (RFC 6698): which bytes are matched.</summary>
public enum TlsaSelector
{
    /// <summary>0: the full DER certificate (what Postfix's certificate fingerprint digests).</summary>
    Certificate = 0,

    /// <summary>1: the DER SubjectPublicKeyInfo (what Postfix's public-key fingerprint digests).</summary>
    SubjectPublicKeyInfo = 1,
}
