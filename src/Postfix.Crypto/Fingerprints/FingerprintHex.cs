namespace Postfix.Crypto.Fingerprints;

/// <summary>Hex encoding as Postfix's <c>tls_digest_encode()</c> writes it and decoding as <c>hex_decode_opt()</c> reads it.</summary>
internal static class FingerprintHex
{
    private const string Upper = "0123456789ABCDEF";
    private const string Lower = "0123456789abcdef";

    public static string Encode(ReadOnlySpan<byte> bytes, bool colons, bool lowercase)
    {
        if (bytes.IsEmpty)
        {
            return string.Empty;
        }

        var alphabet = lowercase ? Lower : Upper;
        var chars = new char[colons ? (bytes.Length * 3) - 1 : bytes.Length * 2];
        var at = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (colons && i > 0)
            {
                chars[at++] = ':';
            }

            chars[at++] = alphabet[bytes[i] >> 4];
            chars[at++] = alphabet[bytes[i] & 0xf];
        }

        return new string(chars);
    }

    /// <summary>
    /// Decodes like <c>hex_decode_opt(…, HEX_DECODE_FLAG_ALLOW_COLON)</c>: pairs of hex digits (any case), with at most
    /// one <c>:</c> between pairs; a leading, trailing or doubled colon or an odd digit count fails. Empty input
    /// decodes to no bytes.
    /// </summary>
    public static bool TryDecode(string text, out byte[] bytes)
    {
        var result = new List<byte>(text.Length / 2);
        bytes = [];
        var at = 0;
        var count = text.Length;
        while (count > 0)
        {
            if (count < 2)
            {
                return false;
            }

            var high = Nibble(text[at]);
            var low = Nibble(text[at + 1]);
            if (high < 0 || low < 0)
            {
                return false;
            }

            result.Add((byte)((high << 4) | low));
            if (count > 4 && text[at + 2] == ':')
            {
                at++;
                count--;
            }

            at += 2;
            count -= 2;
        }

        bytes = [.. result];
        return true;
    }

    private static int Nibble(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'A' and <= 'F' => c - 'A' + 10,
        >= 'a' and <= 'f' => c - 'a' + 10,
        _ => -1,
    };
}
