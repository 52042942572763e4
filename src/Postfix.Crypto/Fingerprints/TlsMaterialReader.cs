using System.Formats.Asn1;
using System.Text;

namespace Postfix.Crypto.Fingerprints;

/// <summary>
/// Reads certificates and keys from PEM (every block in a file: chains, key+certificate files) or DER: certificates
/// (<c>CERTIFICATE</c>, <c>X509 CERTIFICATE</c>, <c>TRUSTED CERTIFICATE</c>), public keys (<c>PUBLIC KEY</c>,
/// <c>RSA PUBLIC KEY</c>) and unencrypted private keys (<c>PRIVATE KEY</c>, <c>RSA/EC/DSA PRIVATE KEY</c>). Other PEM
/// blocks (DH parameters, CSRs, …) are skipped. Bad input throws <see cref="TlsMaterialFormatException"/> and nothing else.
/// </summary>
public static class TlsMaterialReader
{
    private const string Begin = "-----BEGIN ";
    private const string End = "-----END ";
    private const string Dashes = "-----";

    /// <summary>Reads every certificate and key in <paramref name="data"/>, in file order.</summary>
    /// <param name="data">PEM text or one DER object.</param>
    /// <param name="sourceName">Name used in messages and in <see cref="TlsMaterial.SourceName"/>.</param>
    /// <exception cref="TlsMaterialFormatException">Nothing usable found, or a block that is damaged or encrypted.</exception>
    public static IReadOnlyList<TlsMaterial> Read(ReadOnlySpan<byte> data, string sourceName = "input")
    {
        ArgumentNullException.ThrowIfNull(sourceName);
        if (data.IsEmpty)
        {
            throw new TlsMaterialFormatException(sourceName, 0, "empty input: no certificate or key found");
        }

        var text = Encoding.Latin1.GetString(data);
        return text.Contains(Begin, StringComparison.Ordinal) ? ReadPem(text, sourceName) : [ReadDer(data.ToArray(), sourceName)];
    }

    private static List<TlsMaterial> ReadPem(string text, string sourceName)
    {
        var lines = text.Split('\n');
        var result = new List<TlsMaterial>();
        var skipped = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r', ' ', '\t');
            if (!line.StartsWith(Begin, StringComparison.Ordinal) || !line.EndsWith(Dashes, StringComparison.Ordinal) || line.Length < Begin.Length + Dashes.Length)
            {
                continue;
            }

            var label = line[Begin.Length..^Dashes.Length];
            var beginLine = i + 1;
            var endMarker = End + label + Dashes;
            var body = new StringBuilder();
            var encrypted = false;
            var inHeaders = true;
            var closed = false;
            for (i++; i < lines.Length; i++)
            {
                var bodyLine = lines[i].Trim('\r', ' ', '\t');
                if (bodyLine == endMarker)
                {
                    closed = true;
                    break;
                }

                if (bodyLine.StartsWith(Begin, StringComparison.Ordinal) || bodyLine.StartsWith(End, StringComparison.Ordinal))
                {
                    break;
                }

                if (inHeaders && bodyLine.Contains(':', StringComparison.Ordinal))
                {
                    encrypted |= bodyLine.StartsWith("Proc-Type:", StringComparison.OrdinalIgnoreCase) && bodyLine.Contains("ENCRYPTED", StringComparison.OrdinalIgnoreCase);
                    continue;
                }

                inHeaders = false;
                body.Append(bodyLine);
            }

            if (!closed)
            {
                throw new TlsMaterialFormatException(sourceName, beginLine, $"PEM block \"{label}\" has no \"{endMarker}\" line");
            }

            if (!IsSupported(label))
            {
                skipped.Add(label);
                continue;
            }

            if (encrypted || label == "ENCRYPTED PRIVATE KEY")
            {
                throw new TlsMaterialFormatException(sourceName, beginLine, $"\"{label}\" is encrypted: decrypt it first (openssl pkey -in FILE)");
            }

            var der = new byte[body.Length];
            if (!Convert.TryFromBase64String(body.ToString(), der, out var written))
            {
                throw new TlsMaterialFormatException(sourceName, beginLine, $"PEM block \"{label}\" is not valid base64");
            }

            result.Add(Decode(label, der.AsSpan(0, written).ToArray(), sourceName, result.Count, beginLine));
        }

        if (result.Count == 0)
        {
            var found = skipped.Count == 0 ? string.Empty : " (found only: " + string.Join(", ", skipped.Distinct()) + ")";
            throw new TlsMaterialFormatException(sourceName, 0, "no certificate or key found" + found);
        }

        return result;
    }

    private static bool IsSupported(string label) => label is "CERTIFICATE" or "X509 CERTIFICATE" or "TRUSTED CERTIFICATE"
        or "PUBLIC KEY" or "RSA PUBLIC KEY" or "PRIVATE KEY" or "RSA PRIVATE KEY" or "EC PRIVATE KEY" or "DSA PRIVATE KEY"
        or "ENCRYPTED PRIVATE KEY";

    private static TlsMaterial Decode(string label, byte[] der, string sourceName, int index, int line)
    {
        try
        {
            switch (label)
            {
                case "CERTIFICATE" or "X509 CERTIFICATE":
                    return TlsMaterial.Certificate(SingleObject(der), sourceName, index, line, label);
                case "TRUSTED CERTIFICATE":
                    // OpenSSL's X509_AUX: the certificate followed by trust settings; only the certificate is digested.
                    return TlsMaterial.Certificate(new AsnReader(der, AsnEncodingRules.BER).ReadEncodedValue().ToArray(), sourceName, index, line, label);
                case "PUBLIC KEY":
                    return TlsMaterial.Key(TlsMaterialKind.PublicKey, SingleObject(der), sourceName, index, line, label);
                case "RSA PUBLIC KEY":
                    return TlsMaterial.Key(TlsMaterialKind.PublicKey, SubjectPublicKeyInfo.FromRsaPublicKey(SingleObject(der)), sourceName, index, line, label);
                case "PRIVATE KEY":
                    return TlsMaterial.Key(TlsMaterialKind.PrivateKey, PrivateKeyPublicHalf.FromPkcs8(SingleObject(der)), sourceName, index, line, label);
                case "RSA PRIVATE KEY":
                    return TlsMaterial.Key(TlsMaterialKind.PrivateKey, PrivateKeyPublicHalf.FromRsaPrivateKey(SingleObject(der)), sourceName, index, line, label);
                case "EC PRIVATE KEY":
                    return TlsMaterial.Key(TlsMaterialKind.PrivateKey, PrivateKeyPublicHalf.FromEcPrivateKey(SingleObject(der)), sourceName, index, line, label);
                default:
                    return TlsMaterial.Key(TlsMaterialKind.PrivateKey, PrivateKeyPublicHalf.FromDsaPrivateKey(SingleObject(der)), sourceName, index, line, label);
            }
        }
        catch (TlsMaterialFormatException)
        {
            throw;
        }
        catch (Exception e)
        {
            throw new TlsMaterialFormatException(sourceName, line, $"damaged \"{label}\" block: {Describe(e)}", e);
        }
    }

    private static TlsMaterial ReadDer(byte[] der, string sourceName)
    {
        // Without a PEM label the structure tells: certificate, then public key, then the private key formats.
        (string Label, Func<byte[], TlsMaterial> Decode)[] attempts =
        [
            ("CERTIFICATE", d => TlsMaterial.Certificate(SingleObject(d), sourceName, 0, 0, "DER")),
            ("PUBLIC KEY", d => TlsMaterial.Key(TlsMaterialKind.PublicKey, SingleObject(d), sourceName, 0, 0, "DER")),
            ("PRIVATE KEY", d => TlsMaterial.Key(TlsMaterialKind.PrivateKey, PrivateKeyPublicHalf.FromPkcs8(SingleObject(d)), sourceName, 0, 0, "DER")),
            ("RSA PRIVATE KEY", d => TlsMaterial.Key(TlsMaterialKind.PrivateKey, PrivateKeyPublicHalf.FromRsaPrivateKey(SingleObject(d)), sourceName, 0, 0, "DER")),
            ("EC PRIVATE KEY", d => TlsMaterial.Key(TlsMaterialKind.PrivateKey, PrivateKeyPublicHalf.FromEcPrivateKey(SingleObject(d)), sourceName, 0, 0, "DER")),
            ("DSA PRIVATE KEY", d => TlsMaterial.Key(TlsMaterialKind.PrivateKey, PrivateKeyPublicHalf.FromDsaPrivateKey(SingleObject(d)), sourceName, 0, 0, "DER")),
            ("RSA PUBLIC KEY", d => TlsMaterial.Key(TlsMaterialKind.PublicKey, SubjectPublicKeyInfo.FromRsaPublicKey(SingleObject(d)), sourceName, 0, 0, "DER")),
        ];
        foreach (var (_, decode) in attempts)
        {
            try
            {
                return decode(der);
            }
            catch (Exception)
            {
                // Try the next structure.
            }
        }

        throw new TlsMaterialFormatException(sourceName, 0, "not a PEM file, and not a DER certificate, public key or unencrypted private key");
    }

    // The DER must be exactly one ASN.1 object (no trailing bytes).
    private static byte[] SingleObject(byte[] der)
    {
        var reader = new AsnReader(der, AsnEncodingRules.BER);
        var value = reader.ReadEncodedValue();
        if (reader.HasData)
        {
            throw new InvalidDataException("data after the end of the ASN.1 object");
        }

        return value.ToArray();
    }

    private static string Describe(Exception e) => e switch
    {
        AsnContentException => "malformed ASN.1",
        NotSupportedException => e.Message,
        InvalidDataException => e.Message,
        _ => "not a valid structure",
    };
}
