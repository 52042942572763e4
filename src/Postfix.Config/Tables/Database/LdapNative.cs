using System.Reflection;
using System.Runtime.InteropServices;

namespace Postfix.Config.Tables.Database;

/// <summary>
/// The few OpenLDAP client library (libldap) calls Postfix's <c>dict_ldap</c> makes, bound directly: the same
/// library, the same calls, so URL lists, failover, timeouts, TLS options and error texts are libldap's own. Strings
/// are passed as NUL-terminated byte arrays (byte text), never re-encoded.
/// </summary>
internal static partial class LdapNative
{
    private const string Lib = "postfixnet-libldap";

    public const int OptSuccess = 0;
    public const int OptDeref = 0x02;
    public const int OptSizeLimit = 0x03;
    public const int OptReferrals = 0x08;
    public const int OptProtocolVersion = 0x11;
    public const int OptResultCode = 0x31;
    public const int OptNetworkTimeout = 0x5005;
    public const int OptTlsCaCertFile = 0x6002;
    public const int OptTlsCaCertDir = 0x6003;
    public const int OptTlsCertFile = 0x6004;
    public const int OptTlsKeyFile = 0x6005;
    public const int OptTlsRequireCert = 0x6006;
    public const int OptTlsCipherSuite = 0x6008;
    public const int OptTlsRandomFile = 0x6009;
    public const int OptTlsNewCtx = 0x600f;
    public const int TlsNever = 0;
    public const int TlsDemand = 2;

    public const int Success = 0;
    public const int SizeLimitExceeded = 4;
    public const int NoSuchObject = 0x20;
    public const int Other = 0x50;
    public const int ServerDown = -1;
    public const int DecodingError = -4;
    public const int Timeout = -5;

    private static readonly string[] Candidates = ["libldap-2.5.so.0", "libldap.so.2", "libldap-2.4.so.2", "libldap.so"];
    private static readonly Lazy<string?> Loaded = new(Load);

    static LdapNative()
    {
        NativeLibrary.SetDllImportResolver(typeof(LdapNative).Assembly, Resolve);
    }

    /// <summary>The loaded library's file name, or null when libldap cannot be loaded (with the reason).</summary>
    public static string? LibraryName(out string? reason)
    {
        var name = Loaded.Value;
        reason = name is null ? $"cannot load the OpenLDAP client library ({string.Join(", ", Candidates)}; Debian: apt-get install libldap-2.5-0)" : null;
        return name;
    }

    private static nint _handle;

    private static string? Load()
    {
        foreach (var c in Candidates)
        {
            if (NativeLibrary.TryLoad(c, out var h))
            {
                _handle = h;
                return c;
            }
        }

        return null;
    }

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? path) =>
        name == Lib && Loaded.Value is not null ? _handle : 0;

    [StructLayout(LayoutKind.Sequential)]
    public struct TimeVal
    {
        public nint Seconds;
        public nint Microseconds;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct BerVal
    {
        public nuint Length;
        public nint Value;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct UrlDesc
    {
        public nint Next;
        public nint Scheme;
        public nint Host;
        public int Port;
        public nint Dn;
        public nint Attrs;
        public int Scope;
        public nint Filter;
        public nint Exts;
        public int CritExts;
    }

    [LibraryImport(Lib, EntryPoint = "ldap_initialize", SetLastError = true)]
    public static partial int Initialize(out nint ld, byte[] uri);

    [LibraryImport(Lib, EntryPoint = "ldap_set_option", SetLastError = true)]
    public static partial int SetOption(nint ld, int option, ref int value);

    [LibraryImport(Lib, EntryPoint = "ldap_set_option", SetLastError = true)]
    public static partial int SetOption(nint ld, int option, ref TimeVal value);

    [LibraryImport(Lib, EntryPoint = "ldap_set_option", SetLastError = true)]
    public static partial int SetOption(nint ld, int option, nint value);

    [LibraryImport(Lib, EntryPoint = "ldap_set_option", SetLastError = true)]
    public static partial int SetOption(nint ld, int option, byte[] value);

    [LibraryImport(Lib, EntryPoint = "ldap_get_option", SetLastError = true)]
    public static partial int GetOption(nint ld, int option, out int value);

    [LibraryImport(Lib, EntryPoint = "ldap_sasl_bind", SetLastError = true)]
    public static partial int SaslBind(nint ld, byte[] dn, nint mechanism, ref BerVal cred, nint serverControls, nint clientControls, out int msgid);

    [LibraryImport(Lib, EntryPoint = "ldap_search_ext", SetLastError = true)]
    public static partial int SearchExt(nint ld, nint searchBase, int scope, nint filter, nint attrs, int attrsOnly, nint serverControls, nint clientControls, ref TimeVal timeout, int sizeLimit, out int msgid);

    [LibraryImport(Lib, EntryPoint = "ldap_result", SetLastError = true)]
    public static partial int Result(nint ld, int msgid, int all, ref TimeVal timeout, out nint result);

    [LibraryImport(Lib, EntryPoint = "ldap_parse_result", SetLastError = true)]
    public static partial int ParseResult(nint ld, nint result, out int errcode, nint matchedDn, nint errorMessage, nint referrals, nint serverControls, int freeIt);

    [LibraryImport(Lib, EntryPoint = "ldap_first_entry")]
    public static partial nint FirstEntry(nint ld, nint result);

    [LibraryImport(Lib, EntryPoint = "ldap_next_entry")]
    public static partial nint NextEntry(nint ld, nint entry);

    [LibraryImport(Lib, EntryPoint = "ldap_first_attribute")]
    public static partial nint FirstAttribute(nint ld, nint entry, out nint ber);

    [LibraryImport(Lib, EntryPoint = "ldap_next_attribute")]
    public static partial nint NextAttribute(nint ld, nint entry, nint ber);

    [LibraryImport(Lib, EntryPoint = "ldap_get_values_len")]
    public static partial nint GetValuesLen(nint ld, nint entry, nint attribute);

    [LibraryImport(Lib, EntryPoint = "ldap_count_values_len")]
    public static partial int CountValuesLen(nint values);

    [LibraryImport(Lib, EntryPoint = "ldap_value_free_len")]
    public static partial void ValueFreeLen(nint values);

    [LibraryImport(Lib, EntryPoint = "ldap_memfree")]
    public static partial void MemFree(nint p);

    [LibraryImport(Lib, EntryPoint = "ber_free")]
    public static partial void BerFree(nint ber, int freeBuffer);

    [LibraryImport(Lib, EntryPoint = "ldap_msgfree")]
    public static partial int MsgFree(nint message);

    [LibraryImport(Lib, EntryPoint = "ldap_unbind_ext", SetLastError = true)]
    public static partial int UnbindExt(nint ld, nint serverControls, nint clientControls);

    [LibraryImport(Lib, EntryPoint = "ldap_abandon_ext", SetLastError = true)]
    public static partial int AbandonExt(nint ld, int msgid, nint serverControls, nint clientControls);

    [LibraryImport(Lib, EntryPoint = "ldap_start_tls_s", SetLastError = true)]
    public static partial int StartTlsS(nint ld, nint serverControls, nint clientControls);

    [LibraryImport(Lib, EntryPoint = "ldap_err2string")]
    private static partial nint Err2StringPtr(int error);

    [LibraryImport(Lib, EntryPoint = "ldap_is_ldap_url")]
    public static partial int IsLdapUrl(nint url);

    [LibraryImport(Lib, EntryPoint = "ldap_url_parse")]
    public static partial int UrlParse(nint url, out nint description);

    [LibraryImport(Lib, EntryPoint = "ldap_free_urldesc")]
    public static partial void FreeUrlDesc(nint description);

    /// <summary>libldap's text for a result code (byte text).</summary>
    public static string Err2String(int error) => CString(Err2StringPtr(error)) ?? string.Empty;

    /// <summary>A NUL-terminated C string as byte text (null for a null pointer).</summary>
    public static unsafe string? CString(nint p)
    {
        if (p == 0)
        {
            return null;
        }

        var span = MemoryMarshal.CreateReadOnlySpanFromNullTerminated((byte*)p);
        return Syntax.ByteText.FromBytes(span);
    }

    /// <summary>Byte text → NUL-terminated bytes.</summary>
    public static byte[] Z(string byteText)
    {
        var b = new byte[byteText.Length + 1];
        for (var i = 0; i < byteText.Length; i++)
        {
            b[i] = (byte)byteText[i];
        }

        return b;
    }
}
