namespace Postfix.Queue.Files;

/// <summary>Postfix's ASCII character classes (the C locale), never .NET's Unicode ones.</summary>
internal static class PostfixCType
{
    /// <summary>SP HT LF VT FF CR.</summary>
    public static bool IsSpace(byte c) => c is (byte)' ' or (byte)'\t' or (byte)'\n' or 0x0b or 0x0c or (byte)'\r';

    public static bool IsDigit(byte c) => c is >= (byte)'0' and <= (byte)'9';

    public static bool IsControl(byte c) => c < 0x20 || c == 0x7f;
}
