using System.Text;
using Postfix.Config;
using Postfix.Config.IO;
using Postfix.Config.MainCf;

namespace Postfix.Cli.Commands;

/// <summary>
/// <c>postfix-net postconf</c>: the flags of postconf(1), with the same output bytes, messages and exit codes. This
/// class parses and checks the flags exactly like <c>postconf.c</c>, then hands main.cf work to the library
/// (<see cref="MainCfDocument"/>); master.cf work (<c>-M</c>, <c>-F</c>, <c>-P</c>) goes to <see cref="PostconfMasterModes"/>.
/// </summary>
internal sealed class PostconfCommand : ICommand
{
    /// <summary>postconf's getopt string; on Linux Postfix adds <c>+</c>: options end at the first operand.</summary>
    public const string OptionString = "aAbc:C:deEfFhHlmMno:pPtT:vxX#";

    public const string UsageText =
        "usage: postconf [-a (server SASL types)] [-A (client SASL types)] [-b (bounce templates)] [-c config_dir] "
        + "[-c param_class] [-d (parameter defaults)] [-e (edit configuration)] [-f (fold lines)] [-F (master.cf fields)] "
        + "[-h (no names)] [-H (no values)] [-l (lock types)] [-m (map types)] [-M (master.cf)] [-n (non-default parameters)] "
        + "[-o name=value (override parameter value)] [-p (main.cf, default)] [-P (master.cf parameters)] [-t (bounce templates)] "
        + "[-T compile-version|run-version|public-key-algorithms] [-v (verbose)] [-x (expand parameter values)] [-X (exclude)] "
        + "[-# (comment-out)] [name...]";

    public string Name => "postconf";

    public string Summary => "Postfix configuration utility, with the flags of postconf(1)";

    public string Usage =>
        "Usage: postfix-net postconf [-c config_dir] [-n | -d] [-h] [-x] [-f] [-H] [-o name=value] [name...]\n"
        + "       postfix-net postconf [-c config_dir] -e name=value...\n"
        + "       postfix-net postconf [-c config_dir] name=value...\n"
        + "       postfix-net postconf [-c config_dir] -X name...\n"
        + "       postfix-net postconf [-c config_dir] -# name...\n"
        + "       postfix-net postconf [-c config_dir] -M|-F|-P ...   (master.cf)\n\n"
        + "Reads and edits main.cf like postconf(1): same output, same messages, same exit codes.\n"
        + "The config directory is -c DIR, else $MAIL_CONFIG, else /etc/postfix.\n";

    public async Task<int> RunAsync(CliContext context, IReadOnlyList<string> args)
    {
        // master.cf modes (-M, -F, -P and their edits) live in PostconfMasterModes (the master.cf area).
        if (PostconfMasterModes.Handles(args))
        {
            return await PostconfMasterModes.RunAsync(context, args);
        }

        var output = new PostconfOutput(context);
        try
        {
            return await RunCoreAsync(context, args, output);
        }
        catch (PostconfFatalException e)
        {
            output.Fatal(e.ByteMessage);
            return 1;
        }
    }

    private static async Task<int> RunCoreAsync(CliContext context, IReadOnlyList<string> args, PostconfOutput output)
    {
        var request = Parse(args, output, context);
        if (request is null)
        {
            return 1;
        }

        var flags = request.Flags;
        if (flags.HasFlag(PostconfMode.EditConf) && request.Operands.Count == 0)
        {
            throw new PostconfFatalException("-e requires name=value argument");
        }

        const PostconfMode unsupported = PostconfMode.ShowSaslServer | PostconfMode.ShowSaslClient | PostconfMode.ExpandTemplates
            | PostconfMode.DumpTemplates | PostconfMode.ShowMaps | PostconfMode.ShowLocks | PostconfMode.ShowTls;
        if ((flags & unsupported) != 0)
        {
            throw new PostconfFatalException("this mode needs the Postfix programs themselves and is not available in postfix-net (run the real postconf)");
        }

        const PostconfMode edit = PostconfMode.EditConf | PostconfMode.EditExclude | PostconfMode.CommentOut;
        if ((flags & edit) != 0)
        {
            if (request.Operands.Count == 0)
            {
                throw new PostconfFatalException("missing service argument");
            }

            return await EditMainAsync(context, request, output);
        }

        return await PostconfMainModes.ShowAsync(context, request, output);
    }

    /// <summary>Parses the flags as postconf does; null after printing a usage error.</summary>
    private static PostconfRequest? Parse(IReadOnlyList<string> args, PostconfOutput output, CliContext context)
    {
        List<(char Flag, string? Value)> options;
        List<string> operands;
        try
        {
            (options, operands) = new Getopt(OptionString, stopAtFirstOperand: true).Parse(args, "postconf");
        }
        catch (UsageException e)
        {
            output.Line(ByteTextOf(e.Message));
            output.Fatal(UsageText);
            return null;
        }

        var flags = PostconfMode.None;
        string? configDirectory = null;
        var overrides = new List<string>();
        var paramClass = "all";
        string? tlsArgument = null;
        var dsn = false;
        foreach (var (flag, value) in options)
        {
            switch (flag)
            {
                case 'a': flags |= PostconfMode.ShowSaslServer; break;
                case 'A': flags |= PostconfMode.ShowSaslClient; break;
                case 'b' or 't':
                    if (dsn)
                    {
                        throw new PostconfFatalException("specify one of -b and -t");
                    }

                    dsn = true;
                    flags |= flag == 'b' ? PostconfMode.ExpandTemplates : PostconfMode.DumpTemplates;
                    break;
                case 'c': configDirectory = value; break;
                case 'C': paramClass = value!; break;
                case 'd': flags |= PostconfMode.ShowDefaults; break;
                case 'e': flags |= PostconfMode.EditConf; break;
                case 'f': flags |= PostconfMode.FoldLine; break;
                case 'F': flags |= PostconfMode.MasterField; break;
                case '#': flags |= PostconfMode.CommentOut; break;
                case 'h': flags |= PostconfMode.HideName; break;
                case 'H': flags |= PostconfMode.HideValue; break;
                case 'l': flags |= PostconfMode.ShowLocks; break;
                case 'm': flags |= PostconfMode.ShowMaps; break;
                case 'M': flags |= PostconfMode.MasterEntry; break;
                case 'n': flags |= PostconfMode.ShowNonDefault; break;
                case 'o':
                    flags |= PostconfMode.MainOverride;
                    overrides.Add(value!);
                    break;
                case 'p': flags |= PostconfMode.MainParam; break;
                case 'P': flags |= PostconfMode.MasterParam; break;
                case 'T':
                    if (flags.HasFlag(PostconfMode.ShowTls))
                    {
                        throw new PostconfFatalException("At most one -T <mode> option may be specified");
                    }

                    flags |= PostconfMode.ShowTls;
                    tlsArgument = value;
                    break;
                case 'x': flags |= PostconfMode.ShowEval; break;
                case 'X': flags |= PostconfMode.EditExclude; break;
                case 'v' or 'E': break;
            }
        }

        if ((flags & PostconfModes.MajorModes) == 0)
        {
            flags |= PostconfMode.MainParam;
        }

        const PostconfMode mainOrMaster = PostconfMode.MainParam | PostconfMode.MasterEntry | PostconfMode.MasterField | PostconfMode.MasterParam;
        if ((flags & mainOrMaster) != 0 && operands.Count > 0 && operands[0].Contains('=', StringComparison.Ordinal))
        {
            flags |= PostconfMode.EditConf;
        }

        if ((PostconfModes.CheckExclusive(flags) ?? PostconfModes.CheckCompatible(flags)) is { } problem)
        {
            throw new PostconfFatalException(problem);
        }

        _ = tlsArgument;
        var directory = configDirectory ?? context.Environment("MAIL_CONFIG") ?? "/etc/postfix";
        return new PostconfRequest(flags, directory, operands, overrides, paramClass);
    }

    private static async Task<int> EditMainAsync(CliContext context, PostconfRequest request, PostconfOutput output)
    {
        var path = request.MainCfPath;
        PostconfEditResult<MainCfDocument> checkedArguments;
        try
        {
            // postconf checks its arguments (and warns about repeated names) before it opens anything.
            checkedArguments = Edit(MainCfDocument.Create(), request);
        }
        catch (ArgumentException e)
        {
            throw new PostconfFatalException(ByteTextOf(e.Message));
        }

        foreach (var warning in checkedArguments.Diagnostics)
        {
            output.Warning(ByteTextOf(warning.Message));
        }

        var directory = context.FileSystem.Path.GetDirectoryName(context.FileSystem.Path.GetFullPath(path));
        if (directory is null || !context.FileSystem.Directory.Exists(directory))
        {
            throw new PostconfFatalException($"open {path}.tmp: No such file or directory");
        }

        MainCfDocument document;
        try
        {
            document = await MainCfDocument.LoadAsync(path, context.FileSystem, cancellationToken: context.CancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PostconfFatalException($"open {path} for reading: {PostconfOutput.Strerror(e)}");
        }

        var result = Edit(document, request);
        foreach (var warning in result.Diagnostics.Skip(checkedArguments.Diagnostics.Count))
        {
            output.Warning(ByteTextOf(warning.Message));
        }

        await result.Document.SaveAsync(context.CancellationToken);
        return 0;
    }

    /// <summary>postconf -e, -X or -#, as the flags select it.</summary>
    private static PostconfEditResult<MainCfDocument> Edit(MainCfDocument document, PostconfRequest request) =>
        request.Flags.HasFlag(PostconfMode.EditConf) ? document.PostconfSet(request.Operands)
        : request.Flags.HasFlag(PostconfMode.EditExclude) ? document.PostconfRemove(request.Operands)
        : document.PostconfCommentOut(request.Operands);

    /// <summary>A library string as byte text (its exact bytes, <see cref="PostfixText.Encode(string)"/>, one char per byte).</summary>
    internal static string ByteTextOf(string text) =>
        Encoding.Latin1.GetString(PostfixText.IsEncodable(text) ? PostfixText.Encode(text) : Encoding.UTF8.GetBytes(text));
}
