namespace Postfix.Crypto.Dh;

/// <summary>The multiplicative order of the generator g modulo a safe prime p = 2q + 1.</summary>
public enum DhGeneratorOrder
{
    /// <summary>Not determined: p is not a safe prime (the order would need the factors of p − 1).</summary>
    Unknown = 0,

    /// <summary>g = 1: useless.</summary>
    One = 1,

    /// <summary>g = p − 1: order 2, useless.</summary>
    Two = 2,

    /// <summary>Order q: g generates the prime-order subgroup (what OpenSSL 3 and RFC 7919 use).</summary>
    Q = 3,

    /// <summary>Order 2q: g generates the whole group, so a public key reveals the parity of the private key.</summary>
    TwoQ = 4,
}
