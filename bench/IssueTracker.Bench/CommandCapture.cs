using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace IssueTracker.Bench;

/// <summary>Records the SQL and parameters of every command EF runs, so bench-sql can time exactly those statements raw.</summary>
public sealed class CommandCapture : DbCommandInterceptor
{
    public List<CapturedCommand> Commands { get; } = [];

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return ValueTask.FromResult(result);
    }

    private void Record(DbCommand command) =>
        Commands.Add(new CapturedCommand(command.CommandText, command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, p.Value)).ToList()));
}

public sealed record CapturedCommand(string Text, IReadOnlyList<(string Name, object? Value)> Parameters);
