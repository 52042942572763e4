using Postfix.Config.Syntax;

namespace Postfix.Config.Tables.Aliases;

/// <summary>
/// One destination of an alias (an item of the comma-separated value), as local(8) sees it: the internal (unquoted)
/// form, classified by its first bytes like <c>local/token.c</c> does (<c>|</c> command, <c>/</c> file,
/// <c>:include:</c> in any case, else an address).
/// </summary>
public sealed record AliasTarget
{
    private AliasTarget(AliasTargetKind kind, string text)
    {
        Kind = kind;
        Text = text;
    }

    /// <summary>What the target is.</summary>
    public AliasTargetKind Kind { get; }

    /// <summary>The internal form, prefix included (<c>|/usr/bin/procmail -a x</c>, <c>:include:/etc/list</c>, <c>john smith@example.com</c>).</summary>
    public string Text { get; }

    /// <summary>The command, path, include file or address without its <c>|</c> or <c>:include:</c> prefix.</summary>
    public string Target => Kind switch
    {
        AliasTargetKind.Command => Text[1..],
        AliasTargetKind.Include => Text[":include:".Length..],
        _ => Text,
    };

    /// <summary>A delivery address (<c>user</c>, <c>user@example.com</c>; the local part may hold spaces).</summary>
    /// <param name="address">The address in internal (unquoted) form.</param>
    public static AliasTarget Address(string address)
    {
        var t = Classify(Check(address, nameof(address)));
        return t.Kind == AliasTargetKind.Address ? t : throw new ArgumentException($"'{address}' is not an address (it starts like a {t.Kind.ToString().ToLowerInvariant()})", nameof(address));
    }

    /// <summary>A command the message is piped to (<c>|command</c>).</summary>
    /// <param name="command">The command line, without the <c>|</c>.</param>
    public static AliasTarget Command(string command) => new(AliasTargetKind.Command, "|" + Check(command, nameof(command)));

    /// <summary>A mailbox file (or a maildir when it ends in <c>/</c>); the path must be absolute.</summary>
    /// <param name="path">The absolute path.</param>
    public static AliasTarget File(string path)
    {
        Check(path, nameof(path));
        return path.StartsWith('/') ? new(AliasTargetKind.File, path) : throw new ArgumentException("a file destination must be an absolute path", nameof(path));
    }

    /// <summary>An include file (<c>:include:/path</c>) with more destinations.</summary>
    /// <param name="path">The path of the include file.</param>
    public static AliasTarget Include(string path) => new(AliasTargetKind.Include, ":include:" + Check(path, nameof(path)));

    /// <summary>Classifies an internal-form destination as local(8) does.</summary>
    /// <param name="text">The destination in internal form.</param>
    public static AliasTarget Classify(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.StartsWith('|'))
        {
            return new(AliasTargetKind.Command, text);
        }

        if (text.StartsWith('/'))
        {
            return new(AliasTargetKind.File, text);
        }

        return text.StartsWith(":include:", StringComparison.OrdinalIgnoreCase)
            ? new(AliasTargetKind.Include, text)
            : new(AliasTargetKind.Address, text);
    }

    /// <summary>The target as written in an aliases file: as is when postalias reads it back unchanged, else in double quotes.</summary>
    public override string ToString() => ByteText.ToDisplay(AliasEntry.WriteItem(ByteText.FromDisplay(Text)));

    private static string Check(string text, string name)
    {
        ArgumentNullException.ThrowIfNull(text, name);
        if (text.Length == 0 || text.Any(c => c is '\0' or '\t' or '\r' or '\n'))
        {
            throw new ArgumentException("an alias destination must be non-empty and hold no NUL, tab or line break (postalias turns them into spaces)", name);
        }

        return text;
    }
}
