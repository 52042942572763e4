namespace Postfix.Cli.Commands;

/// <summary>postconf's mode bits (<c>PCF_*</c> in <c>postconf.h</c>), with the same values so the messages come out the same.</summary>
[Flags]
internal enum PostconfMode
{
    None = 0,
    ShowNonDefault = 1 << 0,
    ShowDefaults = 1 << 1,
    HideName = 1 << 2,
    ShowMaps = 1 << 3,
    EditConf = 1 << 4,
    ShowLocks = 1 << 5,
    ShowEval = 1 << 6,
    ShowSaslServer = 1 << 7,
    ShowSaslClient = 1 << 8,
    CommentOut = 1 << 9,
    MasterEntry = 1 << 10,
    FoldLine = 1 << 11,
    EditExclude = 1 << 12,
    MasterField = 1 << 13,
    MainParam = 1 << 14,
    ExpandTemplates = 1 << 15,
    ParamClass = 1 << 16,
    MainOverride = 1 << 17,
    DumpTemplates = 1 << 18,
    MasterParam = 1 << 19,
    HideValue = 1 << 20,
    ShowTls = 1 << 21,
}
