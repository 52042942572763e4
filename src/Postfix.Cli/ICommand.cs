namespace Postfix.Cli;

/// <summary>One verb of <c>postfix-net</c>.</summary>
internal interface ICommand
{
    /// <summary>The verb as typed.</summary>
    string Name { get; }

    /// <summary>One line for <c>postfix-net --help</c>.</summary>
    string Summary { get; }

    /// <summary>The usage text printed by <c>postfix-net VERB --help</c>.</summary>
    string Usage { get; }

    /// <summary>Runs the verb with the arguments after it; returns the exit code.</summary>
    Task<int> RunAsync(CliContext context, IReadOnlyList<string> args);
}
