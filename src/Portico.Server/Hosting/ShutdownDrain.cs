using Portico.Configuration;

namespace Portico.Server.Hosting;

/// <summary>
/// Keeps serving for <c>Server:ShutdownDelay</c> after a stop signal, before the server stops accepting connections.
/// Readiness reports DOWN from the signal on, so a load balancer or Kubernetes has time to take the instance out of
/// rotation before its connections are refused. The host runs every <see cref="IHostedLifecycleService.StoppingAsync"/>
/// after the stop signal and before any hosted service, the web server included, is stopped.
/// </summary>
internal sealed partial class ShutdownDrain(ServerShutdownOptions options, ILogger<ShutdownDrain> logger) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        if (options.Delay <= TimeSpan.Zero)
        {
            return;
        }

        LogDraining(logger, options.Delay.TotalSeconds);
        try
        {
            await Task.Delay(options.Delay, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The shutdown timeout ran out first; stopping goes on.
        }
    }

    [LoggerMessage(EventId = Logging.EventIdRanges.Hosting + 2, Level = LogLevel.Information, Message = "Stopping in {DelaySeconds} s: readiness reports DOWN while requests are still served")]
    private static partial void LogDraining(ILogger logger, double delaySeconds);
}

/// <summary>How the executable shuts down (configuration section <c>Server</c>).</summary>
/// <param name="Delay">How long to keep serving after a stop signal (<c>Server:ShutdownDelay</c>, default 0).</param>
/// <param name="Timeout">How long in-flight requests then have to finish (<c>Server:ShutdownTimeout</c>, default 30 s).</param>
internal sealed record ServerShutdownOptions(TimeSpan Delay, TimeSpan Timeout)
{
    public static ServerShutdownOptions Read(IConfiguration configuration, List<ConfigError> errors) =>
        new(ReadDuration(configuration, "Server:ShutdownDelay", TimeSpan.Zero, errors),
            ReadDuration(configuration, "Server:ShutdownTimeout", TimeSpan.FromSeconds(30), errors));

    private static TimeSpan ReadDuration(IConfiguration configuration, string key, TimeSpan fallback, List<ConfigError> errors)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (DurationParser.TryParse(text, out var value))
        {
            return value;
        }

        errors.Add(new ConfigError(null, key, $"'{text}' is not a duration.", "Write a duration such as 5s, 500ms or 1m."));
        return fallback;
    }
}
