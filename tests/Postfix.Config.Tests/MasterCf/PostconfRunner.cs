using System.Text;
using Postfix.Config.MasterCf;

namespace Postfix.Config.Tests.MasterCf;

/// <summary>Maps a postconf master.cf command line to the library call, so tests can run the same arguments on both sides.</summary>
internal static class PostconfRunner
{
    public sealed record Outcome(int ExitCode, byte[] Stdout, string Stderr, byte[]? NewFile);

    public static Outcome Run(byte[] masterCf, string configDirectory, IReadOnlyList<string> args, bool preserveArguments = true)
    {
        var flags = args[0];
        var operands = args.Skip(1).ToList();
        PostconfMasterResult result;
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
            result = PostconfMaster.Edit(masterCf, configDirectory, kind, operands, preserveArguments);
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
            };
            result = PostconfMaster.Show(masterCf, configDirectory, options, operands);
        }

        return new Outcome(
            result.ExitCode,
            result.Output.ToArray(),
            Encoding.Latin1.GetString(result.FormatErrorOutput()),
            result.NewContent?.ToArray());
    }
}
