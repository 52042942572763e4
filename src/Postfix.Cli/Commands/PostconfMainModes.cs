using Postfix.Config.MainCf;
using Postfix.Config.MasterCf;
using Postfix.Config.Syntax;

namespace Postfix.Cli.Commands;

/// <summary>
/// The main.cf displays of <c>postfix-net postconf</c> (<c>-n</c>, <c>-d</c>, <c>-h</c>, <c>-H</c>, <c>-x</c>,
/// <c>-f</c>, <c>-o</c>, names). Presentation only: reads the files and prints what <see cref="PostconfMain"/> produced.
/// </summary>
internal static class PostconfMainModes
{
    public static async Task<int> ShowAsync(CliContext context, PostconfRequest request, PostconfOutput output)
    {
        var mainCf = await PostconfOutput.TryLoadAsync(_ => Task.FromResult(MainCfDocument.Load(request.MainCfPath, context.FileSystem)), context.CancellationToken);
        var masterCf = await PostconfOutput.TryLoadAsync(_ => Task.FromResult(MasterCfDocument.Load(request.MasterCfPath, context.FileSystem)), context.CancellationToken);
        var flags = request.Flags;
        var result = PostconfMain.Show(mainCf, masterCf, new PostconfMainShowOptions
        {
            ConfigDirectory = request.ConfigDirectory,
            NonDefault = flags.HasFlag(PostconfMode.ShowNonDefault),
            Defaults = flags.HasFlag(PostconfMode.ShowDefaults),
            HideName = flags.HasFlag(PostconfMode.HideName),
            HideValue = flags.HasFlag(PostconfMode.HideValue),
            Expand = flags.HasFlag(PostconfMode.ShowEval),
            Fold = flags.HasFlag(PostconfMode.FoldLine),
            Overrides = request.Overrides,
            Names = request.Operands,
        });
        context.WriteOutBytes(PostconfOutput.StdoutAsWritten(result).Span);
        foreach (var d in result.Diagnostics)
        {
            var message = PostconfCommand.ByteTextOf(d.Message);
            if (d.Severity == DiagnosticSeverity.Error)
            {
                output.Fatal(message);
            }
            else
            {
                output.Warning(message);
            }
        }

        return result.HasErrors ? 1 : 0;
    }
}
