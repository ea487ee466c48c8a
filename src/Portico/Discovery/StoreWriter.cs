using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Portico.Discovery;

/// <summary>
/// Applies registry changes to the <see cref="IRegistryStore"/> one at a time, in the order they happened, on a
/// background task: callers of the registration APIs never wait for storage, and a slow or failing store only delays
/// persistence (failures are logged), never the registry itself.
/// </summary>
internal sealed partial class StoreWriter : IAsyncDisposable
{
    private readonly Lazy<IRegistryStore> _store;
    private readonly ILogger _logger;
    private readonly Channel<Operation> _queue = Channel.CreateUnbounded<Operation>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;

    public StoreWriter(Lazy<IRegistryStore> store, ILogger logger)
    {
        _store = store;
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    public void Save(ServiceInstance instance) => _queue.Writer.TryWrite(new Operation(OperationKind.Save, instance, instance.AppName, instance.InstanceId, default, null));

    public void Renew(string app, string id, DateTimeOffset at) => _queue.Writer.TryWrite(new Operation(OperationKind.Renew, null, app, id, at, null));

    public void Remove(string app, string id) => _queue.Writer.TryWrite(new Operation(OperationKind.Remove, null, app, id, default, null));

    /// <summary>Completes when every operation queued before the call has been applied.</summary>
    public Task FlushAsync()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite(new Operation(OperationKind.Flush, null, "", "", default, done)))
        {
            return Task.CompletedTask;
        }

        return done.Task;
    }

    /// <summary>Accepts no more operations; those queued are still applied.</summary>
    public void Complete() => _queue.Writer.TryComplete();

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }

    private async Task RunAsync()
    {
        await foreach (var op in _queue.Reader.ReadAllAsync())
        {
            try
            {
                switch (op.Kind)
                {
                    case OperationKind.Save:
                        await _store.Value.SaveAsync(op.Instance!, CancellationToken.None);
                        break;
                    case OperationKind.Renew:
                        await _store.Value.RenewAsync(op.App, op.Id, op.At, CancellationToken.None);
                        break;
                    case OperationKind.Remove:
                        await _store.Value.RemoveAsync(op.App, op.Id, CancellationToken.None);
                        break;
                    default:
                        op.Done!.TrySetResult();
                        break;
                }
            }
            catch (Exception ex)
            {
                LogStoreFailed(_logger, op.Kind.ToString(), op.App, op.Id, ex);
            }
        }
    }

    [LoggerMessage(EventId = Logging.EventIdRanges.Discovery + 40, Level = LogLevel.Error, Message = "Registry store failed to {Operation} instance {InstanceId} of {App}; the registry keeps serving it from memory")]
    private static partial void LogStoreFailed(ILogger logger, string operation, string app, string instanceId, Exception exception);

    private enum OperationKind
    {
        Save,
        Renew,
        Remove,
        Flush,
    }

    private sealed record Operation(OperationKind Kind, ServiceInstance? Instance, string App, string Id, DateTimeOffset At, TaskCompletionSource? Done);
}
