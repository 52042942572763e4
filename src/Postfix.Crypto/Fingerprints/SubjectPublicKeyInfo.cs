using System.Formats.Asn1;
using System.Numerics;

namespace Postfix.Crypto.Fingerprints;

/// <summary>Reads a DER SubjectPublicKeyInfo: its key bits and a short description of the key.</summary>
internal sealed class SubjectPublicKeyInfo
{
    public const string RsaEncryption = "1.2.840.113549.1.1.1";
    public const string RsaPss = "1.2.840.113549.1.1.10";
    public const string EcPublicKey = "1.2.840.10045.2.1";
    public const string Dsa = "1.2.840.10040.4.1";
    public const string Ed25519 = "1.3.101.112";
    public const string Ed448 = "1.3.101.113";
    public const string X25519 = "1.3.101.110";
    public const string X448 = "1.3.101.111";

    private SubjectPublicKeyInfo(string algorithm, byte[] subjectPublicKey, string description)
    {
        Algorithm = algorithm;
        SubjectPublicKey = subjectPublicKey;
        Description = description;
    }

    public string Algorithm { get; }

    public byte[] SubjectPublicKey { get; }

    public string Description { get; }

    /// <exception cref="AsnContentException">Not a SubjectPublicKeyInfo.</exception>
    public static SubjectPublicKeyInfo Parse(byte[] spki)
    {
        var reader = new AsnReader(spki, AsnEncodingRules.BER);
        var sequence = reader.ReadSequence();
        reader.ThrowIfNotEmpty();
        var algorithmIdentifier = sequence.ReadSequence();
        var oid = algorithmIdentifier.ReadObjectIdentifier();
        var parameters = algorithmIdentifier.HasData ? algorithmIdentifier.ReadEncodedValue() : ReadOnlyMemory<byte>.Empty;
        algorithmIdentifier.ThrowIfNotEmpty();
        var key = sequence.ReadBitString(out _);
        sequence.ThrowIfNotEmpty();
        return new SubjectPublicKeyInfo(oid, key, Describe(oid, parameters, key));
    }

    /// <summary>Wraps a PKCS#1 RSAPublicKey into a SubjectPublicKeyInfo as OpenSSL writes it.</summary>
    public static byte[] FromRsaPublicKey(ReadOnlySpan<byte> rsaPublicKey)
    {
        var check = new AsnReader(rsaPublicKey.ToArray(), AsnEncodingRules.DER);
        var sequence = check.ReadSequence();
        check.ThrowIfNotEmpty();
        sequence.ReadInteger();
        sequence.ReadInteger();
        sequence.ThrowIfNotEmpty();
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(RsaEncryption);
                writer.WriteNull();
            }

            writer.WriteBitString(rsaPublicKey);
        }

        return writer.Encode();
    }

    private static string Describe(string oid, ReadOnlyMemory<byte> parameters, byte[] key)
    {
        try
        {
            switch (oid)
            {
                case RsaEncryption or RsaPss:
                    var rsa = new AsnReader(key, AsnEncodingRules.BER).ReadSequence();
                    var modulus = rsa.ReadInteger();
                    return $"{(oid == RsaPss ? "RSA-PSS" : "RSA")} {modulus.GetBitLength()}";
                case EcPublicKey:
                    var curve = parameters.IsEmpty ? null : TryReadOid(parameters);
                    return curve switch
                    {
                        "1.2.840.10045.3.1.7" => "EC P-256",
                        "1.3.132.0.34" => "EC P-384",
                        "1.3.132.0.35" => "EC P-521",
                        "1.3.132.0.10" => "EC secp256k1",
                        "1.2.840.10045.3.1.1" => "EC P-192",
                        "1.3.132.0.33" => "EC P-224",
                        null => "EC (explicit curve)",
                        _ => "EC " + curve,
                    };
                case Dsa:
                    if (parameters.IsEmpty)
                    {
                        return "DSA";
                    }

                    var p = new AsnReader(parameters, AsnEncodingRules.BER).ReadSequence().ReadInteger();
                    return $"DSA {p.GetBitLength()}";
                case Ed25519:
                    return "Ed25519";
                case Ed448:
                    return "Ed448";
                case X25519:
                    return "X25519";
                case X448:
                    return "X448";
                default:
                    return oid;
            }
        }
        catch (AsnContentException)
        {
            return oid;
        }
    }

    private static string? TryReadOid(ReadOnlyMemory<byte> encoded)
    {
        var reader = new AsnReader(encoded, AsnEncodingRules.BER);
        return reader.PeekTag().HasSameClassAndValue(Asn1Tag.ObjectIdentifier) ? reader.ReadObjectIdentifier() : null;
    }

}
