using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portico.Configuration;

namespace Portico.FunctionalTests.Infrastructure;

/// <summary>
/// A real Portico gateway on Kestrel at 127.0.0.1 with an ephemeral port, configured from a YAML (or JSON) file written
/// to a temporary directory. The file stays watched, so tests can rewrite it to exercise reloads.
/// </summary>
public sealed class TestGateway : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _directory;

    private TestGateway(WebApplication app, string directory, string configPath, Uri baseAddress)
    {
        _app = app;
        _directory = directory;
        ConfigPath = configPath;
        BaseAddress = baseAddress;
        Client = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false, PooledConnectionIdleTimeout = TimeSpan.FromSeconds(2) })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    /// <summary>The gateway's address, e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseAddress { get; }

    /// <summary>A client for the gateway (no cookies, no redirects followed).</summary>
    public HttpClient Client { get; }

    /// <summary>The watched configuration file.</summary>
    public string ConfigPath { get; }

    /// <summary>The gateway's services.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Log lines the gateway wrote, for assertions on logging.</summary>
    public TestLogSink Logs { get; } = new();

    /// <summary>
    /// Starts a gateway with <paramref name="config"/> (YAML unless <paramref name="fileName"/> ends in .json).
    /// <paramref name="configureServices"/> may add user filters, factories or replace services. The Linkis mode is added
    /// (<c>AddLinkis()</c>) unless <paramref name="linkis"/> is false.
    /// </summary>
    public static async Task<TestGateway> StartAsync(
        string config,
        Action<IServiceCollection>? configureServices = null,
        string fileName = "portico.yml",
        Action<WebApplication>? configureApp = null,
        Action<WebApplicationBuilder>? configureBuilder = null,
        bool linkis = true)
    {
        var directory = Directory.CreateTempSubdirectory("portico-test-").FullName;
        var path = Path.Combine(directory, fileName);
        await File.WriteAllTextAsync(path, config);
        var status = new ConfigFileStatus();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = directory });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddPorticoFile(path, status);
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            k.Limits.MaxRequestBodySize = null;
        });
        var sink = new TestLogSink();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Logging.AddProvider(sink);
        builder.Services.AddSingleton(status);
        builder.Services.AddPortico();
        if (linkis)
        {
            builder.Services.AddLinkis();
        }

        configureServices?.Invoke(builder.Services);
        configureBuilder?.Invoke(builder);
        var app = builder.Build();
        configureApp?.Invoke(app);
        app.MapPortico();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var gateway = new TestGateway(app, directory, path, new Uri(address.TrimEnd('/') + "/"));
        gateway.Logs.CopyFrom(sink);
        return gateway;
    }

    /// <summary>
    /// Rewrites the configuration file and waits until the gateway has reacted: a new generation, or a reload that
    /// failed after the write (a late notification for an earlier, unchanged file does not count).
    /// </summary>
    public async Task<ConfigReloadStatus> RewriteConfigAsync(string config, TimeSpan? timeout = null)
    {
        var provider = Services.GetRequiredService<IGatewaySnapshotProvider>();
        var before = provider.Status;
        var writtenAt = DateTimeOffset.UtcNow;

        // Write then rename, so the watcher never sees a half-written file (as an editor that saves atomically).
        var temp = ConfigPath + ".tmp";
        await File.WriteAllTextAsync(temp, config);
        File.Move(temp, ConfigPath, overwrite: true);
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (DateTime.UtcNow < deadline)
        {
            var now = provider.Status;
            if (now.Generation > before.Generation || (!now.Succeeded && now.AttemptedAt >= writtenAt))
            {
                return now;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("The gateway did not react to the configuration change.");
    }

    /// <summary>Stops the gateway and deletes its directory.</summary>
    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
