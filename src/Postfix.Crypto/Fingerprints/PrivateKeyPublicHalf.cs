using System.Formats.Asn1;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace Postfix.Crypto.Fingerprints;

/// <summary>
/// The DER SubjectPublicKeyInfo of a private key's public half, as <c>openssl pkey -pubout -outform DER</c> writes it.
/// BouncyCastle does the key arithmetic; none of its types leave this class.
/// </summary>
internal static class PrivateKeyPublicHalf
{
    /// <summary>From a PKCS#8 PrivateKeyInfo (<c>PRIVATE KEY</c>).</summary>
    public static byte[] FromPkcs8(byte[] der)
    {
        var info = PrivateKeyInfo.GetInstance(Asn1Object.FromByteArray(der));
        var key = PrivateKeyFactory.CreateKey(info);
        var publicKey = PublicHalf(key);
        var spki = SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(publicKey);

        // OpenSSL keeps the private key's AlgorithmIdentifier (curve, DSA domain, RSA-PSS restrictions) in the public key;
        // only plain rsaEncryption is written with its NULL parameters whatever the input had.
        var algorithm = info.PrivateKeyAlgorithm;
        if (algorithm.Algorithm.Id == SubjectPublicKeyInfo.RsaEncryption)
        {
            algorithm = new AlgorithmIdentifier(PkcsObjectIdentifiers.RsaEncryption, DerNull.Instance);
        }

        // An EC key that carries its public point keeps that encoding (compressed or not), as OpenSSL does.
        var publicKeyBits = spki.PublicKey;
        if (algorithm.Algorithm.Id == SubjectPublicKeyInfo.EcPublicKey && ECPrivateKeyStructure.GetInstance(info.ParsePrivateKey()).PublicKey is { } embedded)
        {
            publicKeyBits = embedded;
        }

        return new Org.BouncyCastle.Asn1.X509.SubjectPublicKeyInfo(algorithm, publicKeyBits).GetDerEncoded();
    }

    /// <summary>From a PKCS#1 RSAPrivateKey (<c>RSA PRIVATE KEY</c>).</summary>
    public static byte[] FromRsaPrivateKey(byte[] der)
    {
        var rsa = RsaPrivateKeyStructure.GetInstance(Asn1Object.FromByteArray(der));
        return SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(new RsaKeyParameters(false, rsa.Modulus, rsa.PublicExponent)).GetDerEncoded();
    }

    /// <summary>From an RFC 5915 ECPrivateKey (<c>EC PRIVATE KEY</c>), which must name its curve.</summary>
    public static byte[] FromEcPrivateKey(byte[] der)
    {
        var ec = ECPrivateKeyStructure.GetInstance(Asn1Object.FromByteArray(der));
        var parameters = ec.Parameters ?? throw new InvalidDataException("EC private key without curve parameters");
        var info = new PrivateKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.IdECPublicKey, parameters), ec);
        return FromPkcs8(info.GetDerEncoded());
    }

    /// <summary>From OpenSSL's traditional DSA private key (<c>DSA PRIVATE KEY</c>: version, p, q, g, y, x).</summary>
    public static byte[] FromDsaPrivateKey(byte[] der)
    {
        var reader = new AsnReader(der, AsnEncodingRules.BER);
        var sequence = reader.ReadSequence();
        reader.ThrowIfNotEmpty();
        sequence.ReadInteger();
        var p = Big(sequence.ReadIntegerBytes());
        var q = Big(sequence.ReadIntegerBytes());
        var g = Big(sequence.ReadIntegerBytes());
        var y = Big(sequence.ReadIntegerBytes());
        sequence.ReadIntegerBytes();
        sequence.ThrowIfNotEmpty();
        var key = new DsaPublicKeyParameters(y, new DsaParameters(p, q, g));
        return SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(key).GetDerEncoded();
    }

    private static Org.BouncyCastle.Math.BigInteger Big(ReadOnlyMemory<byte> twosComplement) => new(twosComplement.ToArray());

    private static AsymmetricKeyParameter PublicHalf(AsymmetricKeyParameter key) => key switch
    {
        RsaPrivateCrtKeyParameters rsa => new RsaKeyParameters(false, rsa.Modulus, rsa.PublicExponent),
        ECPrivateKeyParameters ec => new ECPublicKeyParameters(ec.AlgorithmName, ec.Parameters.G.Multiply(ec.D).Normalize(), ec.Parameters),
        Ed25519PrivateKeyParameters ed => ed.GeneratePublicKey(),
        Ed448PrivateKeyParameters ed => ed.GeneratePublicKey(),
        X25519PrivateKeyParameters x => x.GeneratePublicKey(),
        X448PrivateKeyParameters x => x.GeneratePublicKey(),
        DsaPrivateKeyParameters dsa => new DsaPublicKeyParameters(dsa.Parameters.G.ModPow(dsa.X, dsa.Parameters.P), dsa.Parameters),
        _ => throw new NotSupportedException("unsupported private key algorithm"),
    };
}
