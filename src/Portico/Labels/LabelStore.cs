using Microsoft.Extensions.Logging;

namespace Portico.Labels;

/// <summary>
/// The embedded label store: validated changes are saved through an <see cref="ILabelPersistence"/> (SQLite by
/// default) by one writer at a time, then published as a new <see cref="LabelSnapshot"/>. Readers take the snapshot
/// and never wait; a change that fails validation or saving leaves both the snapshot and the saved state as they were.
/// </summary>
internal sealed partial class LabelStore : ILabelStore, IDisposable
{
    private readonly ILabelPersistence _persistence;
    private readonly TimeProvider _time;
    private readonly ILogger<LabelStore> _logger;
    private readonly SemaphoreSlim _writer = new(1, 1);
    private LabelSnapshot _current;
    private long _nextId;

    public LabelStore(ILabelPersistence persistence, TimeProvider time, ILogger<LabelStore> logger)
    {
        _persistence = persistence;
        _time = time;
        _logger = logger;
        var loaded = new List<InstanceLabels>();
        var seen = new HashSet<(string, string)>();
        long maxId = 0;
        foreach (var entry in persistence.LoadAll())
        {
            maxId = Math.Max(maxId, entry.Id);
            var problem = Problem(entry) ?? (seen.Add((entry.Application.ToUpperInvariant(), entry.Instance)) ? null : "it is saved twice");
            if (problem is not null)
            {
                LogSkipped(logger, entry.Application, entry.Instance, problem, persistence.Description);
                continue;
            }

            loaded.Add(entry);
        }

        _nextId = maxId + 1;
        _current = new LabelSnapshot(loaded, 1);
        LogLoaded(logger, loaded.Count, persistence.Description);
    }

    public LabelSnapshot Current => Volatile.Read(ref _current);

    public ValueTask<LabelChangeResult> ReplaceAsync(string application, string instance, IReadOnlyList<InstanceLabel> labels, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if ((TargetProblem(application, instance) ?? LabelsProblem(labels)) is { } error)
        {
            return new(new LabelChangeResult(null, error));
        }

        return ChangeAsync(application, instance, labels, static (_, labels) => Change.To(labels), cancellationToken);
    }

    public ValueTask<LabelChangeResult> AddAsync(string application, string instance, IReadOnlyList<InstanceLabel> labels, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if ((TargetProblem(application, instance) ?? LabelsProblem(labels)) is { } error)
        {
            return new(new LabelChangeResult(null, error));
        }

        if (labels.Count == 0)
        {
            return new(LabelChangeResult.Failed(LabelErrorKind.Invalid, "labels", "No label to add; give at least one key and value."));
        }

        return ChangeAsync(application, instance, labels, static (existing, labels) =>
        {
            if (existing is null)
            {
                return Change.To(labels);
            }

            foreach (var label in labels)
            {
                if (existing.ValueOf(label.Key) is { } current)
                {
                    return Change.Fail(new LabelError(
                        LabelErrorKind.Conflict,
                        "key",
                        $"Instance '{existing.Instance}' of '{existing.Application}' already carries {label.Key}={current}; remove that label first, or set or replace it."));
                }
            }

            return Change.To([.. existing.Labels, .. labels]);
        }, cancellationToken);
    }

    public ValueTask<LabelChangeResult> SetAsync(string application, string instance, InstanceLabel label, CancellationToken cancellationToken = default)
    {
        if ((TargetProblem(application, instance) ?? LabelProblem(label)) is { } error)
        {
            return new(new LabelChangeResult(null, error));
        }

        return ChangeAsync(application, instance, label, static (existing, label) =>
        {
            if (existing is null)
            {
                return Change.To([label]);
            }

            if (existing.ValueOf(label.Key) is { } current && string.Equals(current, label.Value, StringComparison.Ordinal))
            {
                return Change.None;
            }

            var labels = new List<InstanceLabel>(existing.Labels.Count + 1) { label };
            foreach (var other in existing.Labels)
            {
                if (!string.Equals(other.Key, label.Key, StringComparison.Ordinal))
                {
                    labels.Add(other);
                }
            }

            return Change.To(labels);
        }, cancellationToken);
    }

    public ValueTask<LabelChangeResult> RemoveAsync(string application, string instance, string key, CancellationToken cancellationToken = default)
    {
        if (TargetProblem(application, instance) is { } error)
        {
            return new(new LabelChangeResult(null, error));
        }

        return ChangeAsync(application, instance, (application, instance, key: key ?? ""), static (existing, state) =>
        {
            var key = state.key;
            if (existing?.ValueOf(key) is null)
            {
                return Change.Fail(NotFound(state.application, state.instance, existing is null ? null : key));
            }

            var labels = new List<InstanceLabel>(existing.Labels.Count);
            foreach (var label in existing.Labels)
            {
                if (!string.Equals(label.Key, key, StringComparison.Ordinal))
                {
                    labels.Add(label);
                }
            }

            return Change.To(labels);
        }, cancellationToken);
    }

    public ValueTask<LabelChangeResult> RemoveInstanceAsync(string application, string instance, CancellationToken cancellationToken = default)
    {
        if (TargetProblem(application, instance) is { } error)
        {
            return new(new LabelChangeResult(null, error));
        }

        return ChangeAsync(application, instance, (application, instance), static (existing, state) =>
            existing is null ? Change.Fail(NotFound(state.application, state.instance, null)) : Change.Delete, cancellationToken);
    }

    public void Dispose()
    {
        _persistence.Dispose();
        _writer.Dispose();
    }

    private async ValueTask<LabelChangeResult> ChangeAsync<TState>(
        string application,
        string instance,
        TState state,
        Func<InstanceLabels?, TState, Change> decide,
        CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = _current;
            var existing = current.Find(application, instance);
            var change = decide(existing, state);
            if (change.Error is { } error)
            {
                return new LabelChangeResult(null, error);
            }

            if (change.IsDelete)
            {
                // Saving is not cancelled half-way: once the writer has the store, the change completes.
                await _persistence.DeleteAsync(existing!.Id).ConfigureAwait(false);
                Publish(current.Without(existing));
                LogRemoved(_logger, existing.Application, existing.Instance);
                return LabelChangeResult.Done(existing);
            }

            if (change.Labels is not { } labels)
            {
                return LabelChangeResult.Done(existing);
            }

            var now = _time.GetUtcNow();
            var entry = existing is null
                ? new InstanceLabels(_nextId++, application, instance, labels, now, now)
                : existing.With(application, labels, now);
            await _persistence.SaveAsync(entry).ConfigureAwait(false);
            Publish(current.With(entry));
            LogChanged(_logger, entry.Application, entry.Instance, entry.Labels);
            return LabelChangeResult.Done(entry);
        }
        finally
        {
            _writer.Release();
        }
    }

    private void Publish(LabelSnapshot snapshot) => Volatile.Write(ref _current, snapshot);

    /// <summary>Not found: the instance, or (with <paramref name="key"/>) the label of a known instance.</summary>
    private static LabelError NotFound(string application, string instance, string? key) => key is null
        ? new LabelError(LabelErrorKind.NotFound, "instance", $"The label store has no instance '{instance}' of '{application}'.")
        : new LabelError(LabelErrorKind.NotFound, "key", $"Instance '{instance}' of '{application}' carries no label '{key}'.");

    private static LabelError? TargetProblem(string? application, string? instance)
    {
        if (LabelRules.ApplicationProblem(application) is { } app)
        {
            return new LabelError(LabelErrorKind.Invalid, "application", app);
        }

        return LabelRules.InstanceProblem(instance) is { } problem ? new LabelError(LabelErrorKind.Invalid, "instance", problem) : null;
    }

    private static LabelError? LabelProblem(InstanceLabel label)
    {
        if (LabelRules.KeyProblem(label.Key) is { } key)
        {
            return new LabelError(LabelErrorKind.Invalid, "key", key);
        }

        return LabelRules.ValueProblem(label.Key, label.Value) is { } value ? new LabelError(LabelErrorKind.Invalid, "value", value) : null;
    }

    private static LabelError? LabelsProblem(IReadOnlyList<InstanceLabel> labels)
    {
        for (var i = 0; i < labels.Count; i++)
        {
            if (LabelProblem(labels[i]) is { } problem)
            {
                return problem;
            }

            for (var j = 0; j < i; j++)
            {
                if (string.Equals(labels[j].Key, labels[i].Key, StringComparison.Ordinal))
                {
                    return new LabelError(LabelErrorKind.Duplicate, "labels", $"Label key '{labels[i].Key}' is given twice; an instance carries one value per key.");
                }
            }
        }

        return null;
    }

    private static string? Problem(InstanceLabels entry)
    {
        if (TargetProblem(entry.Application, entry.Instance) is { } target)
        {
            return target.Message;
        }

        foreach (var label in entry.Labels)
        {
            if (LabelProblem(label) is { } problem)
            {
                return problem.Message;
            }
        }

        return null;
    }

    [LoggerMessage(EventId = Logging.EventIdRanges.Labels + 1, Level = LogLevel.Information, Message = "Loaded the labels of {Count} instances from {Source}")]
    private static partial void LogLoaded(ILogger logger, int count, string source);

    [LoggerMessage(EventId = Logging.EventIdRanges.Labels + 2, Level = LogLevel.Warning, Message = "Skipped the saved labels of {Application} instance {Instance} in {Source}: {Problem}")]
    private static partial void LogSkipped(ILogger logger, string application, string instance, string problem, string source);

    [LoggerMessage(EventId = Logging.EventIdRanges.Labels + 3, Level = LogLevel.Debug, Message = "Labels of {Application} instance {Instance} are now [{Labels}]")]
    private static partial void LogChanged(ILogger logger, string application, string instance, IReadOnlyList<InstanceLabel> labels);

    [LoggerMessage(EventId = Logging.EventIdRanges.Labels + 4, Level = LogLevel.Debug, Message = "Removed {Application} instance {Instance} and its labels")]
    private static partial void LogRemoved(ILogger logger, string application, string instance);

    /// <summary>What a change does to an instance's entry.</summary>
    private readonly record struct Change(IReadOnlyList<InstanceLabel>? Labels, LabelError? Error, bool IsDelete)
    {
        public static Change None => default;

        public static Change Delete => new(null, null, true);

        public static Change To(IReadOnlyList<InstanceLabel> labels) => new(labels, null, false);

        public static Change Fail(LabelError error) => new(null, error, false);
    }
}
