using System.Text;
using Postfix.Config;
using Postfix.Config.MainCf;
using Postfix.Config.Syntax;
using Postfix.Config.MasterCf;

namespace Postfix.Cli.Commands;

/// <summary>
/// The master.cf modes of <c>postfix-net postconf</c>: <c>-M</c>, <c>-F</c>, <c>-P</c> (with <c>-f</c>, <c>-h</c>,
/// <c>-H</c>, <c>-x</c>) and the edits <c>-Me</c>, <c>-MX</c>, <c>-M#</c>, <c>-Fe</c>, <c>-Pe</c>, <c>-PX</c>: the same flags,
/// standard output, warnings, fatal errors and exit codes as Postfix 3.7's postconf. Presentation only: the work is
/// <see cref="PostconfMaster"/>.
/// </summary>
internal static class PostconfMasterModes
{
    /// <summary>postconf's getopt string.</summary>
    public const string OptString = "aAbc:C:deEfFhHlmMno:pPtT:vxX#";

    private const string Usage =
        "usage: postconf [-a (server SASL types)] [-A (client SASL types)] [-b (bounce templates)] [-c config_dir] "
        + "[-c param_class] [-d (parameter defaults)] [-e (edit configuration)] [-f (fold lines)] [-F (master.cf fields)] "
        + "[-h (no names)] [-H (no values)] [-l (lock types)] [-m (map types)] [-M (master.cf)] [-n (non-default parameters)] "
        + "[-o name=value (override parameter value)] [-p (main.cf, default)] [-P (master.cf parameters)] [-t (bounce templates)] "
        + "[-T compile-version|run-version|public-key-algorithms] [-v (verbose)] [-x (expand parameter values)] [-X (exclude)] "
        + "[-# (comment-out)] [name...]";

    /// <summary>Whether the command line selects a master.cf mode (<c>-M</c>, <c>-F</c> or <c>-P</c>).</summary>
    public static bool Handles(IReadOnlyList<string> args)
    {
        try
        {
            var (options, _) = new Getopt(OptString).Parse(args, "postconf");
            return options.Any(o => o.Flag is 'M' or 'F' or 'P');
        }
        catch (UsageException)
        {
            return false;
        }
    }

    public static async Task<int> RunAsync(CliContext context, IReadOnlyList<string> args)
    {
        List<(char Flag, string? Value)> options;
        List<string> operands;
        try
        {
            (options, operands) = new Getopt(OptString).Parse(args, "postconf");
        }
        catch (UsageException e)
        {
            await context.Error.WriteLineAsync(e.Message);
            return await FatalAsync(context, Usage);
        }

        var mode = PostconfMode.None;
        string? configDirectory = null;
        foreach (var (flag, value) in options)
        {
            mode |= PostconfModes.FromFlag(flag);
            if (flag == 'c')
            {
                configDirectory = value;
            }
        }

        configDirectory ??= context.Environment("MAIL_CONFIG") ?? "/etc/postfix";
        if ((mode & PostconfModes.MajorModes) == 0)
        {
            mode |= PostconfMode.MainParam;
        }

        if ((mode & (PostconfMode.MainParam | PostconfMode.MasterEntry | PostconfMode.MasterField | PostconfMode.MasterParam)) != 0
            && operands.Count > 0 && operands[0].Contains('=', StringComparison.Ordinal))
        {
            mode |= PostconfMode.EditConf;
        }

        if ((PostconfModes.CheckExclusive(mode) ?? PostconfModes.CheckCompatible(mode)) is { } conflict)
        {
            return await FatalAsync(context, conflict);
        }

        if ((mode & PostconfMode.EditConf) != 0 && operands.Count == 0)
        {
            return await FatalAsync(context, "-e requires name=value argument");
        }

        var editing = (mode & (PostconfMode.EditConf | PostconfMode.EditExclude | PostconfMode.CommentOut)) != 0;
        return editing
            ? await EditAsync(context, mode, configDirectory, operands)
            : await ShowAsync(context, mode, configDirectory, operands);
    }

    private static async Task<int> ShowAsync(CliContext context, PostconfMode mode, string configDirectory, List<string> operands)
    {
        var fs = context.FileSystem;
        var masterPath = configDirectory + "/master.cf";
        if (!fs.File.Exists(masterPath))
        {
            return await FatalAsync(context, "open " + masterPath + ": No such file or directory");
        }

        var masterCf = MasterCfDocument.Load(masterPath, fs);
        var mainPath = configDirectory + "/main.cf";

        // postconf says "open …/main.cf: No such file or directory" after reading master.cf (the library does).
        var mainCf = await PostconfOutput.TryLoadAsync(_ => Task.FromResult(MainCfDocument.Load(mainPath, fs)), context.CancellationToken);
        var showOptions = new PostconfMasterShowOptions
        {
            ConfigDirectory = configDirectory,
            Kind = (mode & PostconfMode.MasterField) != 0 ? PostconfMasterShowKind.Fields
                : (mode & PostconfMode.MasterParam) != 0 ? PostconfMasterShowKind.Parameters
                : PostconfMasterShowKind.Entries,
            Fold = (mode & PostconfMode.FoldLine) != 0,
            HideName = (mode & PostconfMode.HideName) != 0,
            HideValue = (mode & PostconfMode.HideValue) != 0,
            ExpandValues = (mode & PostconfMode.ShowEval) != 0,
        };
        var result = PostconfMaster.Show(masterCf, mainCf, showOptions, operands);
        context.WriteOutBytes(PostconfOutput.StdoutAsWritten(result).Span);
        WriteError(context, ErrorOutput(result.Diagnostics, null));
        return result.HasErrors ? 1 : 0;
    }

    private static async Task<int> EditAsync(CliContext context, PostconfMode mode, string configDirectory, List<string> operands)
    {
        if (operands.Count == 0)
        {
            return await FatalAsync(context, "missing service argument");
        }

        var fs = context.FileSystem;
        var path = configDirectory + "/master.cf";
        if (!fs.Directory.Exists(configDirectory))
        {
            return await FatalAsync(context, "open " + path + ".tmp: No such file or directory");
        }

        try
        {
            // Argument errors come before postconf opens the file.
            Edit(MasterCfDocument.Create(new MasterCfOptions { SourceName = path }), mode, operands);
        }
        catch (ArgumentException e)
        {
            WriteError(context, ErrorOutput([], e.Message));
            return 1;
        }
        catch (ConfigFormatException e)
        {
            WriteError(context, ErrorOutput(e.Diagnostics, null));
            return 1;
        }

        if (!fs.File.Exists(path))
        {
            return await FatalAsync(context, "open " + path + " for reading: No such file or directory");
        }

        var document = MasterCfDocument.Load(path, fs);
        PostconfEditResult<MasterCfDocument> result;
        try
        {
            result = Edit(document, mode, operands);
        }
        catch (ConfigFormatException e)
        {
            WriteError(context, ErrorOutput(e.Diagnostics, null));
            return 1;
        }

        await result.Document.SaveAsync(context.CancellationToken);
        WriteError(context, ErrorOutput(result.Diagnostics, null));
        return 0;
    }

    /// <summary>The master.cf edit the flags select.</summary>
    private static PostconfEditResult<MasterCfDocument> Edit(MasterCfDocument document, PostconfMode mode, List<string> operands)
    {
        var set = (mode & PostconfMode.EditConf) != 0;
        var remove = (mode & PostconfMode.EditExclude) != 0;
        if ((mode & PostconfMode.MasterEntry) != 0)
        {
            return set ? document.PostconfSetService(operands)
                : remove ? document.PostconfRemoveService(operands)
                : document.PostconfCommentOutService(operands);
        }

        return (mode & PostconfMode.MasterField) != 0 ? document.PostconfSetField(operands)
            : set ? document.PostconfSetParameter(operands)
            : document.PostconfRemoveParameter(operands);
    }

    /// <summary>
    /// postconf's standard error for master.cf modes: <c>postconf: warning: …</c> for each warning, then
    /// <c>postconf: fatal: …</c> for the error (the message's exact bytes).
    /// </summary>
    private static byte[] ErrorOutput(IEnumerable<Diagnostic> diagnostics, string? fatal)
    {
        var bytes = new List<byte>();
        foreach (var d in diagnostics)
        {
            bytes.AddRange(Encoding.ASCII.GetBytes(d.Severity == DiagnosticSeverity.Error ? "postconf: fatal: " : "postconf: warning: "));
            bytes.AddRange(PostfixText.Encode(d.Message));
            bytes.Add((byte)'\n');
        }

        if (fatal is not null)
        {
            bytes.AddRange(Encoding.ASCII.GetBytes("postconf: fatal: "));
            bytes.AddRange(PostfixText.Encode(fatal));
            bytes.Add((byte)'\n');
        }

        return [.. bytes];
    }

    private static void WriteError(CliContext context, byte[] bytes)
    {
        context.Error.Flush();
        context.StderrStream.Write(bytes);
        context.StderrStream.Flush();
    }

    private static async Task<int> FatalAsync(CliContext context, string message)
    {
        await context.Error.WriteAsync("postconf: fatal: " + message + "\n");
        return 1;
    }
}
