using Postfix.Config.IO;
using Postfix.Config.MainCf;
using Postfix.Config.MasterCf;
using Postfix.Config.Syntax;

namespace Postfix.Cli.Commands;

/// <summary>
/// Checks main.cf: everything Postfix warns about or refuses while reading it (PFC1xxx), then the parameter names
/// against the catalog (unknown with a suggestion, obsolete).
/// </summary>
internal sealed class MainCfChecker : IConfigChecker
{
    public async Task<IReadOnlyList<Diagnostic>> CheckAsync(CheckContext context)
    {
        var path = context.PathOf("main.cf");
        MainCfDocument document;
        try
        {
            document = await MainCfDocument.LoadAsync(path, context.FileSystem, cancellationToken: context.CancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [new Diagnostic(DiagnosticSeverity.Error, MainCfDiagnosticCodes.CannotRead, $"cannot read main.cf: {PostconfOutput.Strerror(e)}", new SourceLocation(path, 1, 1))];
        }

        // The catalog's view: unknown names (postconf's "unused parameter") with a suggestion, obsolete ones flagged.
        // A master.cf that cannot be read is the master.cf checker's to report.
        var masterCf = await PostconfOutput.TryLoadAsync(
            ct => MasterCfDocument.LoadAsync(context.PathOf("master.cf"), context.FileSystem, cancellationToken: ct), context.CancellationToken);
        return [.. document.Diagnostics, .. document.CheckParameterNames(masterCf, context.ConfigDirectory)];
    }
}
