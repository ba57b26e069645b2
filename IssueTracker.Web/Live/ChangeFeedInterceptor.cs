using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace IssueTracker.Web.Live;

/// <summary>
/// Publishes the <see cref="ChangeEvent"/>s a save wrote once they are committed: at once for a save in its own
/// transaction, at commit for a save inside an explicit one; a rollback (or a transaction never committed) publishes
/// nothing. The one place that decides when the live feed hears of this process's changes; on a database several
/// instances share (an <see cref="ICommitSignal"/> is registered), <see cref="ChangeFeedReader"/> publishes every
/// instance's changes from the table instead, and this stays quiet.
/// </summary>
public sealed class ChangeFeedInterceptor(ChangeFeed feed, IEnumerable<ICommitSignal> signals) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private readonly bool _publishes = !signals.Any();

    // Keyed by the transaction, so a transaction abandoned without commit or rollback takes its events with it.
    private readonly ConditionalWeakTable<DbTransaction, List<ChangeEvent>> _pending = new();
    private readonly ConditionalWeakTable<DbContext, List<ChangeEvent>> _saving = new();

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Remember(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Remember(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData.Context);
        return result;
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => Forget(eventData.Context);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Committed(transaction);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Committed(transaction);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => _pending.Remove(transaction);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        _pending.Remove(transaction);
        return Task.CompletedTask;
    }

    private void Remember(DbContext? context)
    {
        if (context is null || !_publishes) return;
        var added = ChangeEvents.AddedIn(context);
        if (added.Count > 0) _saving.AddOrUpdate(context, added);
    }

    private void Forget(DbContext? context)
    {
        if (context is not null) _saving.Remove(context);
    }

    private void Saved(DbContext? context)
    {
        if (context is null || !_saving.TryGetValue(context, out var saved)) return;
        _saving.Remove(context);
        if (context.Database.CurrentTransaction?.GetDbTransaction() is { } transaction)
            _pending.GetOrCreateValue(transaction).AddRange(saved);
        else
            feed.Publish(saved);
    }

    private void Committed(DbTransaction transaction)
    {
        if (!_pending.TryGetValue(transaction, out var events)) return;
        _pending.Remove(transaction);
        feed.Publish([.. events.OrderBy(e => e.Id)]);
    }
}
