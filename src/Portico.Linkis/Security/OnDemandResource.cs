namespace Portico.Security.Linkis;

/// <summary>
/// A Linkis security resource (a key, a file) opened on first use, not when it is constructed: the security filter
/// takes the session services in its constructor, and a gateway whose Linkis security is off (or turned on by a
/// reload) must neither need a crypt key nor create a file until a request or the start-up service uses them.
/// </summary>
internal abstract class OnDemandResource<T> : IDisposable
    where T : class
{
    private readonly Lock _lock = new();
    private T? _opened;

    /// <summary>The resource, opened now if it is not yet; a failed open throws and is tried again on the next use.</summary>
    public T Open()
    {
        if (Volatile.Read(ref _opened) is { } opened)
        {
            return opened;
        }

        lock (_lock)
        {
            if (_opened is null)
            {
                Volatile.Write(ref _opened, Create());
            }

            return _opened!;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            (_opened as IDisposable)?.Dispose();
        }
    }

    /// <summary>Opens the resource.</summary>
    protected abstract T Create();
}
