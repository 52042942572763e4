using ConfigProcesses = Postfix.Config.Processes;

namespace Postfix.Queue.Processes;

/// <summary>
/// Checks on what may reach a process argument: the Postfix.Queue 1.0 name of
/// <see cref="ConfigProcesses.ProcessArguments"/>, which does the checking.
/// </summary>
public static class ProcessArguments
{
    /// <inheritdoc cref="ConfigProcesses.ProcessArguments.ValidateProgram(string)"/>
    public static void ValidateProgram(string program) => ConfigProcesses.ProcessArguments.ValidateProgram(program);

    /// <inheritdoc cref="ConfigProcesses.ProcessArguments.ValidateArgument(string)"/>
    public static void ValidateArgument(string argument) => ConfigProcesses.ProcessArguments.ValidateArgument(argument);

    /// <inheritdoc cref="ConfigProcesses.ProcessArguments.ValidateConfigDirectory(string)"/>
    public static void ValidateConfigDirectory(string directory) => ConfigProcesses.ProcessArguments.ValidateConfigDirectory(directory);
}
