namespace Postfix.Crypto.Dh;

/// <summary>How much a <see cref="DhCheckFinding"/> matters.</summary>
public enum DhCheckSeverity
{
    /// <summary>A fact about the parameters.</summary>
    Info = 0,

    /// <summary>Usable, but not recommended.</summary>
    Warning = 1,

    /// <summary>Unusable or insecure.</summary>
    Error = 2,
}
