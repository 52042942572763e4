namespace Postfix.Crypto.Fingerprints;

/// <summary>What a <see cref="TlsMaterial"/> was read from.</summary>
public enum TlsMaterialKind
{
    /// <summary>An X.509 certificate: it has a certificate fingerprint and a public-key fingerprint.</summary>
    Certificate,

    /// <summary>A public key (SubjectPublicKeyInfo or PKCS#1 RSA public key): public-key fingerprint only.</summary>
    PublicKey,

    /// <summary>A private key: the public-key fingerprint of its public half.</summary>
    PrivateKey,
}
