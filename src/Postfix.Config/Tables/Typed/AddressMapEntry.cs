using Postfix.Config.Syntax;

namespace Postfix.Config.Tables.Typed;

/// <summary>
/// An entry of a virtual(5), canonical(5) or generic(5) table: a key (<c>user@domain</c>, <c>user</c>,
/// <c>@domain</c>, or a bare domain for virtual alias domains) and the addresses it maps to (a virtual value is a
/// list separated by commas or whitespace; canonical and generic take one address, and <c>@domain</c> keeps the
/// user part).
/// </summary>
public sealed class AddressMapEntry
{
    private AddressMapEntry(string key, IReadOnlyList<string> addresses)
    {
        Key = key;
        Addresses = addresses;
    }

    /// <summary>The key as written.</summary>
    public string Key { get; }

    /// <summary>The addresses of the value, in order.</summary>
    public IReadOnlyList<string> Addresses { get; }

    /// <summary>The key form.</summary>
    public AddressMapKeyKind KeyKind => KindOf(Key);

    /// <summary>Reads an entry from its key and value.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    public static AddressMapEntry Parse(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        return new AddressMapEntry(key, value.Split([',', ' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>Builds an entry; the key's local part is quoted when it needs it.</summary>
    /// <param name="key">The key (<c>user@domain</c>, <c>user</c>, <c>@domain</c> or <c>domain</c>).</param>
    /// <param name="addresses">One or more target addresses.</param>
    public static AddressMapEntry Create(string key, params string[] addresses)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentNullException.ThrowIfNull(addresses);
        if (addresses.Length == 0 || addresses.Any(a => a.Length == 0 || a.Any(c => PostfixChars.IsSpace(c) || c == ',')))
        {
            throw new ArgumentException("Give at least one address, without whitespace or commas.", nameof(addresses));
        }

        var at = key.LastIndexOf('@');
        var quoted = at > 0 ? TableKey.QuoteLocalPart(key[..at]) + key[at..] : key.Contains('@', StringComparison.Ordinal) ? key : TableKey.QuoteLocalPart(key);
        return new AddressMapEntry(quoted, addresses);
    }

    /// <summary>The value as written: the addresses joined with <c>, </c>.</summary>
    public string Value => string.Join(", ", Addresses);

    /// <summary>The value as written: the addresses joined with <c>, </c> (like every typed value's <c>ToString()</c>; <see cref="ToLine"/> gives the whole line).</summary>
    public override string ToString() => Value;

    /// <summary>The table line <c>key value</c> (without a line ending).</summary>
    public string ToLine() => TableKey.Format(Key, Value);

    private static AddressMapKeyKind KindOf(string key)
    {
        if (key.StartsWith('@'))
        {
            return AddressMapKeyKind.CatchAll;
        }

        if (key.Contains('@', StringComparison.Ordinal))
        {
            return AddressMapKeyKind.Address;
        }

        return key.Contains('.', StringComparison.Ordinal) ? AddressMapKeyKind.Domain : AddressMapKeyKind.User;
    }
}
