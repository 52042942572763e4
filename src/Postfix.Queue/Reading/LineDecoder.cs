using System.Text;

namespace Postfix.Queue.Reading;

/// <summary>Bytes of a line to characters: UTF-8 when the bytes are valid UTF-8, otherwise one character per byte (nothing is replaced).</summary>
internal sealed class LineDecoder
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);
    private char[] _chars = new char[1024];

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public ReadOnlySpan<char> Decode(ReadOnlySpan<byte> bytes)
    {
        if (_chars.Length < bytes.Length)
        {
            _chars = new char[Math.Max(bytes.Length, _chars.Length * 2)];
        }

        if (System.Text.Ascii.IsValid(bytes))
        {
            var n = Encoding.ASCII.GetChars(bytes, _chars);
            return _chars.AsSpan(0, n);
        }

        try
        {
            var n = StrictUtf8.GetChars(bytes, _chars);
            return _chars.AsSpan(0, n);
        }
        catch (DecoderFallbackException)
        {
            var n = Encoding.Latin1.GetChars(bytes, _chars);
            return _chars.AsSpan(0, n);
        }
    }
}
