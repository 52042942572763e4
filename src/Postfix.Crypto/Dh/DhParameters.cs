using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace Postfix.Crypto.Dh;

/// <summary>
/// Diffie–Hellman domain parameters in the PKCS #3 form Postfix reads from <c>smtpd_tls_dh1024_param_file</c>:
/// <c>DHParameter ::= SEQUENCE { prime INTEGER, base INTEGER, privateValueLength INTEGER OPTIONAL }</c>, as PEM
/// <c>-----BEGIN DH PARAMETERS-----</c>.
/// </summary>
public sealed class DhParameters : IEquatable<DhParameters>
{
    /// <summary>The PEM label Postfix (OpenSSL's PKCS #3 decoder) accepts.</summary>
    public const string PemLabel = "DH PARAMETERS";

    /// <summary>The label of X9.42 parameters, which Postfix does not load.</summary>
    public const string X942PemLabel = "X9.42 DH PARAMETERS";

    /// <summary>Creates parameters.</summary>
    /// <param name="prime">The prime p (odd, at least 3).</param>
    /// <param name="generator">The generator g (1 &lt; g &lt; p).</param>
    /// <param name="privateValueLength">The optional privateValueLength field (bits), or null.</param>
    /// <exception cref="ArgumentOutOfRangeException">p or g out of range.</exception>
    public DhParameters(BigInteger prime, BigInteger generator, int? privateValueLength = null)
    {
        if (prime < 3)
        {
            throw new ArgumentOutOfRangeException(nameof(prime), "the prime must be at least 3");
        }

        if (generator.Sign <= 0 || generator >= prime)
        {
            throw new ArgumentOutOfRangeException(nameof(generator), "the generator must be between 1 and p - 1");
        }

        if (privateValueLength is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(privateValueLength));
        }

        Prime = prime;
        Generator = generator;
        PrivateValueLength = privateValueLength;
    }

    /// <summary>The prime p.</summary>
    public BigInteger Prime { get; }

    /// <summary>The generator g.</summary>
    public BigInteger Generator { get; }

    /// <summary>The optional privateValueLength (bits); null when absent (OpenSSL 3's <c>dhparam</c> writes none).</summary>
    public int? PrivateValueLength { get; }

    /// <summary>Bit length of p.</summary>
    public int PrimeBits => (int)Prime.GetBitLength();

    /// <summary>The DER encoding of the PKCS #3 DHParameter.</summary>
    public byte[] ToDer()
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence())
        {
            w.WriteInteger(Prime);
            w.WriteInteger(Generator);
            if (PrivateValueLength is { } l)
            {
                w.WriteInteger(l);
            }
        }

        return w.Encode();
    }

    /// <summary>The PEM text (64-character base64 lines, final newline), as <c>openssl dhparam</c> writes it.</summary>
    public string ToPem() => new string(PemEncoding.Write(PemLabel, ToDer())) + "\n";

    /// <summary>The PEM text as ASCII bytes.</summary>
    public byte[] ToPemBytes() => Encoding.ASCII.GetBytes(ToPem());

    /// <summary>Decodes a PKCS #3 DHParameter from DER.</summary>
    /// <exception cref="FormatException">Not a valid DER DHParameter.</exception>
    public static DhParameters FromDer(ReadOnlySpan<byte> der)
    {
        try
        {
            var reader = new AsnReader(der.ToArray(), AsnEncodingRules.DER);
            var seq = reader.ReadSequence();
            reader.ThrowIfNotEmpty();
            var p = seq.ReadInteger();
            var g = seq.ReadInteger();
            int? l = null;
            if (seq.HasData)
            {
                if (!seq.TryReadInt32(out var length))
                {
                    throw new FormatException("DH parameters: privateValueLength is out of range");
                }

                l = length;
            }

            seq.ThrowIfNotEmpty();
            if (p < 3 || p.IsEven)
            {
                throw new FormatException("DH parameters: the prime is not an odd number above 2");
            }

            if (g <= 0 || g >= p)
            {
                throw new FormatException("DH parameters: the generator is not between 1 and p - 1");
            }

            if (l is < 0)
            {
                throw new FormatException("DH parameters: negative privateValueLength");
            }

            return new DhParameters(p, g, l);
        }
        catch (AsnContentException e)
        {
            throw new FormatException($"DH parameters: bad DER encoding ({e.Message})", e);
        }
    }

    /// <summary>
    /// Decodes the first <c>-----BEGIN DH PARAMETERS-----</c> block of a PEM text (other blocks and text around it are
    /// ignored, as OpenSSL does).
    /// </summary>
    /// <exception cref="FormatException">No DH PARAMETERS block, X9.42 parameters, or a bad encoding.</exception>
    public static DhParameters ParsePem(string pem)
    {
        var rest = pem.AsSpan();
        var sawX942 = false;
        while (PemEncoding.TryFind(rest, out var fields))
        {
            var label = rest[fields.Label];
            if (label.SequenceEqual(PemLabel))
            {
                var data = new byte[fields.DecodedDataLength];
                if (!Convert.TryFromBase64Chars(rest[fields.Base64Data], data, out var written))
                {
                    throw new FormatException("DH parameters: bad base64 in the PEM block");
                }

                return FromDer(data.AsSpan(0, written));
            }

            sawX942 |= label.SequenceEqual(X942PemLabel);
            rest = rest[fields.Location.End..];
        }

        throw new FormatException(sawX942
            ? "DH parameters: found X9.42 DH PARAMETERS (with q); Postfix only loads PKCS #3 '-----BEGIN DH PARAMETERS-----'"
            : "DH parameters: no '-----BEGIN DH PARAMETERS-----' block found");
    }

    /// <summary>Decodes PEM bytes (see <see cref="ParsePem(string)"/>).</summary>
    public static DhParameters ParsePem(ReadOnlySpan<byte> pem) => ParsePem(Encoding.Latin1.GetString(pem));

    /// <summary>Like <see cref="ParsePem(string)"/> without throwing.</summary>
    public static bool TryParsePem(string pem, out DhParameters? parameters, out string? error)
    {
        try
        {
            parameters = ParsePem(pem);
            error = null;
            return true;
        }
        catch (FormatException e)
        {
            parameters = null;
            error = e.Message;
            return false;
        }
    }

    /// <inheritdoc />
    public bool Equals(DhParameters? other) =>
        other is not null && Prime == other.Prime && Generator == other.Generator && PrivateValueLength == other.PrivateValueLength;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as DhParameters);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Prime, Generator, PrivateValueLength);

    /// <summary>"DH parameters: N-bit prime, generator G".</summary>
    public override string ToString() => $"DH parameters: {PrimeBits}-bit prime, generator {Generator}";
}
