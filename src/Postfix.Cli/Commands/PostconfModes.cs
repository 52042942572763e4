namespace Postfix.Cli.Commands;

/// <summary>postconf's option bookkeeping: flag to mode, and its two consistency checks with their exact messages.</summary>
internal static class PostconfModes
{
    public const PostconfMode MajorModes =
        PostconfMode.ShowSaslServer | PostconfMode.ShowSaslClient | PostconfMode.ExpandTemplates | PostconfMode.ShowLocks
        | PostconfMode.ShowMaps | PostconfMode.DumpTemplates | PostconfMode.MainParam | PostconfMode.MasterEntry
        | PostconfMode.MasterField | PostconfMode.MasterParam | PostconfMode.ShowTls;

    /// <summary><c>pcf_incompat_options</c>: groups of which at most one may be given.</summary>
    private static readonly PostconfMode[] Incompatible =
    [
        MajorModes,
        PostconfMode.ShowDefaults | PostconfMode.EditConf | PostconfMode.ShowNonDefault | PostconfMode.CommentOut | PostconfMode.EditExclude,
        PostconfMode.FoldLine | PostconfMode.EditConf | PostconfMode.CommentOut | PostconfMode.EditExclude,
        PostconfMode.ShowEval | PostconfMode.EditConf | PostconfMode.CommentOut | PostconfMode.EditExclude,
        PostconfMode.MainOverride | PostconfMode.ShowDefaults | PostconfMode.EditConf | PostconfMode.CommentOut | PostconfMode.EditExclude,
        PostconfMode.HideName | PostconfMode.EditConf | PostconfMode.CommentOut | PostconfMode.EditExclude | PostconfMode.HideValue,
    ];

    /// <summary><c>pcf_compat_options</c>: a mode and everything it may be combined with.</summary>
    private static readonly (PostconfMode Mode, PostconfMode Allowed)[] Compatible =
    [
        (PostconfMode.ShowSaslServer, 0),
        (PostconfMode.ShowSaslClient, 0),
        (PostconfMode.ExpandTemplates, 0),
        (PostconfMode.ShowLocks, 0),
        (PostconfMode.ShowMaps, 0),
        (PostconfMode.ShowTls, 0),
        (PostconfMode.DumpTemplates, 0),
        (PostconfMode.MainParam, PostconfMode.EditConf | PostconfMode.EditExclude | PostconfMode.CommentOut | PostconfMode.FoldLine
            | PostconfMode.HideName | PostconfMode.ParamClass | PostconfMode.ShowEval | PostconfMode.ShowDefaults
            | PostconfMode.ShowNonDefault | PostconfMode.MainOverride | PostconfMode.HideValue),
        (PostconfMode.MasterEntry, PostconfMode.EditConf | PostconfMode.EditExclude | PostconfMode.CommentOut | PostconfMode.FoldLine
            | PostconfMode.MainOverride | PostconfMode.ShowEval),
        (PostconfMode.MasterField, PostconfMode.EditConf | PostconfMode.FoldLine | PostconfMode.HideName | PostconfMode.MainOverride
            | PostconfMode.ShowEval | PostconfMode.HideValue),
        (PostconfMode.MasterParam, PostconfMode.EditConf | PostconfMode.EditExclude | PostconfMode.FoldLine | PostconfMode.HideName
            | PostconfMode.MainOverride | PostconfMode.ShowEval | PostconfMode.HideValue),
        (PostconfMode.ParamClass, PostconfMode.MainParam | PostconfMode.ShowDefaults | PostconfMode.ShowNonDefault),
    ];

    /// <summary><c>pcf_compat_names</c>, in postconf's order (the order messages list flags in).</summary>
    private static readonly (string Name, PostconfMode Mode)[] Names =
    [
        ("-a", PostconfMode.ShowSaslServer), ("-A", PostconfMode.ShowSaslClient), ("-b", PostconfMode.ExpandTemplates),
        ("-C", PostconfMode.ParamClass), ("-d", PostconfMode.ShowDefaults), ("-e", PostconfMode.EditConf),
        ("-f", PostconfMode.FoldLine), ("-F", PostconfMode.MasterField), ("-h", PostconfMode.HideName),
        ("-H", PostconfMode.HideValue), ("-l", PostconfMode.ShowLocks), ("-m", PostconfMode.ShowMaps),
        ("-M", PostconfMode.MasterEntry), ("-n", PostconfMode.ShowNonDefault), ("-o", PostconfMode.MainOverride),
        ("-p", PostconfMode.MainParam), ("-P", PostconfMode.MasterParam), ("-t", PostconfMode.DumpTemplates),
        ("-T", PostconfMode.ShowTls), ("-x", PostconfMode.ShowEval), ("-X", PostconfMode.EditExclude),
        ("-#", PostconfMode.CommentOut),
    ];

    public static PostconfMode FromFlag(char flag) => flag switch
    {
        'a' => PostconfMode.ShowSaslServer,
        'A' => PostconfMode.ShowSaslClient,
        'b' => PostconfMode.ExpandTemplates,
        'C' => PostconfMode.ParamClass,
        'd' => PostconfMode.ShowDefaults,
        'e' => PostconfMode.EditConf,
        'f' => PostconfMode.FoldLine,
        'F' => PostconfMode.MasterField,
        '#' => PostconfMode.CommentOut,
        'h' => PostconfMode.HideName,
        'H' => PostconfMode.HideValue,
        'l' => PostconfMode.ShowLocks,
        'm' => PostconfMode.ShowMaps,
        'M' => PostconfMode.MasterEntry,
        'n' => PostconfMode.ShowNonDefault,
        'o' => PostconfMode.MainOverride,
        'p' => PostconfMode.MainParam,
        'P' => PostconfMode.MasterParam,
        't' => PostconfMode.DumpTemplates,
        'T' => PostconfMode.ShowTls,
        'x' => PostconfMode.ShowEval,
        'X' => PostconfMode.EditExclude,
        _ => PostconfMode.None,
    };

    /// <summary><c>pcf_check_exclusive_options</c>: "specify one of -e and -X", or null.</summary>
    public static string? CheckExclusive(PostconfMode mode)
    {
        foreach (var group in Incompatible)
        {
            var given = group & mode;
            if (given != 0 && (given & (given - 1)) != 0)
            {
                return "specify one of " + NameList(given);
            }
        }

        return null;
    }

    /// <summary><c>pcf_check_compat_options</c>: "with option -M, do not specify -n", or null.</summary>
    public static string? CheckCompatible(PostconfMode mode)
    {
        foreach (var (m, allowed) in Compatible)
        {
            var excess = mode & ~(m | allowed);
            if ((mode & m) != 0 && excess != 0)
            {
                return "with option " + NameList(m) + ", do not specify " + NameList(excess);
            }
        }

        return null;
    }

    private static string NameList(PostconfMode bits) =>
        string.Join(" ", Names.Where(n => (bits & n.Mode) != 0).Select(n => n.Name));
}
