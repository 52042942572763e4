using System.IO.Abstractions;

namespace Postfix.Cli.Commands;

/// <summary>What a checker works on: the file system and the configuration directory.</summary>
/// <param name="FileSystem">The file system.</param>
/// <param name="ConfigDirectory">The configuration directory as given (<c>-c</c>, <c>MAIL_CONFIG</c> or <c>/etc/postfix</c>).</param>
/// <param name="CancellationToken">Cancels the check.</param>
internal sealed record CheckContext(IFileSystem FileSystem, string ConfigDirectory, CancellationToken CancellationToken)
{
    /// <summary>What the checkers read (for the summary of a clean run).</summary>
    public CheckReport Report { get; } = new();

    /// <summary>A file in the configuration directory, named the way Postfix names it in messages.</summary>
    public string PathOf(string file) => ConfigDirectory + "/" + file;
}
