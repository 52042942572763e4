namespace Postfix.Config.IO;

/// <summary>The bytes of a file read through <see cref="ConfigFileStore"/>, with its stamp at load time.</summary>
/// <param name="Path">The path it was read from.</param>
/// <param name="Content">The exact bytes.</param>
/// <param name="Stamp">What the file looked like when it was read.</param>
public sealed record LoadedFile(string Path, ReadOnlyMemory<byte> Content, FileStamp Stamp);
