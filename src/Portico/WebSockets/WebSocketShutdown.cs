using Microsoft.Extensions.Hosting;

namespace Portico.WebSockets;

/// <summary>
/// The graceful end of a set of open WebSockets when the gateway stops. On
/// <see cref="IHostApplicationLifetime.ApplicationStopping"/> it calls <see cref="BeginShutdown"/>, which closes every
/// socket with 1001 and hands the closes to <see cref="CompleteWhenClosed"/>. <see cref="StopAsync"/> then waits for
/// those closes, each bounded by its close timeout, before the server stops and would cut the connections.
/// </summary>
internal abstract class WebSocketShutdown(IHostApplicationLifetime lifetime) : IHostedService, IDisposable
{
    private readonly TaskCompletionSource _shutdownCompleted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenRegistration _stoppingRegistration;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _stoppingRegistration = lifetime.ApplicationStopping.Register(static state => ((WebSocketShutdown)state!).BeginShutdown(), this);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        BeginShutdown();
        try
        {
            await _shutdownCompleted.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The host's shutdown timeout has passed; the server aborts what is left.
        }
    }

    public void Dispose() => _stoppingRegistration.Dispose();

    /// <summary>Closes every open socket with 1001; idempotent.</summary>
    internal abstract void BeginShutdown();

    /// <summary>Lets <see cref="StopAsync"/> return once every close in <paramref name="closing"/> has ended.</summary>
    protected void CompleteWhenClosed(Task[] closing) => _ = CompleteWhenClosedAsync(closing);

    private async Task CompleteWhenClosedAsync(Task[] closing)
    {
        // The closes never fault: each ends once both sides are closed or its close timeout aborted it.
        await Task.WhenAll(closing);
        _shutdownCompleted.TrySetResult();
    }
}
