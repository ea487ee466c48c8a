using Microsoft.Extensions.Logging;
using Portico.Discovery;
using Portico.Linkis.Messages;

namespace Portico.Linkis.Routing;

/// <summary>
/// Resolves a parsed application name against the registry as Linkis's <c>findService</c> does (§3.1): the registered
/// applications whose name contains it, case-insensitively. Exactly one is the answer (so short ids such as
/// <c>cg-entrance</c> work); several is error 11010, none is 10050. With
/// <see cref="LinkisConfig.RegistryRefreshEnabled"/> an unknown service or pinned instance is waited for first (10051
/// when the instance never appears). Only applications with a live (UP) instance count as registered.
/// </summary>
internal sealed partial class ServiceResolver(TimeProvider time, ILogger<ServiceResolver> logger, IServiceRegistry registry)
{
    public async ValueTask<ServiceTarget> ResolveAsync(LinkisRequestContext context, ServiceTarget candidate, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var snapshot = context.Registry;
        var waiting = settings.RegistryRefreshEnabled && settings.RegistryRefreshWait > TimeSpan.Zero;
        var name = Find(snapshot, candidate.Application);
        if (name is null && waiting)
        {
            LogWaitingForService(logger, candidate.Application, settings.RegistryRefreshWait);
            snapshot = await WaitAsync(s => Find(s, candidate.Application) is not null, snapshot, settings.RegistryRefreshWait, cancellationToken);
            name = Find(snapshot, candidate.Application);
        }

        if (name is null)
        {
            throw LinkisErrors.NoApplication(candidate.Application);
        }

        if (candidate.Instance is { } instance && waiting && !IsRegistered(snapshot, name, instance))
        {
            LogWaitingForInstance(logger, name, instance, settings.RegistryRefreshWait);
            snapshot = await WaitAsync(s => IsRegistered(s, name, instance), snapshot, settings.RegistryRefreshWait, cancellationToken);
            if (!IsRegistered(snapshot, name, instance))
            {
                throw LinkisErrors.NoInstance(instance, name);
            }
        }

        context.Registry = snapshot;
        return string.Equals(name, candidate.Application, StringComparison.Ordinal) ? candidate : new ServiceTarget(name, candidate.Instance);
    }

    /// <summary>
    /// The single live application whose name contains <paramref name="serviceId"/> (case-insensitive), or null when
    /// none does; throws 11010 when several do.
    /// </summary>
    internal static string? Find(RegistrySnapshot snapshot, string serviceId)
    {
        string? found = null;
        List<string>? many = null;
        foreach (var application in snapshot.Applications)
        {
            if (!application.Contains(serviceId, StringComparison.OrdinalIgnoreCase) || !HasLiveInstance(snapshot, application))
            {
                continue;
            }

            if (found is null)
            {
                found = application;
            }
            else
            {
                (many ??= [found]).Add(application);
            }
        }

        if (many is not null)
        {
            many.Sort(StringComparer.Ordinal);
            throw LinkisErrors.TooManyServices(serviceId, many);
        }

        return found;
    }

    private static bool HasLiveInstance(RegistrySnapshot snapshot, string application)
    {
        foreach (var instance in snapshot.GetInstances(application))
        {
            if (instance.Status == InstanceStatus.Up)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsRegistered(RegistrySnapshot snapshot, string application, string authority)
    {
        foreach (var instance in snapshot.GetInstances(application))
        {
            if (instance.Status == InstanceStatus.Up && string.Equals(instance.Authority, authority, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Waits until <paramref name="done"/> holds for a published snapshot, or <paramref name="wait"/> elapses.</summary>
    private async ValueTask<RegistrySnapshot> WaitAsync(Func<RegistrySnapshot, bool> done, RegistrySnapshot current, TimeSpan wait, CancellationToken cancellationToken)
    {
        var deadline = time.GetTimestamp() + (long)(wait.TotalSeconds * time.TimestampFrequency);
        while (!done(current))
        {
            var remaining = TimeSpan.FromSeconds((double)(deadline - time.GetTimestamp()) / time.TimestampFrequency);
            if (remaining <= TimeSpan.Zero)
            {
                break;
            }

            var next = new TaskCompletionSource<RegistrySnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
            void OnChanged(RegistrySnapshot snapshot) => next.TrySetResult(snapshot);
            registry.Changed += OnChanged;
            try
            {
                // A change published between the check above and the subscription is not missed.
                var latest = registry.Current;
                if (latest.Version != current.Version)
                {
                    current = latest;
                    continue;
                }

                current = await next.Task.WaitAsync(remaining, time, cancellationToken);
            }
            catch (TimeoutException)
            {
                current = registry.Current;
                break;
            }
            finally
            {
                registry.Changed -= OnChanged;
            }
        }

        return current;
    }

    [LoggerMessage(EventId = Logging.EventIdRanges.Linkis + 30, Level = LogLevel.Information, Message = "Service {ServiceId} is not registered; waiting up to {Wait} for the registry")]
    private static partial void LogWaitingForService(ILogger logger, string serviceId, TimeSpan wait);

    [LoggerMessage(EventId = Logging.EventIdRanges.Linkis + 31, Level = LogLevel.Information, Message = "Instance {Instance} of {Service} is not registered; waiting up to {Wait} for the registry")]
    private static partial void LogWaitingForInstance(ILogger logger, string service, string instance, TimeSpan wait);
}
