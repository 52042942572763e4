namespace Postfix.Crypto.Probe;

/// <summary>
/// Reads the server's cleartext TLS records (as <see cref="HandshakeRecorder"/> kept them) far enough to find the
/// ServerHello and its <c>key_share</c> group — the TLS 1.3 key exchange, which the handshake never encrypts. The
/// bytes come from an untrusted server: anything malformed gives null, never an exception.
/// </summary>
internal static class ServerHelloReader
{
    private const byte Handshake = 22;
    private const byte ChangeCipherSpec = 20;
    private const byte ServerHelloType = 2;
    private const ushort KeyShareExtension = 51;

    // RFC 8446 4.1.3: a HelloRetryRequest is a ServerHello with this random.
    private static readonly byte[] HelloRetryRandom = Convert.FromHexString("CF21AD74E59A6111BE1D8C021E65B891C2A211167ABB8C5E079E09E2C8A8339C");

    /// <summary>The named group of the last ServerHello's key_share (the one the keys were agreed with), or null.</summary>
    public static int? KeyShareGroup(ReadOnlySpan<byte> recorded)
    {
        var handshake = new List<byte>();
        var pos = 0;
        var afterHelloRetry = false;
        int? group = null;
        while (pos + 5 <= recorded.Length)
        {
            var type = recorded[pos];
            var length = (recorded[pos + 3] << 8) | recorded[pos + 4];
            if (pos + 5 + length > recorded.Length)
            {
                break;
            }

            var fragment = recorded.Slice(pos + 5, length);
            pos += 5 + length;
            if (type == ChangeCipherSpec)
            {
                // TLS 1.3 middlebox compatibility: after a HelloRetryRequest the second ServerHello is still cleartext.
                // Otherwise everything after ChangeCipherSpec is encrypted.
                if (!afterHelloRetry)
                {
                    break;
                }

                continue;
            }

            if (type != Handshake)
            {
                break;
            }

            handshake.AddRange(fragment);
            var messages = handshake.ToArray().AsSpan();
            var used = 0;
            while (used + 4 <= messages.Length)
            {
                var messageLength = (messages[used + 1] << 16) | (messages[used + 2] << 8) | messages[used + 3];
                if (used + 4 + messageLength > messages.Length)
                {
                    break;
                }

                if (messages[used] == ServerHelloType)
                {
                    var body = messages.Slice(used + 4, messageLength);
                    afterHelloRetry = body.Length >= 34 && body.Slice(2, 32).SequenceEqual(HelloRetryRandom);
                    group = FindKeyShare(body) ?? group;
                }

                used += 4 + messageLength;
            }

            handshake.RemoveRange(0, used);
        }

        return group;
    }

    private static int? FindKeyShare(ReadOnlySpan<byte> body)
    {
        // legacy_version(2) random(32) session_id<0..32> cipher_suite(2) compression(1) extensions<..>
        var p = 34;
        if (p >= body.Length)
        {
            return null;
        }

        p += 1 + body[p];
        p += 3;
        if (p + 2 > body.Length)
        {
            return null;
        }

        var end = Math.Min(body.Length, p + 2 + ((body[p] << 8) | body[p + 1]));
        p += 2;
        while (p + 4 <= end)
        {
            var type = (body[p] << 8) | body[p + 1];
            var length = (body[p + 2] << 8) | body[p + 3];
            p += 4;
            if (p + length > end)
            {
                return null;
            }

            if (type == KeyShareExtension && length >= 2)
            {
                return (body[p] << 8) | body[p + 1];
            }

            p += length;
        }

        return null;
    }
}
