using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace IssueTracker.Web.Data.Providers;

/// <summary>
/// A compiled query, compiled once per model. EF binds a compiled query to the model of the first context it runs
/// on and refuses any other; the app has one provider, but one process can hold two (the tests run PostgreSQL's
/// beside SQLite's), so each model gets its own compilation.
/// </summary>
public sealed class PerModel<TQuery>(Func<TQuery> compile) where TQuery : class
{
    private readonly ConcurrentDictionary<IModel, TQuery> _compiled = new();

    public TQuery For(DbContext db) => _compiled.GetOrAdd(db.Model, _ => compile());
}
