namespace Postfix.Queue.Files;

/// <summary>Bytes to text and back without losing a byte (the library contract's <see cref="Postfix.Config.PostfixText"/>).</summary>
internal static class QueueText
{
    public static string Decode(ReadOnlySpan<byte> bytes) => Postfix.Config.PostfixText.Decode(bytes);

    public static byte[] Encode(string text) => Postfix.Config.PostfixText.Encode(text);
}
