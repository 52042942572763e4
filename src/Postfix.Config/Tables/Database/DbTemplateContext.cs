using System.Text;

namespace Postfix.Config.Tables.Database;

/// <summary>
/// Postfix's <c>db_common</c> template context on byte text (one char per byte): every template of a table is parsed
/// into one shared set of flags (<c>db_common_parse</c>), and keys and results are expanded with them
/// (<c>db_common_expand</c>).
/// </summary>
internal sealed class DbTemplateContext
{
    private const int KeyDomain = 1 << 0;
    private const int KeyUser = 1 << 1;
    private const int ValueDomain = 1 << 2;
    private const int ValueUser = 1 << 3;
    private const int KeyPartial = 1 << 4;

    private int _flags;

    /// <summary>The highest <c>%1</c>–<c>%9</c> used in any template.</summary>
    public int Parts { get; private set; }

    /// <summary>Whether the key must have a domain part (some template uses <c>%d %D %1-9</c>).</summary>
    public bool NeedsKeyDomain => (_flags & KeyDomain) != 0;

    /// <summary>Whether the key must have a local part (some template uses <c>%u %U</c>).</summary>
    public bool NeedsKeyUser => (_flags & KeyUser) != 0;

    /// <summary>
    /// Parses a template into the shared context. Returns null when it is valid, else the bad character's position
    /// (Postfix: <c>Invalid query template</c> / <c>Invalid result template</c>, fatal).
    /// </summary>
    public bool Parse(string format, bool query)
    {
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] != '%')
            {
                continue;
            }

            i++;
            var c = i < format.Length ? format[i] : '\0';
            switch (c)
            {
                case '%':
                    break;
                case 'u':
                    _flags |= query ? KeyUser | KeyPartial : ValueUser;
                    break;
                case 'd':
                    _flags |= query ? KeyDomain | KeyPartial : ValueDomain;
                    break;
                case 's':
                case 'S':
                    break;
                case 'U':
                    _flags |= KeyPartial | KeyUser;
                    break;
                case >= '1' and <= '9':
                    Parts = Math.Max(Parts, c - '0');
                    _flags |= KeyPartial | KeyDomain;
                    break;
                case 'D':
                    _flags |= KeyPartial | KeyDomain;
                    break;
                default:
                    return false;
            }
        }

        return true;
    }

    /// <summary>
    /// <c>db_common_expand</c>: expands <paramref name="format"/> for <paramref name="value"/> (the key of a query
    /// template, or one result of a result template, then <paramref name="key"/> is the lookup key) and appends it to
    /// <paramref name="result"/> (after a comma when it is not empty). False when the value is skipped.
    /// </summary>
    /// <param name="format">The template.</param>
    /// <param name="value">The key or result value; null (SQL NULL) is skipped silently.</param>
    /// <param name="key">Null for a query template; the lookup key for a result template.</param>
    /// <param name="result">The output.</param>
    /// <param name="quote">Quotes each substituted piece (null: copied as is).</param>
    /// <param name="warn">Receives Postfix's warnings (byte text, without <c>warning: </c>).</param>
    /// <param name="tableType">For the warnings: the table type.</param>
    /// <param name="tableName">For the warnings: the table name.</param>
    public bool Expand(string format, string? value, string? key, StringBuilder result, Func<string, string>? quote, Action<string>? warn, string tableType, string tableName)
    {
        if (value is null)
        {
            return false;
        }

        if (value.Length == 0)
        {
            warn?.Invoke(key is not null
                ? $"table \"{tableType}:{tableName}\": empty lookup result for: \"{key}\" -- ignored"
                : $"table \"{tableType}:{tableName}\": empty query string -- ignored");
            return false;
        }

        int vdomain = -1; // index just after the '@' in value
        int kdomain = -1;
        if (key is not null)
        {
            if ((_flags & (ValueDomain | ValueUser)) != 0)
            {
                var at = value.LastIndexOf('@');
                vdomain = at < 0 ? -1 : at + 1;
            }

            if (((vdomain < 0 || vdomain == value.Length) && (_flags & ValueDomain) != 0)
                || (vdomain == 1 && (_flags & ValueUser) != 0))
            {
                return false;
            }

            if ((_flags & (KeyDomain | KeyUser)) != 0)
            {
                var at = key.LastIndexOf('@');
                kdomain = at < 0 ? -1 : at + 1;
            }

            if (((kdomain < 0 || kdomain == key.Length) && (_flags & KeyDomain) != 0)
                || (kdomain == 1 && (_flags & KeyUser) != 0))
            {
                warn?.Invoke($"db_common_expand: {tableName}: lookup key '{value}' skipped after query");
                return false;
            }
        }
        else
        {
            if ((_flags & (KeyDomain | KeyUser)) != 0)
            {
                var at = value.LastIndexOf('@');
                vdomain = at < 0 ? -1 : at + 1;
            }

            if (((vdomain < 0 || vdomain == value.Length) && (_flags & KeyDomain) != 0)
                || (vdomain == 1 && (_flags & KeyUser) != 0))
            {
                return false;
            }
        }

        string[]? parts = null;
        if (Parts > 0)
        {
            var source = key is not null ? (kdomain < 0 ? string.Empty : key[kdomain..]) : (vdomain < 0 ? string.Empty : value[vdomain..]);
            parts = source.Split('.', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < Parts)
            {
                return false;
            }
        }

        if (result.Length > 0)
        {
            result.Append(',');
        }

        void Add(string piece)
        {
            result.Append(quote is null ? piece : quote(piece));
        }

        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c != '%')
            {
                result.Append(c);
                continue;
            }

            i++;
            switch (i < format.Length ? format[i] : '\0')
            {
                case '%':
                    result.Append('%');
                    break;
                case 's':
                    Add(value);
                    break;
                case 'u':
                    Add(vdomain >= 0 ? value[..(vdomain - 1)] : value);
                    break;
                case 'd':
                    Add(value[vdomain..]);
                    break;
                case 'S':
                    Add(key ?? value);
                    break;
                case 'U':
                    if (key is not null)
                    {
                        Add(kdomain >= 0 ? key[..(kdomain - 1)] : key);
                    }
                    else
                    {
                        Add(vdomain >= 0 ? value[..(vdomain - 1)] : value);
                    }

                    break;
                case 'D':
                    Add(key is not null ? key[kdomain..] : value[vdomain..]);
                    break;
                case var d and >= '1' and <= '9':
                    Add(parts![parts.Length - (d - '0')]);
                    break;
                default:
                    throw new InvalidOperationException("template was not validated");
            }
        }

        return true;
    }
}
