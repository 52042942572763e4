using Postfix.Config.Syntax;

namespace Postfix.Cli.Commands;

/// <summary>One part of <c>postfix-net check</c>: reads some files of a configuration and reports what is wrong.</summary>
internal interface IConfigChecker
{
    /// <summary>Checks the configuration; returns every diagnostic in the order to print it.</summary>
    Task<IReadOnlyList<Diagnostic>> CheckAsync(CheckContext context);
}
