using Postfix.Config.MasterCf.Postconf;
using Postfix.Config.Syntax;

namespace Postfix.Config.MasterCf;

/// <content>
/// Postconf-identical edits: the bytes <c>postconf -Me/-MX/-M#/-Fe/-Pe/-PX</c> write (postconf's folded reprinting;
/// comments inside a rewritten entry move above it). One deliberate deviation: empty arguments and brace-quoted first
/// arguments of a reprinted entry are kept (see <c>docs/mastercf.md</c>). Each method takes the requests exactly as
/// postconf takes them on its command line, service patterns included (<c>*/inet</c>, <c>smtp/*</c>).
/// </content>
public sealed partial class MasterCfDocument
{
    /// <summary>Adds or replaces services like <c>postconf -Me name/type='entry'</c> (the first match is replaced, later matches removed; no match appends).</summary>
    /// <param name="requests">The requests, <c>name/type=entry</c> each.</param>
    /// <returns>The new document and postconf's warnings.</returns>
    /// <exception cref="ArgumentException">A request postconf rejects; the message is postconf's fatal message.</exception>
    /// <exception cref="ConfigFormatException">postconf would stop (an entry or a line it cannot use); its diagnostics are postconf's warnings and fatal error.</exception>
    public PostconfEditResult<MasterCfDocument> PostconfSetService(params IEnumerable<string> requests) =>
        PostconfEdit(PostconfMasterEditKind.SetEntry, requests);

    /// <summary>Removes services like <c>postconf -MX name/type</c> (comment and blank lines inside them stay).</summary>
    /// <param name="services">The services, <c>name/type</c> each.</param>
    /// <returns>The new document and postconf's warnings.</returns>
    /// <exception cref="ArgumentException">A request postconf rejects; the message is postconf's fatal message.</exception>
    /// <exception cref="ConfigFormatException">postconf would stop; its diagnostics are postconf's warnings and fatal error.</exception>
    public PostconfEditResult<MasterCfDocument> PostconfRemoveService(params IEnumerable<string> services) =>
        PostconfEdit(PostconfMasterEditKind.RemoveEntry, services);

    /// <summary>Comments services out like <c>postconf -M# name/type</c>.</summary>
    /// <param name="services">The services, <c>name/type</c> each.</param>
    /// <returns>The new document and postconf's warnings.</returns>
    /// <exception cref="ArgumentException">A request postconf rejects; the message is postconf's fatal message.</exception>
    /// <exception cref="ConfigFormatException">postconf would stop; its diagnostics are postconf's warnings and fatal error.</exception>
    public PostconfEditResult<MasterCfDocument> PostconfCommentOutService(params IEnumerable<string> services) =>
        PostconfEdit(PostconfMasterEditKind.CommentOutEntry, services);

    /// <summary>Changes a field like <c>postconf -Fe name/type/field=value</c> (the <c>command</c> field takes its arguments too).</summary>
    /// <param name="requests">The requests, <c>name/type/field=value</c> each.</param>
    /// <returns>The new document and postconf's warnings.</returns>
    /// <exception cref="ArgumentException">A request postconf rejects; the message is postconf's fatal message.</exception>
    /// <exception cref="ConfigFormatException">postconf would stop; its diagnostics are postconf's warnings and fatal error.</exception>
    public PostconfEditResult<MasterCfDocument> PostconfSetField(params IEnumerable<string> requests) =>
        PostconfEdit(PostconfMasterEditKind.SetField, requests);

    /// <summary>Sets a <c>-o parameter=value</c> option like <c>postconf -Pe name/type/parameter=value</c>.</summary>
    /// <param name="requests">The requests, <c>name/type/parameter=value</c> each.</param>
    /// <returns>The new document and postconf's warnings.</returns>
    /// <exception cref="ArgumentException">A request postconf rejects; the message is postconf's fatal message.</exception>
    /// <exception cref="ConfigFormatException">postconf would stop; its diagnostics are postconf's warnings and fatal error.</exception>
    public PostconfEditResult<MasterCfDocument> PostconfSetParameter(params IEnumerable<string> requests) =>
        PostconfEdit(PostconfMasterEditKind.SetParameter, requests);

    /// <summary>Removes <c>-o parameter=…</c> options like <c>postconf -PX name/type/parameter</c>.</summary>
    /// <param name="requests">The requests, <c>name/type/parameter</c> each.</param>
    /// <returns>The new document and postconf's warnings.</returns>
    /// <exception cref="ArgumentException">A request postconf rejects; the message is postconf's fatal message.</exception>
    /// <exception cref="ConfigFormatException">postconf would stop; its diagnostics are postconf's warnings and fatal error.</exception>
    public PostconfEditResult<MasterCfDocument> PostconfRemoveParameter(params IEnumerable<string> requests) =>
        PostconfEdit(PostconfMasterEditKind.RemoveParameter, requests);

    /// <summary>The edit behind the <c>Postconf…</c> methods; <paramref name="preserveArguments"/> false writes exactly postconf's bytes even where they lose arguments.</summary>
    internal PostconfEditResult<MasterCfDocument> PostconfEdit(PostconfMasterEditKind kind, IEnumerable<string> requests, bool preserveArguments = true)
    {
        var parsed = PostconfMaster.ParseRequests(kind, requests);
        var warnings = new List<string>();
        try
        {
            var (text, _) = PostconfMaster.Edit(Source, kind, parsed, preserveArguments, warnings);
            return new PostconfEditResult<MasterCfDocument>(With(text), [.. warnings.Select(PostconfWarning)]);
        }
        catch (PostconfFatalException e)
        {
            throw new ConfigFormatException([.. warnings.Select(PostconfWarning), PostconfDiagnostic(DiagnosticSeverity.Error, MasterCfDiagnosticCodes.PostconfError, e.Message)]);
        }
    }

    private Diagnostic PostconfWarning(string byteText) =>
        PostconfDiagnostic(DiagnosticSeverity.Warning, MasterCfDiagnosticCodes.PostconfWarning, byteText);

    private Diagnostic PostconfDiagnostic(DiagnosticSeverity severity, string code, string byteText) =>
        new(severity, code, ByteText.ToDisplay(byteText), Source.LocationOf(0));
}
