using Postfix.Config.IO;
using Postfix.Config.MainCf;
using Postfix.Config.MasterCf;
using Postfix.Config.Syntax;
using Postfix.Config.Tables;

namespace Postfix.Cli.Commands;

/// <summary>
/// Checks every lookup table named in main.cf and in master.cf <c>-o</c> overrides (PFC3xxx): missing files and
/// databases, unsupported types, the tables' own warnings, and "database is older than source file".
/// </summary>
internal sealed class TablesChecker : IConfigChecker
{
    public async Task<IReadOnlyList<Diagnostic>> CheckAsync(CheckContext context)
    {
        MainCfDocument mainCf;
        try
        {
            mainCf = await MainCfDocument.LoadAsync(context.PathOf("main.cf"), context.FileSystem, cancellationToken: context.CancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return []; // MainCfChecker reports it.
        }

        MasterCfDocument? masterCf = null;
        try
        {
            masterCf = await MasterCfDocument.LoadAsync(context.PathOf("master.cf"), context.FileSystem, cancellationToken: context.CancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // MasterCfChecker reports it; main.cf's tables are still checked.
        }

        return new TableReferenceChecker(context.FileSystem).Check(mainCf, masterCf, context.ConfigDirectory, null);
    }
}
