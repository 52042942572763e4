namespace Postfix.Config.IO;

/// <summary>What a file looked like when it was loaded: enough to tell whether it changed since.</summary>
/// <param name="Length">The length in bytes.</param>
/// <param name="LastWriteTimeUtc">The modification time.</param>
/// <param name="Sha256">The SHA-256 of the content, as upper-case hex.</param>
public sealed record FileStamp(long Length, DateTime LastWriteTimeUtc, string Sha256);
