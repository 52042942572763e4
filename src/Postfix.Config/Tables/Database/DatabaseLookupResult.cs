using System.Text;

namespace Postfix.Config.Tables.Database;

/// <summary>The outcome of one database lookup.</summary>
public sealed class DatabaseLookupResult
{
    private readonly byte[]? _value;

    private DatabaseLookupResult(DatabaseLookupStatus status, byte[]? value, string? error)
    {
        Status = status;
        _value = value;
        Error = error;
    }

    /// <summary>Not found.</summary>
    public static DatabaseLookupResult NotFound { get; } = new(DatabaseLookupStatus.NotFound, null, null);

    /// <summary>Found, not found or error.</summary>
    public DatabaseLookupStatus Status { get; }

    /// <summary>The value's exact bytes when found, else null.</summary>
    public IReadOnlyList<byte>? ValueBytes => _value;

    /// <summary>The value (UTF-8 decoded) when found, else null.</summary>
    public string? Value => _value is null ? null : Syntax.ByteText.ToDisplay(Syntax.ByteText.FromBytes(_value));

    /// <summary>
    /// For <see cref="DatabaseLookupStatus.Error"/>: the system error text Postfix appends to <c>query error:</c>
    /// (for example <c>Application error</c>); never a password.
    /// </summary>
    public string? Error { get; }

    /// <summary>A found result.</summary>
    /// <param name="value">The value's bytes.</param>
    public static DatabaseLookupResult Found(byte[] value) => new(DatabaseLookupStatus.Found, value ?? throw new ArgumentNullException(nameof(value)), null);

    /// <summary>A failed lookup.</summary>
    /// <param name="error">What failed.</param>
    public static DatabaseLookupResult Failed(string error) => new(DatabaseLookupStatus.Error, null, error);

    internal byte[]? RawValue => _value;

    /// <inheritdoc/>
    public override string ToString() => Status switch
    {
        DatabaseLookupStatus.Found => Value!,
        DatabaseLookupStatus.Error => "error: " + Error,
        _ => "not found",
    };

    internal static DatabaseLookupResult FromByteText(StringBuilder result) =>
        result.Length == 0 ? NotFound : Found(Syntax.ByteText.ToBytes(result.ToString()));
}
