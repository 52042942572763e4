using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Postfix.Crypto.Tests")]
[assembly: InternalsVisibleTo("Postfix.Benchmarks")]
