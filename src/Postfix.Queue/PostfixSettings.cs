namespace Postfix.Queue;

/// <summary>The few settings of a Postfix instance that queue operations depend on.</summary>
public sealed class PostfixSettings
{
    /// <summary>Creates the settings.</summary>
    /// <param name="mailVersion">The value of <c>mail_version</c> (e.g. <c>3.7.11</c>).</param>
    /// <param name="emptyAddressRecipient">The value of <c>empty_address_recipient</c> (how the null sender is shown).</param>
    public PostfixSettings(string mailVersion, string emptyAddressRecipient)
    {
        MailVersion = mailVersion;
        EmptyAddressRecipient = emptyAddressRecipient;
        var parts = mailVersion.Split('.', '-');
        Major = parts.Length > 0 && int.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out var major) ? major : 0;
        Minor = parts.Length > 1 && int.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var minor) ? minor : 0;
    }

    /// <summary>The value of <c>mail_version</c>.</summary>
    public string MailVersion { get; }

    /// <summary>The value of <c>empty_address_recipient</c>.</summary>
    public string EmptyAddressRecipient { get; }

    /// <summary>The major version number.</summary>
    public int Major { get; }

    /// <summary>The minor version number.</summary>
    public int Minor { get; }

    /// <summary>Whether <c>postqueue -j</c> exists (Postfix 3.1+).</summary>
    public bool SupportsJson => Major > 3 || (Major == 3 && Minor >= 1);

    /// <summary>Whether <c>postsuper -e</c> exists (Postfix 3.5+).</summary>
    public bool SupportsExpire => Major > 3 || (Major == 3 && Minor >= 5);
}
