using Postfix.Config.MainCf;

namespace Postfix.Cli.Commands;

/// <summary>
/// The main.cf displays of <c>postfix-net postconf</c> (<c>-n</c>, <c>-d</c>, <c>-h</c>, <c>-H</c>, <c>-x</c>,
/// <c>-f</c>, <c>-o</c>, names). Presentation only: reads the files and prints what <see cref="PostconfMain"/> produced.
/// </summary>
internal static class PostconfMainModes
{
    public static async Task<int> ShowAsync(CliContext context, PostconfRequest request, PostconfOutput output)
    {
        var mainCf = await ReadAsync(context, request.MainCfPath);
        var masterCf = await ReadAsync(context, request.MasterCfPath);
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
        context.WriteOutBytes(result.Output.Span);
        context.Error.Flush();
        var stderr = result.FormatErrorOutput();
        await context.StderrStream.WriteAsync(stderr, context.CancellationToken);
        await context.StderrStream.FlushAsync(context.CancellationToken);
        return result.ExitCode;
    }

    private static async Task<byte[]?> ReadAsync(CliContext context, string path)
    {
        try
        {
            return context.FileSystem.File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
