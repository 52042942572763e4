using Postfix.Config.Tables.Text;

namespace Postfix.Config.Tables;

/// <summary>How Postfix masks a message before it logs it (<c>util/printable.c</c>, applied by <c>msg_output</c>).</summary>
public static class PostfixLogText
{
    /// <summary>
    /// Replaces every byte that is not printable ASCII with <c>?</c>, keeping UTF-8-looking sequences when SMTPUTF8 is
    /// on, exactly as Postfix does to every warning it prints. Applying it twice changes nothing.
    /// </summary>
    /// <param name="message">The message bytes.</param>
    /// <param name="utf8">Whether SMTPUTF8 is active.</param>
    public static byte[] Printable(ReadOnlySpan<byte> message, bool utf8) =>
        System.Text.Encoding.Latin1.GetBytes(Text.Printable.Apply(System.Text.Encoding.Latin1.GetString(message), utf8));
}
