using System.Security.Cryptography;

namespace Postfix.Config.IO;

/// <summary>What a file looked like when it was loaded: enough to tell whether it changed since.</summary>
/// <param name="Length">The length in bytes.</param>
/// <param name="LastWriteTimeUtc">The modification time.</param>
/// <param name="Sha256">The SHA-256 of the content, as upper-case hex.</param>
public sealed record FileStamp(long Length, DateTime LastWriteTimeUtc, string Sha256)
{
    // A stamp made at load time keeps the content and hashes it when the hash is first asked for (a save's change
    // check, equality): a command that only reads (postconf -n, postmap -q) never starts the platform's crypto library,
    // which on Linux means loading OpenSSL (benchmarks/results/startup.md).
    private readonly ReadOnlyMemory<byte> _content;
    private string? _sha256 = Sha256;

    internal FileStamp(long length, DateTime lastWriteTimeUtc, ReadOnlyMemory<byte> content)
        : this(length, lastWriteTimeUtc, string.Empty)
    {
        _content = content;
        _sha256 = null;
    }

    /// <summary>The SHA-256 of the content, as upper-case hex.</summary>
    public string Sha256
    {
        get => _sha256 ??= Convert.ToHexString(SHA256.HashData(_content.Span));
        init => _sha256 = value;
    }

    /// <inheritdoc/>
    public bool Equals(FileStamp? other) =>
        other is not null
        && Length == other.Length
        && LastWriteTimeUtc == other.LastWriteTimeUtc
        && string.Equals(Sha256, other.Sha256, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Length, LastWriteTimeUtc, Sha256);
}
