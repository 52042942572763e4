using Postfix.Config.IO;
using Postfix.Config.MasterCf;
using Postfix.Config.Syntax;

namespace Postfix.Cli.Commands;

/// <summary>Checks master.cf: everything the master daemon (and postconf) warns about or refuses (PFC2xxx).</summary>
internal sealed class MasterCfChecker : IConfigChecker
{
    public async Task<IReadOnlyList<Diagnostic>> CheckAsync(CheckContext context)
    {
        var path = context.PathOf("master.cf");
        MasterCfDocument document;
        try
        {
            document = await MasterCfDocument.LoadAsync(path, context.FileSystem, cancellationToken: context.CancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [new Diagnostic(DiagnosticSeverity.Error, MasterCfDiagnosticCodes.CannotRead, $"cannot read master.cf: {PostconfOutput.Strerror(e)}", new SourceLocation(path, 1, 1))];
        }

        return document.Diagnostics;
    }
}
