using System.Formats.Asn1;
using System.Text;

namespace Postfix.Crypto.Fingerprints;

/// <summary>
/// Text forms of an X.509 Name: OpenSSL's one-line form (<c>/C=US/O=Example/CN=mx.example.com</c>, as
/// <c>posttls-finger -C</c> prints it) and the single attribute Postfix logs as <c>subject_CN</c> / <c>issuer_CN</c>.
/// </summary>
internal static class X509NameText
{
    private static readonly Dictionary<string, string> ShortNames = new(StringComparer.Ordinal)
    {
        ["2.5.4.3"] = "CN",
        ["2.5.4.4"] = "SN",
        ["2.5.4.5"] = "serialNumber",
        ["2.5.4.6"] = "C",
        ["2.5.4.7"] = "L",
        ["2.5.4.8"] = "ST",
        ["2.5.4.9"] = "street",
        ["2.5.4.10"] = "O",
        ["2.5.4.11"] = "OU",
        ["2.5.4.12"] = "title",
        ["2.5.4.15"] = "businessCategory",
        ["2.5.4.17"] = "postalCode",
        ["2.5.4.42"] = "GN",
        ["2.5.4.43"] = "initials",
        ["2.5.4.44"] = "generationQualifier",
        ["2.5.4.46"] = "dnQualifier",
        ["2.5.4.65"] = "pseudonym",
        ["2.5.4.97"] = "organizationIdentifier",
        ["1.2.840.113549.1.9.1"] = "emailAddress",
        ["0.9.2342.19200300.100.1.1"] = "UID",
        ["0.9.2342.19200300.100.1.25"] = "DC",
        ["1.3.6.1.4.1.311.60.2.1.3"] = "jurisdictionC",
    };

    public const string CommonName = "2.5.4.3";
    public const string Organization = "2.5.4.10";

    /// <summary>The attributes of a DER Name in encoded order: (OID, decoded text or null when undecodable).</summary>
    public static List<(string Oid, string? Value)> Attributes(ReadOnlyMemory<byte> name)
    {
        var result = new List<(string, string?)>();
        var reader = new AsnReader(name, AsnEncodingRules.BER);
        var rdns = reader.ReadSequence();
        while (rdns.HasData)
        {
            var set = rdns.ReadSetOf(skipSortOrderValidation: true);
            while (set.HasData)
            {
                var atv = set.ReadSequence();
                var oid = atv.ReadObjectIdentifier();
                var value = atv.ReadEncodedValue();
                result.Add((oid, DecodeString(value)));
            }
        }

        return result;
    }

    /// <summary>OpenSSL's <c>X509_NAME_oneline()</c> form.</summary>
    public static string OneLine(ReadOnlyMemory<byte> name)
    {
        var text = new StringBuilder();
        foreach (var (oid, value) in Attributes(name))
        {
            text.Append('/').Append(ShortNames.TryGetValue(oid, out var sn) ? sn : oid).Append('=');
            foreach (var b in Encoding.UTF8.GetBytes(value ?? string.Empty))
            {
                if (b is < 0x20 or > 0x7e)
                {
                    text.Append("\\x").Append(((int)b).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
                }
                else
                {
                    text.Append((char)b);
                }
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// The first attribute with <paramref name="oid"/> as Postfix's <c>tls_text_name()</c> returns it: null when absent,
    /// undecodable, or containing a NUL or a non-printable ASCII character (trailing NULs are dropped first).
    /// </summary>
    public static string? PostfixText(ReadOnlyMemory<byte> name, string oid)
    {
        foreach (var (o, value) in Attributes(name))
        {
            if (o != oid)
            {
                continue;
            }

            if (value is null)
            {
                return null;
            }

            var trimmed = value.TrimEnd('\0');
            return trimmed.Any(c => c == '\0' || (c < 0x80 && (c < 0x20 || c == 0x7f))) ? null : trimmed;
        }

        return null;
    }

    private static string? DecodeString(ReadOnlyMemory<byte> encoded)
    {
        try
        {
            var reader = new AsnReader(encoded, AsnEncodingRules.BER);
            var tag = reader.PeekTag();
            if (tag.TagClass != TagClass.Universal)
            {
                return null;
            }

            var kind = (UniversalTagNumber)tag.TagValue;
            switch (kind)
            {
                case UniversalTagNumber.UTF8String:
                case UniversalTagNumber.PrintableString:
                case UniversalTagNumber.IA5String:
                case UniversalTagNumber.VisibleString:
                case UniversalTagNumber.BMPString:
                case UniversalTagNumber.NumericString:
                    return reader.ReadCharacterString(kind);
                case UniversalTagNumber.T61String:
                case UniversalTagNumber.UniversalString:
                    // OpenSSL treats T61String as Latin-1; UniversalString is UCS-4 big-endian.
                    var bytes = reader.ReadOctetString(new Asn1Tag(kind));
                    return kind == UniversalTagNumber.T61String ? Encoding.Latin1.GetString(bytes) : new UTF32Encoding(true, false, true).GetString(bytes);
                default:
                    return null;
            }
        }
        catch (Exception e) when (e is AsnContentException or ArgumentException or DecoderFallbackException)
        {
            return null;
        }
    }
}
