namespace Postfix.Crypto.Probe;

/// <summary>One row of <see cref="OpenSslCipherTable"/>: a cipher suite as OpenSSL names and measures it.</summary>
/// <param name="Code">The TLS code point (<c>0xC030</c>), the numeric value of <see cref="System.Net.Security.TlsCipherSuite"/>.</param>
/// <param name="Name">OpenSSL's name (<c>SSL_CIPHER_get_name</c>), as posttls-finger and the Postfix logs print it.</param>
/// <param name="IanaName">The IANA (RFC) name (<c>SSL_CIPHER_standard_name</c>).</param>
/// <param name="Protocol">The protocol OpenSSL lists the suite under (<c>SSLv3</c>, <c>TLSv1</c>, <c>TLSv1.2</c>, <c>TLSv1.3</c>).</param>
/// <param name="Bits">The strength bits (<c>SSL_CIPHER_get_bits</c> result).</param>
/// <param name="AlgorithmBits">The cipher's key bits (<c>SSL_CIPHER_get_bits</c> output argument).</param>
internal readonly record struct OpenSslCipher(int Code, string Name, string IanaName, string Protocol, int Bits, int AlgorithmBits);
