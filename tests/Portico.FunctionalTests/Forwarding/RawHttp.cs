using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Portico.FunctionalTests.Forwarding;

/// <summary>Minimal HTTP/1.1 over a raw socket, for what HttpClient will not do: odd headers, 100-continue, broken servers.</summary>
internal static class RawHttp
{

    /// <summary>Reads up to and including the blank line that ends a message head; null when the peer closed first.</summary>
    public static async Task<string?> ReadHeadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (true)
        {
            var read = await stream.ReadAsync(one, cancellationToken);
            if (read == 0)
            {
                return head.Length == 0 ? null : throw new IOException("Connection closed inside a message head: " + head);
            }

            head.Append((char)one[0]);
            if (head.Length >= 4 && head[^1] == '\n' && head[^2] == '\r' && head[^3] == '\n' && head[^4] == '\r')
            {
                return head.ToString();
            }
        }
    }

    /// <summary>The value of <paramref name="name"/> in a message head, or null.</summary>
    public static string? Header(string head, string name)
    {
        foreach (var line in head.Split("\r\n"))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line[..colon].Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return line[(colon + 1)..].Trim();
            }
        }

        return null;
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes.</summary>
    public static async Task<byte[]> ReadExactlyAsync(Stream stream, int count, CancellationToken cancellationToken)
    {
        var buffer = new byte[count];
        await stream.ReadExactlyAsync(buffer, cancellationToken);
        return buffer;
    }

    /// <summary>Opens a connection to <paramref name="address"/>.</summary>
    public static async Task<TcpClient> ConnectAsync(Uri address)
    {
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Parse(address.Host), address.Port);
        return client;
    }
}

/// <summary>
/// A scripted upstream on a raw <see cref="TcpListener"/>: each accepted connection is handed to the script, which
/// reads and writes bytes as it likes. Counts the connections it accepted.
/// </summary>
internal sealed class RawUpstream : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private readonly List<Task> _connections = [];
    private int _accepted;

    private RawUpstream(Func<NetworkStream, int, CancellationToken, Task> script)
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _acceptLoop = AcceptAsync(script);
    }

    /// <summary>The upstream's address.</summary>
    public Uri BaseAddress => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    /// <summary>Connections accepted so far.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>Starts an upstream that runs <paramref name="script"/> for each connection (with its 1-based number).</summary>
    public static RawUpstream Start(Func<NetworkStream, int, CancellationToken, Task> script) => new(script);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _acceptLoop;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        Task[] connections;
        lock (_connections)
        {
            connections = [.. _connections];
        }

        await Task.WhenAll(connections.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        _stop.Dispose();
    }

    private async Task AcceptAsync(Func<NetworkStream, int, CancellationToken, Task> script)
    {
        while (!_stop.IsCancellationRequested)
        {
            var socket = await _listener.AcceptTcpClientAsync(_stop.Token);
            var number = Interlocked.Increment(ref _accepted);
            var task = Task.Run(async () =>
            {
                using (socket)
                {
                    try
                    {
                        await script(socket.GetStream(), number, _stop.Token);
                    }
                    catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
                    {
                    }
                }
            });
            lock (_connections)
            {
                _connections.Add(task);
            }
        }
    }
}
