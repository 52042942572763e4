using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Postfix.Config.Tables.Database;

/// <summary>
/// <c>ldap:</c> through the OpenLDAP client library (libldap), called the way Postfix's <c>dict_ldap</c> calls it:
/// <c>ldap_initialize</c> with the whole URL list (libldap tries the servers in order), network timeout, protocol
/// version, size limit, alias dereferencing, referral chasing, TLS options and STARTTLS, a simple bind, then
/// <c>ldap_search_ext</c> with the expanded base and filter; entries and attributes in the server's order,
/// special attributes (DN and LDAP URL values) followed recursively, leaf and terminal attributes, result_format,
/// expansion and size limits, and Postfix's warnings word for word. Deviations: <c>bind = sasl</c> is not supported
/// (the lookup fails with a warning); STARTTLS is not bounded by <c>timeout</c> (Postfix uses an alarm); one
/// connection per table (Postfix shares a connection among tables with identical connection settings).
/// </summary>
internal sealed class LdapLookupTable : DatabaseLookupTable
{
    private const string Connect_ = "dict_ldap_connect";
    private readonly string _serverHost;
    private readonly nint _attrs;
    private readonly List<nint> _attrStrings = [];
    private nint _ld;
    private int _recursion;
    private int _expansion;
    private bool _error;
    private int _errno;

    public LdapLookupTable(DatabaseTableConfiguration configuration, LookupTableOptions options)
        : base(configuration, options)
    {
        if (LdapNative.LibraryName(out var reason) is null)
        {
            throw new LookupTableOpenException($"ldap:{configuration.Name}: {reason}");
        }

        _serverHost = configuration.LdapServerHost;
        _attrs = Marshal.AllocHGlobal(nint.Size * (configuration.RawAttributes.Count + 1));
        for (var i = 0; i < configuration.RawAttributes.Count; i++)
        {
            var p = AllocZ(configuration.RawAttributes[i]);
            _attrStrings.Add(p);
            Marshal.WriteIntPtr(_attrs, i * nint.Size, p);
        }

        Marshal.WriteIntPtr(_attrs, configuration.RawAttributes.Count * nint.Size, 0);
    }

    private DatabaseTableConfiguration C => Configuration;

    private static nint AllocZ(string byteText)
    {
        var z = LdapNative.Z(byteText);
        var p = Marshal.AllocHGlobal(z.Length);
        Marshal.Copy(z, 0, p, z.Length);
        return p;
    }

    private string ErrnoText() => _errno == 0 ? "Application error" : Marshal.GetPInvokeErrorMessage(_errno);

    /// <summary>
    /// Keeps the errno a failed libldap call left (a negative result code is a client-side failure: no server, time
    /// out); postmap prints it after "query error:". Errors the server reports leave errno 0 ("Application error").
    /// </summary>
    private int Track(int rc)
    {
        var e = Marshal.GetLastPInvokeError();
        if (rc < 0 && e != 0)
        {
            _errno = e;
        }

        return rc;
    }

    private protected override DatabaseLookupResult Query(string? searchKey, Action<string>? warn)
    {
        _error = false;
        _errno = 0;
        if (_ld == 0)
        {
            Connect(warn);
            if (_error)
            {
                return DatabaseLookupResult.Failed(ErrnoText());
            }
        }

        var sizeLimit = C.SizeLimit;
        if (LdapNative.SetOption(_ld, LdapNative.OptSizeLimit, ref sizeLimit) != LdapNative.OptSuccess)
        {
            warn?.Invoke(string.Create(CultureInfo.InvariantCulture, $"dict_ldap_lookup: {C.RawName}: Unable to set query result size limit to {C.SizeLimit}."));
            return DatabaseLookupResult.Failed(ErrnoText());
        }

        if (searchKey is null)
        {
            return DatabaseLookupResult.NotFound;
        }

        var searchBase = C.BuildLdapBase(searchKey, warn);
        if (searchBase is null)
        {
            return DatabaseLookupResult.NotFound;
        }

        var filter = C.BuildQuery(searchKey, DbQuoting.LdapFilter, warn);
        if (filter is null)
        {
            return DatabaseLookupResult.NotFound;
        }

        var result = new StringBuilder();
        var res = (nint)0;
        try
        {
            var rc = Search(searchBase, C.Scope, filter, _attrs, out res);
            if (rc == LdapNative.ServerDown)
            {
                Unbind();
                Connect(warn);
                if (_error)
                {
                    return DatabaseLookupResult.Failed(ErrnoText());
                }

                Free(ref res);
                rc = Search(searchBase, C.Scope, filter, _attrs, out res);
            }

            switch (rc)
            {
                case LdapNative.Success:
                    GetValues(res, result, searchKey, warn);
                    rc = GetErrno();
                    if (rc is not LdapNative.Success and not LdapNative.DecodingError)
                    {
                        warn?.Invoke($"dict_ldap_lookup: Had some trouble with entries returned by search: {LdapNative.Err2String(rc)}");
                    }

                    break;
                case LdapNative.NoSuchObject when C.DynamicBase:
                    break;
                case LdapNative.NoSuchObject:
                    warn?.Invoke(string.Create(CultureInfo.InvariantCulture, $"dict_ldap_lookup: {C.RawName}: Search base '{searchBase}' not found: {rc}: {LdapNative.Err2String(rc)}"));
                    _error = true;
                    break;
                default:
                    warn?.Invoke(string.Create(CultureInfo.InvariantCulture, $"dict_ldap_lookup: Search error {rc}: {LdapNative.Err2String(rc)} "));
                    Unbind();
                    _error = true;
                    break;
            }
        }
        finally
        {
            Free(ref res);
        }

        return _error ? DatabaseLookupResult.Failed(ErrnoText()) : DatabaseLookupResult.FromByteText(result);
    }

    private static void Free(ref nint res)
    {
        if (res != 0)
        {
            _ = LdapNative.MsgFree(res);
            res = 0;
        }
    }

    private int GetErrno() =>
        LdapNative.GetOption(_ld, LdapNative.OptResultCode, out var rc) != LdapNative.OptSuccess ? LdapNative.Other : rc;

    private int SetErrno(int rc)
    {
        _ = LdapNative.SetOption(_ld, LdapNative.OptResultCode, ref rc);
        return rc;
    }

    private void Unbind()
    {
        if (_ld != 0)
        {
            Track(LdapNative.UnbindExt(_ld, 0, 0));
            _ld = 0;
        }
    }

    private void Fail(Action<string>? warn, string message, bool unbind = true)
    {
        warn?.Invoke(message);
        if (unbind)
        {
            Unbind();
        }

        _error = true;
    }

    private void Connect(Action<string>? warn)
    {
        _error = false;
        Track(LdapNative.Initialize(out _ld, LdapNative.Z(_serverHost)));
        if (_ld == 0)
        {
            Fail(warn, $"{Connect_}: Unable to init LDAP server {_serverHost}", unbind: false);
            return;
        }

        var tv = new LdapNative.TimeVal { Seconds = C.Timeout };
        if (LdapNative.SetOption(_ld, LdapNative.OptNetworkTimeout, ref tv) != LdapNative.OptSuccess)
        {
            Fail(warn, $"{Connect_}: Unable to set network timeout.");
            return;
        }

        var version = C.Version;
        if (LdapNative.SetOption(_ld, LdapNative.OptProtocolVersion, ref version) != LdapNative.OptSuccess)
        {
            Fail(warn, $"{Connect_}: Unable to set LDAP protocol version");
            return;
        }

        var size = C.SizeLimit;
        if (size != 0 && LdapNative.SetOption(_ld, LdapNative.OptSizeLimit, ref size) != LdapNative.OptSuccess)
        {
            Fail(warn, string.Create(CultureInfo.InvariantCulture, $"{Connect_}: {C.RawName}: Unable to set query result size limit to {C.SizeLimit}."));
            return;
        }

        var deref = C.Dereference;
        if (LdapNative.SetOption(_ld, LdapNative.OptDeref, ref deref) != LdapNative.OptSuccess)
        {
            warn?.Invoke($"{Connect_}: Unable to set dereference option.");
        }

        if (LdapNative.SetOption(_ld, LdapNative.OptReferrals, C.ChaseReferrals ? 1 : 0) != LdapNative.OptSuccess)
        {
            Fail(warn, $"{Connect_}: Unable to set Referral chasing.");
            return;
        }

        if (!SetTlsOptions(warn))
        {
            Unbind();
            _error = true;
            return;
        }

        if (C.StartTls)
        {
            var rc = Track(LdapNative.StartTlsS(_ld, 0, 0));
            if (rc != LdapNative.Success)
            {
                // Postfix reports this with msg_error and keeps the handle.
                Fail(warn, string.Create(CultureInfo.InvariantCulture, $"{Connect_}: Unable to set STARTTLS: {rc}: {LdapNative.Err2String(rc)}"));
                return;
            }
        }

        if (C.Bind != 0)
        {
            var rc = C.Bind == 2 ? LdapNative.Other : BindSimple();
            if (C.Bind == 2)
            {
                warn?.Invoke($"{Connect_}: {C.RawName}: SASL bind is not supported by postfix-net");
            }

            if (rc != LdapNative.Success)
            {
                var dn = C.BindDn.Length > 0 ? Syntax.ByteText.FromDisplay(C.BindDn) : "empty or implicit";
                Fail(warn, string.Create(CultureInfo.InvariantCulture, $"{Connect_}: Unable to bind to server {_serverHost} with dn {dn}: {rc} ({LdapNative.Err2String(rc)})"));
            }
        }
    }

    private bool SetTlsOptions(Action<string>? warn)
    {
        if (!C.StartTls && !C.LdapSsl)
        {
            return true;
        }

        foreach (var (name, option) in new[]
        {
            ("tls_random_file", LdapNative.OptTlsRandomFile), ("tls_ca_cert_file", LdapNative.OptTlsCaCertFile),
            ("tls_ca_cert_dir", LdapNative.OptTlsCaCertDir), ("tls_cert", LdapNative.OptTlsCertFile),
            ("tls_key", LdapNative.OptTlsKeyFile), ("tls_cipher_suite", LdapNative.OptTlsCipherSuite),
        })
        {
            var value = C.LdapTls.FirstOrDefault(t => t.Name == name).Value;
            if (value is null)
            {
                continue;
            }

            var rc = LdapNative.SetOption(_ld, option, LdapNative.Z(value));
            if (rc != LdapNative.Success)
            {
                warn?.Invoke(string.Create(CultureInfo.InvariantCulture, $"dict_ldap_set_tls_options: Unable to set {name} to {value}: {rc}: {LdapNative.Err2String(rc)}"));
                return false;
            }
        }

        var require = C.LdapTlsRequireCert ? LdapNative.TlsDemand : LdapNative.TlsNever;
        var r = LdapNative.SetOption(_ld, LdapNative.OptTlsRequireCert, ref require);
        if (r != LdapNative.Success)
        {
            warn?.Invoke(string.Create(CultureInfo.InvariantCulture, $"dict_ldap_set_tls_options: Unable to set tls_require_cert to {require}: {r}: {LdapNative.Err2String(r)}"));
            return false;
        }

        var server = 0;
        r = LdapNative.SetOption(_ld, LdapNative.OptTlsNewCtx, ref server);
        if (r != LdapNative.Success)
        {
            warn?.Invoke(string.Create(CultureInfo.InvariantCulture, $"dict_ldap_set_tls_options: Unable to allocate new TLS context {r}: {LdapNative.Err2String(r)}"));
            return false;
        }

        return true;
    }

    private unsafe int BindSimple()
    {
        var pw = LdapNative.Z(C.BindPassword);
        fixed (byte* p = pw)
        {
            var cred = new LdapNative.BerVal { Length = (nuint)(pw.Length - 1), Value = (nint)p };
            var rc = Track(LdapNative.SaslBind(_ld, LdapNative.Z(Syntax.ByteText.FromDisplay(C.BindDn)), 0, ref cred, 0, 0, out var msgid));
            if (rc != LdapNative.Success)
            {
                return rc;
            }

            rc = ResultOf(msgid, out var res);
            if (rc != LdapNative.Success)
            {
                Free(ref res);
                return rc;
            }

            rc = Track(LdapNative.ParseResult(_ld, res, out var err, 0, 0, 0, 0, 1));
            return rc == LdapNative.Success ? err : rc;
        }
    }

    /// <summary>Postfix's <c>dict_ldap_result</c>.</summary>
    private int ResultOf(int msgid, out nint res)
    {
        var tv = new LdapNative.TimeVal { Seconds = C.Timeout };
        var r = LdapNative.Result(_ld, msgid, 1, ref tv, out res);
        var errno = Marshal.GetLastPInvokeError();
        if (r == -1)
        {
            _errno = errno != 0 ? errno : _errno;
            return GetErrno();
        }

        var err = GetErrno();
        if (err != LdapNative.Success)
        {
            if (err == LdapNative.Timeout)
            {
                _errno = errno != 0 ? errno : _errno;
                Track(LdapNative.AbandonExt(_ld, msgid, 0, 0));
                return SetErrno(LdapNative.Timeout);
            }

            return err;
        }

        return LdapNative.Success;
    }

    private unsafe int Search(string searchBase, int scope, string filter, nint attrs, out nint res)
    {
        var b = LdapNative.Z(searchBase);
        var f = LdapNative.Z(filter);
        fixed (byte* pb = b)
        fixed (byte* pf = f)
        {
            return Search((nint)pb, scope, (nint)pf, attrs, out res);
        }
    }

    /// <summary>Postfix's <c>search_st</c>.</summary>
    private int Search(nint searchBase, int scope, nint filter, nint attrs, out nint res)
    {
        res = 0;
        var tv = new LdapNative.TimeVal { Seconds = C.Timeout };
        var rc = Track(LdapNative.SearchExt(_ld, searchBase, scope, filter, attrs, 0, 0, 0, ref tv, -1, out var msgid));
        if (rc != LdapNative.Success)
        {
            return rc;
        }

        rc = ResultOf(msgid, out res);
        if (rc != LdapNative.Success)
        {
            return rc;
        }

        rc = Track(LdapNative.ParseResult(_ld, res, out var err, 0, 0, 0, 0, 0));
        return err != LdapNative.Success ? err : rc;
    }

    /// <summary>RFC 2251 4.1.4: 1 when <paramref name="a2"/> equals or is a subtype of <paramref name="a1"/>, -1 when a1 is a subtype of a2.</summary>
    private static int AttrDescSubtype(string a1, string a2)
    {
        var i = 0;
        while (i < a1.Length && i < a2.Length && Lower(a1[i]) == Lower(a2[i]))
        {
            i++;
        }

        if (i == a1.Length && (i == a2.Length || a2[i] == ';'))
        {
            return 1;
        }

        return i == a2.Length && i < a1.Length && a1[i] == ';' ? -1 : 0;
    }

    private static char Lower(char c) => c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;

    private static unsafe List<string> Values(nint vals, out int count)
    {
        count = LdapNative.CountValuesLen(vals);
        var list = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var bv = (LdapNative.BerVal*)Marshal.ReadIntPtr(vals, i * nint.Size);
            var span = new ReadOnlySpan<byte>((void*)bv->Value, checked((int)bv->Length));
            var nul = span.IndexOf((byte)0);
            list.Add(Syntax.ByteText.FromBytes(nul >= 0 ? span[..nul] : span));
        }

        return list;
    }

    private int CountValues(nint entry, nint attrName)
    {
        var vals = LdapNative.GetValuesLen(_ld, entry, attrName);
        if (vals == 0)
        {
            return -1;
        }

        var n = LdapNative.CountValuesLen(vals);
        LdapNative.ValueFreeLen(vals);
        return n;
    }

    /// <summary>Postfix's <c>dict_ldap_get_values</c>.</summary>
    private void GetValues(nint res, StringBuilder result, string name, Action<string>? warn)
    {
        const string Me = "dict_ldap_get_values";
        if (++_recursion == 1)
        {
            _expansion = 0;
        }

        var names = C.RawAttributes;
        var numTerminal = C.AttributeCounts.Terminal;
        var numLeaf = C.AttributeCounts.Leaf;
        var numAttributes = C.LdapNumAttributes;
        long entries = 0;
        try
        {
            for (var entry = LdapNative.FirstEntry(_ld, res); entry != 0; entry = LdapNative.NextEntry(_ld, entry))
            {
                var isLeaf = true;
                var isTerminal = false;
                if (!_error && C.SizeLimit != 0 && ++entries > C.SizeLimit)
                {
                    warn?.Invoke(string.Create(CultureInfo.InvariantCulture, $"{Me}[{_recursion}]: {C.RawName}: Query size limit ({C.SizeLimit}) exceeded"));
                    _error = true;
                }

                for (var i = 0; i < numTerminal; i++)
                {
                    var n = CountValues(entry, _attrStrings[i]);
                    if (n < 0)
                    {
                        continue;
                    }

                    isTerminal = n > 0;
                    if (isTerminal)
                    {
                        break;
                    }
                }

                if (!isTerminal && numLeaf > 0)
                {
                    for (var i = numAttributes; i < names.Count; i++)
                    {
                        var n = CountValues(entry, _attrStrings[i]);
                        if (n < 0)
                        {
                            continue;
                        }

                        isLeaf = n == 0;
                        if (!isLeaf)
                        {
                            break;
                        }
                    }
                }

                var ber = (nint)0;
                try
                {
                    for (var attrPtr = LdapNative.FirstAttribute(_ld, entry, out ber); attrPtr != 0; attrPtr = NextAttribute(entry, ber, attrPtr))
                    {
                        var vals = LdapNative.GetValuesLen(_ld, entry, attrPtr);
                        if (vals == 0)
                        {
                            continue;
                        }

                        List<string> values;
                        int valcount;
                        try
                        {
                            values = Values(vals, out valcount);
                        }
                        finally
                        {
                            LdapNative.ValueFreeLen(vals);
                        }

                        if (_error || valcount == 0)
                        {
                            continue;
                        }

                        var attr = LdapNative.CString(attrPtr)!;
                        var idx = 0;
                        while (idx < names.Count && AttrDescSubtype(names[idx], attr) <= 0)
                        {
                            idx++;
                        }

                        if (idx < numAttributes || isTerminal)
                        {
                            if ((isTerminal && idx >= numTerminal) || (!isLeaf && idx < numTerminal + numLeaf))
                            {
                                continue;
                            }

                            foreach (var v in values)
                            {
                                if (C.AddResult(result, v, name, warn) && C.ExpansionLimit > 0 && ++_expansion > C.ExpansionLimit)
                                {
                                    warn?.Invoke($"{Me}[{_recursion}]: {C.RawName}: Expansion limit exceeded for key: '{name}'");
                                    _error = true;
                                    break;
                                }
                            }
                        }
                        else if (_recursion < C.RecursionLimit && idx < names.Count)
                        {
                            Special(values, result, name, warn);
                        }
                        else if (_recursion >= C.RecursionLimit && idx < names.Count)
                        {
                            warn?.Invoke($"{Me}[{_recursion}]: {C.RawName}: Recursion limit exceeded for special attribute {attr}={values[0]}");
                            _error = true;
                        }
                    }
                }
                finally
                {
                    if (ber != 0)
                    {
                        LdapNative.BerFree(ber, 0);
                    }
                }
            }
        }
        finally
        {
            --_recursion;
        }
    }

    private nint NextAttribute(nint entry, nint ber, nint previous)
    {
        LdapNative.MemFree(previous);
        return LdapNative.NextAttribute(_ld, entry, ber);
    }

    /// <summary>Follows the DN or LDAP URL values of a special result attribute.</summary>
    private unsafe void Special(List<string> values, StringBuilder result, string name, Action<string>? warn)
    {
        const string Me = "dict_ldap_get_values";
        foreach (var value in values)
        {
            var z = LdapNative.Z(value);
            var res = (nint)0;
            int rc;
            fixed (byte* pv = z)
            {
                if (LdapNative.IsLdapUrl((nint)pv) != 0)
                {
                    rc = LdapNative.UrlParse((nint)pv, out var desc);
                    if (rc != 0)
                    {
                        warn?.Invoke(string.Create(CultureInfo.InvariantCulture, $"{Me}[{_recursion}]: malformed URL {value}: {LdapNative.Err2String(rc)}({rc})"));
                        _error = true;
                        break;
                    }

                    var attrs = (nint)0;
                    try
                    {
                        var url = *(LdapNative.UrlDesc*)desc;
                        attrs = UrlAttrs(url.Attrs);
                        if (attrs == 0)
                        {
                            continue;
                        }

                        rc = Search(url.Dn, url.Scope, url.Filter, attrs == -1 ? _attrs : attrs, out res);
                    }
                    finally
                    {
                        LdapNative.FreeUrlDesc(desc);
                        if (attrs is not 0 and not -1)
                        {
                            FreeArgv(attrs);
                        }
                    }
                }
                else
                {
                    var f = LdapNative.Z("objectclass=*");
                    fixed (byte* pf = f)
                    {
                        rc = Search((nint)pv, 0, (nint)pf, _attrs, out res);
                    }
                }
            }

            try
            {
                switch (rc)
                {
                    case LdapNative.Success:
                        GetValues(res, result, name, warn);
                        break;
                    case LdapNative.NoSuchObject:
                        warn?.Invoke($"{Me}[{_recursion}]: DN {value} not found, skipping ");
                        break;
                    default:
                        warn?.Invoke(string.Create(CultureInfo.InvariantCulture, $"{Me}[{_recursion}]: search error {rc}: {LdapNative.Err2String(rc)} "));
                        _error = true;
                        break;
                }
            }
            finally
            {
                Free(ref res);
            }

            if (_error)
            {
                break;
            }
        }
    }

    /// <summary>Postfix's <c>url_attrs</c>: -1 for all our attributes, 0 for none, else a new argv.</summary>
    private nint UrlAttrs(nint urlAttrs)
    {
        if (urlAttrs == 0 || Marshal.ReadIntPtr(urlAttrs) == 0)
        {
            return -1;
        }

        var picked = new List<string>();
        for (var i = 0; Marshal.ReadIntPtr(urlAttrs, i * nint.Size) is var p && p != 0; i++)
        {
            var a1 = LdapNative.CString(p)!;
            foreach (var a2 in C.RawAttributes)
            {
                var rel = AttrDescSubtype(a1, a2);
                if (rel > 0)
                {
                    picked.Add(a2);
                }
                else if (rel < 0)
                {
                    picked.Add(a1);
                }
            }
        }

        if (picked.Count == 0)
        {
            return 0;
        }

        var argv = Marshal.AllocHGlobal(nint.Size * (picked.Count + 1));
        for (var i = 0; i < picked.Count; i++)
        {
            Marshal.WriteIntPtr(argv, i * nint.Size, AllocZ(picked[i]));
        }

        Marshal.WriteIntPtr(argv, picked.Count * nint.Size, 0);
        return argv;
    }

    private static void FreeArgv(nint argv)
    {
        for (var i = 0; Marshal.ReadIntPtr(argv, i * nint.Size) is var p && p != 0; i++)
        {
            Marshal.FreeHGlobal(p);
        }

        Marshal.FreeHGlobal(argv);
    }

    protected override void Dispose(bool disposing)
    {
        Unbind();
        foreach (var p in _attrStrings)
        {
            Marshal.FreeHGlobal(p);
        }

        _attrStrings.Clear();
        Marshal.FreeHGlobal(_attrs);
        base.Dispose(disposing);
    }
}
