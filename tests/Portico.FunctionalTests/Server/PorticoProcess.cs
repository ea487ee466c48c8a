using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace Portico.FunctionalTests.Server;

/// <summary>
/// The built gateway executable (<c>portico.dll</c>, the <c>portico</c> command) running as a real child process
/// with its output captured. Every wait is bounded; disposing kills the process tree if it is still running.
/// </summary>
public sealed class PorticoProcess : IAsyncDisposable
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Lock _lock = new();
    private readonly TaskCompletionSource _outputClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _errorClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private PorticoProcess(Process process, string workingDirectory)
    {
        _process = process;
        WorkingDirectory = workingDirectory;
    }

    /// <summary>The server's dll, built next to this test assembly's configuration.</summary>
    public static string ServerDll { get; } = FindDll("Portico.Server", "portico.dll");

    /// <summary>The demo's dll (<c>./portico.sh --demo</c>), built likewise from src/Portico.Demo.</summary>
    public static string DemoDll { get; } = FindDll("Portico.Demo", "portico-demo.dll");

    /// <summary>A fresh temporary directory the process runs in, deleted on dispose.</summary>
    public string WorkingDirectory { get; }

    /// <summary>Everything written to standard output so far.</summary>
    public string Output
    {
        get
        {
            lock (_lock)
            {
                return _stdout.ToString();
            }
        }
    }

    /// <summary>Everything written to standard error so far.</summary>
    public string Error
    {
        get
        {
            lock (_lock)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Whether the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The operating system's id of the process.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Writes a configuration file with no routes in a fresh temporary directory; returns its path.</summary>
    public static async Task<string> WriteEmptyConfigAsync()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("portico-exe-").FullName, "portico.yml");
        await File.WriteAllTextAsync(path, "portico:\n  routes: []\n");
        return path;
    }

    /// <summary>
    /// Starts <c>dotnet portico.dll args...</c> (or <paramref name="dll"/>, such as <see cref="DemoDll"/>) in a temporary
    /// directory with <paramref name="environment"/> added and, when given, at most <paramref name="descriptorLimit"/>
    /// open descriptors.
    /// </summary>
    public static PorticoProcess Start(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null, int? descriptorLimit = null, string? dll = null)
    {
        var directory = workingDirectory ?? Directory.CreateTempSubdirectory("portico-exe-").FullName;

        // With a descriptor limit, a shell lowers it (ulimit -n) and then becomes the gateway, so the limit is the
        // gateway's own and the process to watch and kill stays the same.
        var info = new ProcessStartInfo(descriptorLimit is null ? DotnetHost() : "/bin/bash")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (descriptorLimit is { } limit)
        {
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add($"ulimit -n {limit} && exec \"$0\" \"$@\"");
            info.ArgumentList.Add(DotnetHost());
        }

        info.ArgumentList.Add(dll ?? ServerDll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // The child must see only the settings a test gives it, not whatever the test runner's environment holds.
        foreach (var key in info.Environment.Keys.ToList())
        {
            if (key.StartsWith("Portico__", StringComparison.OrdinalIgnoreCase) || key.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("Logging__", StringComparison.OrdinalIgnoreCase) || key.StartsWith("Kestrel__", StringComparison.OrdinalIgnoreCase))
            {
                info.Environment.Remove(key);
            }
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var result = new PorticoProcess(process, directory);
        process.OutputDataReceived += (_, e) => result.Append(result._stdout, e.Data, result._outputClosed);
        process.ErrorDataReceived += (_, e) => result.Append(result._stderr, e.Data, result._errorClosed);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return result;
    }

    /// <summary>Starts the gateway on a free loopback port and waits until it accepts connections.</summary>
    public static async Task<PorticoProcess> StartListeningAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null, int? descriptorLimit = null, string? dll = null)
    {
        var port = FreePort();
        return await StartListeningOnAsync([.. args, "--urls", $"http://127.0.0.1:{port}"], port, environment, workingDirectory, descriptorLimit, dll);
    }

    /// <summary>Starts the gateway with arguments that make it listen on <paramref name="port"/> and waits until it accepts connections there.</summary>
    public static async Task<PorticoProcess> StartListeningOnAsync(IEnumerable<string> args, int port, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null, int? descriptorLimit = null, string? dll = null)
    {
        var process = Start(args, environment, workingDirectory, descriptorLimit, dll);
        try
        {
            await process.WaitUntilListeningAsync(port);
            return process;
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>The gateway's address once <see cref="StartListeningAsync"/> has returned.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>A client for the gateway (no cookies, no redirects followed, 30 s timeout).</summary>
    public HttpClient CreateClient() => new(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false })
    {
        BaseAddress = BaseAddress,
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>Waits for the process to exit on its own and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);

            // Exit can be observed before the last redirected lines arrive; the streams' end is signalled separately.
            await Task.WhenAll(_outputClosed.Task, _errorClosed.Task).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"portico did not exit within {timeout ?? DefaultTimeout}.{Describe()}");
        }

        return _process.ExitCode;
    }

    /// <summary>Waits until standard output contains <paramref name="text"/>.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited && _outputClosed.Task.IsCompleted)
            {
                throw new InvalidOperationException($"portico exited ({_process.ExitCode}) before printing '{text}'.{Describe()}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"portico did not print '{text}' within {timeout ?? DefaultTimeout}.{Describe()}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Asks the process to stop as a service manager would (SIGTERM) and returns its exit code.</summary>
    public async Task<int> StopGracefullyAsync(TimeSpan? timeout = null)
    {
        if (!OperatingSystem.IsWindows())
        {
            _ = SysKill(_process.Id, 15);
        }
        else
        {
            _process.Kill();
        }

        return await WaitForExitAsync(timeout ?? TimeSpan.FromSeconds(30));
    }

    /// <summary>Kills the process tree if it still runs and deletes the working directory.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                await _process.WaitForExitAsync(cancel.Token);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException or System.ComponentModel.Win32Exception)
        {
            // Already gone, or the kill is still in flight; nothing more a test can do.
        }
        finally
        {
            _process.Dispose();
            try
            {
                Directory.Delete(WorkingDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>A TCP port on 127.0.0.1 that was free a moment ago.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task WaitUntilListeningAsync(int port)
    {
        var deadline = DateTime.UtcNow + DefaultTimeout;
        while (true)
        {
            if (_process.HasExited)
            {
                await WaitForExitAsync(TimeSpan.FromSeconds(10));
                throw new InvalidOperationException($"portico exited with {_process.ExitCode} before listening.{Describe()}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port).WaitAsync(TimeSpan.FromSeconds(2));
                BaseAddress = new Uri($"http://127.0.0.1:{port}/");
                return;
            }
            catch (Exception ex) when (ex is SocketException or TimeoutException)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"portico did not listen on port {port} within {DefaultTimeout}.{Describe()}");
                }

                await Task.Delay(100);
            }
        }
    }

    private string Describe() => $"{Environment.NewLine}stdout:{Environment.NewLine}{Output}{Environment.NewLine}stderr:{Environment.NewLine}{Error}";

    private void Append(StringBuilder target, string? line, TaskCompletionSource closed)
    {
        if (line is null)
        {
            closed.TrySetResult();
            return;
        }

        lock (_lock)
        {
            target.AppendLine(line);
        }
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private static string FindDll(string project, string fileName)
    {
        // The test assembly lives in tests/Portico.FunctionalTests/bin/<Configuration>/<tfm>/; the executables are built
        // with the same configuration and target framework into src/<project>/bin/<Configuration>/<tfm>/.
        var testDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testDir.Name;
        var configuration = testDir.Parent!.Name;
        for (var dir = testDir; dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Portico.sln")))
            {
                var dll = Path.Combine(dir.FullName, "src", project, "bin", configuration, framework, fileName);
                return File.Exists(dll) ? dll : throw new FileNotFoundException($"{project} is not built: {dll}. Build Portico.sln first.", dll);
            }
        }

        throw new DirectoryNotFoundException($"No Portico.sln above {testDir.FullName}.");
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SysKill(int pid, int signal);
}
