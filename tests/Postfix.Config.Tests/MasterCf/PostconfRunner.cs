using System.Text;
using Postfix.Config.MasterCf;
using Postfix.Config.Syntax;

namespace Postfix.Config.Tests.MasterCf;

/// <summary>Maps a postconf master.cf command line to the library call, so tests can run the same arguments on both sides.</summary>
internal static class PostconfRunner
{
    public sealed record Outcome(int ExitCode, byte[] Stdout, string Stderr, byte[]? NewFile);

    public static Outcome Run(byte[] masterCf, string configDirectory, IReadOnlyList<string> args, bool preserveArguments = true)
    {
        var flags = args[0];
        var operands = args.Skip(1).ToList();
        PostconfShowResult? result = null;
        byte[]? newFile = null;
        var stderr = new StringBuilder();
        if (operands.Count > 0 && operands[0].Contains('=', StringComparison.Ordinal) && !flags.Contains('e', StringComparison.Ordinal))
        {
            flags += "e";
        }

        if (flags.Contains('e', StringComparison.Ordinal) || flags.Contains('X', StringComparison.Ordinal) || flags.Contains('#', StringComparison.Ordinal))
        {
            var kind = flags switch
            {
                "-Me" => PostconfMasterEditKind.SetEntry,
                "-MX" => PostconfMasterEditKind.RemoveEntry,
                "-M#" => PostconfMasterEditKind.CommentOutEntry,
                "-Fe" => PostconfMasterEditKind.SetField,
                "-Pe" => PostconfMasterEditKind.SetParameter,
                "-PX" => PostconfMasterEditKind.RemoveParameter,
                _ => throw new ArgumentException(flags),
            };
            var document = MasterCfDocument.Parse(masterCf, new() { SourceName = configDirectory + "/master.cf" });
            try
            {
                var edited = document.PostconfEdit(kind, operands, preserveArguments);
                newFile = edited.Document.ToBytes();
                Format(stderr, edited.Diagnostics);
            }
            catch (ArgumentException e)
            {
                stderr.Append("postconf: fatal: ").Append(Encoding.Latin1.GetString(PostfixText.Encode(e.Message))).Append('\n');
            }
            catch (ConfigFormatException e)
            {
                Format(stderr, e.Diagnostics);
            }

            return new Outcome(newFile is null ? 1 : 0, [], stderr.ToString(), newFile);
        }
        else
        {
            var options = new PostconfMasterShowOptions
            {
                Kind = flags[1] switch
                {
                    'M' => PostconfMasterShowKind.Entries,
                    'F' => PostconfMasterShowKind.Fields,
                    _ => PostconfMasterShowKind.Parameters,
                },
                Fold = flags.Contains('f', StringComparison.Ordinal),
                HideName = flags.Contains('h', StringComparison.Ordinal),
                HideValue = flags.Contains('H', StringComparison.Ordinal),
                ConfigDirectory = configDirectory,
            };
            result = PostconfMaster.Show(masterCf, configDirectory, options, operands);
        }

        Format(stderr, result.Diagnostics);
        return new Outcome(result.HasErrors ? 1 : 0, result.Output.ToArray(), stderr.ToString(), null);
    }

    /// <summary>postconf's standard error for master.cf modes (no printable() in these messages).</summary>
    private static void Format(StringBuilder stderr, IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var d in diagnostics)
        {
            stderr.Append(d.Severity == DiagnosticSeverity.Error ? "postconf: fatal: " : "postconf: warning: ")
                .Append(Encoding.Latin1.GetString(PostfixText.Encode(d.Message)))
                .Append('\n');
        }
    }
}
