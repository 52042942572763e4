namespace Postfix.Config.Catalog;

/// <summary>
/// Parameters that Postfix 3.7 has renamed, deprecated or made meaningless, from postconf(5) (proto/postconf.proto of
/// 3.7.11) and from postconf's own legacy table (<c>postconf_builtin.c</c>, <c>pcf_legacy_str_table</c>).
/// </summary>
internal static class ObsoleteParameters
{
    private static readonly Dictionary<string, ObsoleteParameterInfo> Table = new(StringComparer.Ordinal)
    {
        // Renamed; the new name's default refers to the old one ("postconf_builtin.c" legacy table).
        ["virtual_maps"] = new("virtual_alias_maps", "replaced by virtual_alias_maps and virtual_alias_domains in Postfix 2.0"),
        ["fallback_relay"] = new("smtp_fallback_relay", "renamed to smtp_fallback_relay in Postfix 2.3"),
        ["authorized_verp_clients"] = new("smtpd_authorized_verp_clients", "renamed to smtpd_authorized_verp_clients in Postfix 2.1"),
        ["smtpd_client_connection_limit_exceptions"] = new("smtpd_client_event_limit_exceptions", "renamed to smtpd_client_event_limit_exceptions in Postfix 2.9"),
        ["postscreen_dnsbl_ttl"] = new("postscreen_dnsbl_max_ttl", "replaced by postscreen_dnsbl_max_ttl in Postfix 3.1"),
        ["postscreen_blacklist_action"] = new("postscreen_denylist_action", "renamed to postscreen_denylist_action in Postfix 3.6"),
        ["postscreen_dnsbl_whitelist_threshold"] = new("postscreen_dnsbl_allowlist_threshold", "renamed to postscreen_dnsbl_allowlist_threshold in Postfix 3.6"),
        ["postscreen_whitelist_interfaces"] = new("postscreen_allowlist_interfaces", "renamed to postscreen_allowlist_interfaces in Postfix 3.6"),
        ["lmtp_per_record_deadline"] = new("lmtp_per_request_deadline", "renamed to lmtp_per_request_deadline in Postfix 3.7"),
        ["smtp_per_record_deadline"] = new("smtp_per_request_deadline", "renamed to smtp_per_request_deadline in Postfix 3.7"),
        ["smtpd_per_record_deadline"] = new("smtpd_per_request_deadline", "renamed to smtpd_per_request_deadline in Postfix 3.7"),
        ["tlsproxy_client_level"] = new("tlsproxy_client_security_level", "renamed to tlsproxy_client_security_level in Postfix 3.4"),
        ["tlsproxy_client_policy"] = new("tlsproxy_client_policy_maps", "renamed to tlsproxy_client_policy_maps in Postfix 3.4"),

        // Deprecated or obsolete according to postconf(5) of 3.7.
        ["disable_dns_lookups"] = new("smtp_dns_support_level", "deprecated since Postfix 2.11"),
        ["maps_rbl_domains"] = new("reject_rbl_client", "obsolete feature: use the reject_rbl_client restriction"),
        ["qmgr_fudge_factor"] = new(null, "obsolete: only used by the old queue manager"),
        ["sun_mailtool_compatibility"] = new(null, "obsolete SUN mailtool compatibility feature"),
        ["smtp_tls_per_site"] = new("smtp_tls_policy_maps", "obsolete; smtp_tls_policy_maps overrides it"),
        ["lmtp_tls_per_site"] = new("lmtp_tls_policy_maps", "obsolete; lmtp_tls_policy_maps overrides it"),
        ["smtpd_use_tls"] = new("smtpd_tls_security_level", "obsolete; smtpd_tls_security_level overrides it"),
        ["smtpd_enforce_tls"] = new("smtpd_tls_security_level", "obsolete; smtpd_tls_security_level overrides it"),
        ["smtp_use_tls"] = new("smtp_tls_security_level", "obsolete; smtp_tls_security_level overrides it"),
        ["smtp_enforce_tls"] = new("smtp_tls_security_level", "obsolete; smtp_tls_security_level overrides it"),
        ["smtp_tls_enforce_peername"] = new("smtp_tls_security_level", "obsolete; smtp_tls_security_level overrides it"),
        ["lmtp_use_tls"] = new("lmtp_tls_security_level", "obsolete; lmtp_tls_security_level overrides it"),
        ["lmtp_enforce_tls"] = new("lmtp_tls_security_level", "obsolete; lmtp_tls_security_level overrides it"),
        ["lmtp_tls_enforce_peername"] = new("lmtp_tls_security_level", "obsolete; lmtp_tls_security_level overrides it"),
        ["smtpd_tls_dh512_param_file"] = new(null, "ignored since Postfix 3.6: export-grade DH is no longer supported"),
        ["smtpd_tls_dcert_file"] = new("smtpd_tls_chain_files", "DSA is obsolete and should not be used"),
        ["smtpd_tls_dkey_file"] = new("smtpd_tls_chain_files", "DSA is obsolete and should not be used"),
        ["smtp_tls_dcert_file"] = new("smtp_tls_chain_files", "DSA is obsolete and should not be used"),
        ["smtp_tls_dkey_file"] = new("smtp_tls_chain_files", "DSA is obsolete and should not be used"),
    };

    public static ObsoleteParameterInfo? Find(string name) => Table.GetValueOrDefault(name);

    /// <summary>The legacy names that postconf still accepts without listing them (<c>pcf_legacy_str_table</c>).</summary>
    public static readonly string[] LegacyNames =
    [
        "virtual_maps", "fallback_relay", "authorized_verp_clients", "smtpd_client_connection_limit_exceptions",
        "postscreen_dnsbl_ttl", "postscreen_blacklist_action", "postscreen_dnsbl_whitelist_threshold",
        "postscreen_whitelist_interfaces", "lmtp_per_record_deadline", "smtp_per_record_deadline",
        "smtpd_per_record_deadline", "tlsproxy_client_level", "tlsproxy_client_policy",
    ];
}
