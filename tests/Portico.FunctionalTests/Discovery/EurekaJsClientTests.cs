using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portico.Discovery;
using Portico.FunctionalTests.Infrastructure;
using static Portico.FunctionalTests.Discovery.RegistryClient;

namespace Portico.FunctionalTests.Discovery;

/// <summary>
/// Verifies the Eureka-compatible API with a real third-party client, the npm package eureka-js-client, run by Node.js
/// as a child process: it registers, renews, fetches (full, then delta) and deregisters, and its view of the registry
/// must match Portico's.
/// </summary>
public sealed class EurekaJsClientTests
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task EurekaJsClient_RegistersRenewsFetchesAndDeregisters()
    {
        var directory = await PrepareClientAsync();
        await using var gateway = await TestGateway.StartAsync("portico:\n  discovery:\n    lease-duration: 90s\n");
        var registry = gateway.Services.GetRequiredService<IServiceRegistry>();
        await RegisterNativeAsync(gateway.Client, "orders", "o1", """{"host":"127.0.0.1","port":7001}""");

        using var node = StartNode(directory, gateway.BaseAddress, "js-1", 5555);
        try
        {
            await node.StandardInput.WriteLineAsync("start");
            var started = await ReadEventAsync(node, "started");
            var js = Assert.Single(registry.Current.GetInstances("js-service"));
            Assert.Equal(("js-1", "127.0.0.1", 5555, "eureka"), (js.InstanceId, js.Host, js.Port, js.Source));
            Assert.Equal("et1", js.Metadata["route"]);
            Assert.Equal("http://127.0.0.1:5555/health", js.Details.HealthCheckUrl);
            Assert.Equal(PorticoView(registry.Current), ClientView(started));

            await ReadEventAsync(node, "heartbeat");
            var renewed = Assert.Single(registry.Current.GetInstances("js-service"));
            Assert.True(renewed.LastHeartbeat > renewed.RegisteredAt, "the client's heartbeat did not renew the lease");

            // A change after the full fetch reaches the client as a delta.
            await RegisterNativeAsync(gateway.Client, "orders", "o2", """{"host":"127.0.0.1","port":7002}""");
            await node.StandardInput.WriteLineAsync("fetch");
            var fetched = await ReadEventAsync(node, "fetched");
            Assert.Equal(PorticoView(registry.Current), ClientView(fetched));
            Assert.Equal(3, ClientView(fetched).Count);

            await node.StandardInput.WriteLineAsync("stop");
            var stopped = await ReadEventAsync(node, "stopped");
            Assert.Equal(JsonValueKind.Null, stopped.ValueKind);
            Assert.Empty(registry.Current.GetInstances("js-service"));
            Assert.Equal(2, registry.Current.GetInstances("orders").Count);
        }
        finally
        {
            if (!node.HasExited)
            {
                node.Kill(entireProcessTree: true);
            }

            await node.WaitForExitAsync();
        }
    }

    private static SortedSet<string> PorticoView(RegistrySnapshot snapshot) =>
        new(snapshot.All.Select(i => $"{i.AppName.ToUpperInvariant()}/{i.InstanceId}/{i.Host}:{i.Port}/{Portico.Discovery.InstanceValidator.StatusName(i.Status)}"), StringComparer.Ordinal);

    private static SortedSet<string> ClientView(JsonElement view)
    {
        Assert.Equal(JsonValueKind.Array, view.ValueKind);
        return new(view.EnumerateArray().Select(i =>
            $"{i.GetProperty("app").GetString()}/{i.GetProperty("instanceId").GetString()}/{i.GetProperty("hostName").GetString()}:{i.GetProperty("port").GetInt32()}/{i.GetProperty("status").GetString()}"), StringComparer.Ordinal);
    }

    private static Process StartNode(string directory, Uri gateway, string instanceId, int appPort)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "check.js", gateway.Host, gateway.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "/eureka/apps/", instanceId, appPort.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Reads stdout lines until the event <paramref name="name"/> arrives; returns its data.</summary>
    private static async Task<JsonElement> ReadEventAsync(Process node, string name)
    {
        using var timeout = new CancellationTokenSource(StepTimeout);
        while (true)
        {
            var line = await node.StandardOutput.ReadLineAsync(timeout.Token)
                ?? throw new InvalidOperationException($"eureka-js-client exited (code {(node.HasExited ? node.ExitCode : -1)}) before '{name}'.");
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            if (root.GetProperty("event").GetString() != name)
            {
                continue;
            }

            var data = root.TryGetProperty("data", out var d) ? d.Clone() : default;
            if (data.ValueKind == JsonValueKind.Object && data.TryGetProperty("error", out var error))
            {
                Assert.Fail($"eureka-js-client failed at '{name}': {error.GetString()}");
            }

            return data;
        }
    }

    /// <summary>Finds the test-owned npm project and installs it with npm ci when node_modules is missing.</summary>
    private static async Task<string> PrepareClientAsync()
    {
        var directory = FindClientDirectory();
        if (Directory.Exists(Path.Combine(directory, "node_modules", "eureka-js-client")))
        {
            return directory;
        }

        var start = new ProcessStartInfo("npm")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "ci", "--no-audit", "--no-fund" })
        {
            start.ArgumentList.Add(arg);
        }

        using var npm = Process.Start(start) ?? throw new InvalidOperationException("Could not start npm.");
        var output = npm.StandardOutput.ReadToEndAsync();
        var errors = npm.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await npm.WaitForExitAsync(timeout.Token);
        Assert.True(npm.ExitCode == 0, $"npm ci failed ({npm.ExitCode}): {await output}{await errors}");
        return directory;
    }

    private static string FindClientDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "Portico.FunctionalTests", "Discovery", "eureka-js");
            if (File.Exists(Path.Combine(candidate, "package.json")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("tests/Portico.FunctionalTests/Discovery/eureka-js was not found above " + AppContext.BaseDirectory);
    }
}
