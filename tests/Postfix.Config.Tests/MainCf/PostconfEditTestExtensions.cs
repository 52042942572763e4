global using PostconfEditMode = Postfix.Config.MainCf.PostconfMainEditor.Mode;
using Postfix.Config.MainCf;

namespace Postfix.Config.Tests.MainCf;

/// <summary>Runs the postconf-identical main.cf edits by postconf's flag, so tests can loop over -e/-X/-#.</summary>
internal static class PostconfEditTestExtensions
{
    public static PostconfEditResult<MainCfDocument> EditLikePostconf(this MainCfDocument document, PostconfEditMode mode, IEnumerable<string> arguments) =>
        mode switch
        {
            PostconfEditMode.Set => document.PostconfSet(arguments),
            PostconfEditMode.Remove => document.PostconfRemove(arguments),
            _ => document.PostconfCommentOut(arguments),
        };

    /// <summary>postconf's warnings as messages.</summary>
    public static IReadOnlyList<string> Warnings(this PostconfEditResult<MainCfDocument> result) => [.. result.Diagnostics.Select(d => d.Message)];
}
