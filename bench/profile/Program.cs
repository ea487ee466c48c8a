using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Globalization;
using System.Text.RegularExpressions;
using Portico.Server.Hosting;

// Hosts the gateway as the portico executable does (same builder, same defaults), drives it with wrk and reports what
// noise on a shared machine does not distort: bytes allocated, GCs and CPU time per request, measured inside the
// process over a fixed window. Optionally samples the allocated types (GC AllocationTick events) and records a CPU
// profile with perf. Usage: see bench/profile.sh.
var options = ProfileOptions.Parse(args);
var source = GatewayConfigSource.FromFile(options.ConfigPath);
var url = $"http://127.0.0.1:{options.Port}";
var builder = GatewayHost.CreateBuilder(["--urls", url, "--Logging:LogLevel:Default=Warning"], source.Source, source.FileStatus);
await using var app = builder.Build();

// Kestrel's own cost for a fixed 100-byte answer, measured in the same process: the floor under any proxied request.
var fixedBody = new byte[100];
Array.Fill(fixedBody, (byte)'a');
app.MapGet("/__bench/fixed", (HttpContext context) =>
{
    context.Response.ContentType = "text/plain";
    context.Response.ContentLength = fixedBody.Length;
    return context.Response.Body.WriteAsync(fixedBody).AsTask();
});
app.MapPortico();
await app.StartAsync();

Console.WriteLine($"pid {Environment.ProcessId}, gateway on {url}, GC server={System.Runtime.GCSettings.IsServerGC} latency={System.Runtime.GCSettings.LatencyMode}");
Console.WriteLine("| path | requests | req/s (noisy) | p99 (noisy) | bytes alloc/req | gen0 GCs/1k req | GC pause µs/req | CPU µs/req | RSS MiB |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
var reports = new List<string>();
foreach (var path in options.Paths)
{
    await Wrk.RunAsync(options, url + path, options.WarmupSeconds);
    using var allocations = options.AllocationTypes ? new AllocationSampler() : null;
    using var perf = options.PerfOutput is { } perfOut ? Perf.Start(perfOut + PathSuffix(path), options.DurationSeconds) : null;
    var before = Snapshot.Take();
    var result = await Wrk.RunAsync(options, url + path, options.DurationSeconds);
    var after = Snapshot.Take();
    perf?.WaitForExit();
    var n = Math.Max(1, result.Requests);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {path} | {result.Requests} | {result.RequestsPerSecond:0} | {result.P99} | {(after.Allocated - before.Allocated) / (double)n:0} | {(after.Gen0 - before.Gen0) * 1000.0 / n:0.00} | {(after.Pause - before.Pause).TotalMicroseconds / n:0.00} | {(after.Cpu - before.Cpu).TotalMicroseconds / n:0.0} | {Environment.WorkingSet / 1048576.0:0} |"));
    if (allocations is not null)
    {
        reports.Add(allocations.Report(path, n));
    }
}

foreach (var report in reports)
{
    Console.WriteLine();
    Console.Write(report);
}

Console.WriteLine($"\npeak RSS {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:0} MiB");
await app.StopAsync();
return 0;

static string PathSuffix(string path) => "." + (path.Trim('/').Replace('/', '_') is { Length: > 0 } s ? s : "root");

internal sealed record ProfileOptions(
    string ConfigPath, int Port, IReadOnlyList<string> Paths, int WarmupSeconds, int DurationSeconds, int Connections,
    string WrkCpu, bool AllocationTypes, string? PerfOutput)
{
    public static ProfileOptions Parse(string[] args)
    {
        string? config = null, perf = null, cpu = "0";
        int port = 18094, warmup = 20, duration = 10, connections = 64;
        var paths = new List<string>();
        var allocationTypes = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--config": config = args[++i]; break;
                case "--port": port = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--path": paths.Add(args[++i]); break;
                case "--warmup": warmup = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--duration": duration = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--connections": connections = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--wrk-cpu": cpu = args[++i]; break;
                case "--alloc-types": allocationTypes = true; break;
                case "--perf": perf = args[++i]; break;
                default: throw new ArgumentException($"Unknown argument {args[i]}");
            }
        }

        return new ProfileOptions(config ?? throw new ArgumentException("--config FILE is required"), port,
            paths.Count > 0 ? paths : ["/"], warmup, duration, connections, cpu, allocationTypes, perf);
    }
}

internal readonly record struct Snapshot(long Allocated, int Gen0, TimeSpan Pause, TimeSpan Cpu)
{
    public static Snapshot Take()
    {
        using var process = Process.GetCurrentProcess();
        return new Snapshot(GC.GetTotalAllocatedBytes(precise: true), GC.CollectionCount(0), GC.GetTotalPauseDuration(), process.TotalProcessorTime);
    }
}

internal sealed record WrkResult(long Requests, double RequestsPerSecond, string P99);

internal static partial class Wrk
{
    public static async Task<WrkResult> RunAsync(ProfileOptions options, string url, int seconds)
    {
        var info = new ProcessStartInfo("taskset")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-c", options.WrkCpu, "wrk", "-t1", $"-c{options.Connections}", $"-d{seconds}s", "--latency", url })
        {
            info.ArgumentList.Add(arg);
        }

        using var wrk = Process.Start(info)!;
        var output = await wrk.StandardOutput.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        if (Non2xx().Match(output) is { Success: true } bad)
        {
            throw new InvalidOperationException($"{url} answered {bad.Groups[1].Value} non-2xx responses:\n{output}");
        }

        var requests = Requests().Match(output);
        var rate = Rate().Match(output);
        var p99 = P99().Match(output);
        if (!requests.Success)
        {
            throw new InvalidOperationException($"wrk printed no request count:\n{output}");
        }

        return new WrkResult(long.Parse(requests.Groups[1].Value, CultureInfo.InvariantCulture),
            rate.Success ? double.Parse(rate.Groups[1].Value, CultureInfo.InvariantCulture) : 0, p99.Success ? p99.Groups[1].Value : "?");
    }

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex Requests();

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex Rate();

    [GeneratedRegex(@"^\s*99%\s+(\S+)", RegexOptions.Multiline)]
    private static partial Regex P99();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex Non2xx();
}

/// <summary>perf record of this process (software clock: this machine has no hardware counters) over one window.</summary>
internal static class Perf
{
    public static Process Start(string output, int seconds)
    {
        var info = new ProcessStartInfo("perf") { UseShellExecute = false, RedirectStandardError = true };
        foreach (var arg in new[] { "record", "-e", "cpu-clock", "-F", "1999", "-g", "-p", Environment.ProcessId.ToString(CultureInfo.InvariantCulture), "-o", output, "--", "sleep", seconds.ToString(CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info)!;
    }
}

/// <summary>
/// Samples allocations by type from the runtime's GCAllocationTick events (one per ~100 KB allocated), so the
/// proportions by type are right even though single small allocations are not all seen.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private readonly Dictionary<string, long> _bytesByType = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private long _sampled;
    private bool _active = true;

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!_active || eventData.EventName is null || !eventData.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || eventData.Payload is null)
        {
            return;
        }

        var names = eventData.PayloadNames!;
        string type = "?";
        long amount = 0;
        for (var i = 0; i < names.Count; i++)
        {
            switch (names[i])
            {
                case "TypeName": type = eventData.Payload[i] as string ?? "?"; break;
                case "AllocationAmount64": amount = Convert.ToInt64(eventData.Payload[i], CultureInfo.InvariantCulture); break;
                case "AllocationAmount" when amount == 0: amount = Convert.ToInt64(eventData.Payload[i], CultureInfo.InvariantCulture); break;
            }
        }

        lock (_lock)
        {
            _bytesByType[type] = _bytesByType.GetValueOrDefault(type) + amount;
            _sampled += amount;
        }
    }

    public string Report(string path, long requests)
    {
        _active = false;
        var text = new System.Text.StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Allocated types for {path} (AllocationTick samples, share of sampled bytes; ≈bytes/req):");
        lock (_lock)
        {
            foreach (var (type, bytes) in _bytesByType.OrderByDescending(p => p.Value).Take(25))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  {bytes * 100.0 / Math.Max(1, _sampled),5:0.0}%  {bytes / (double)requests,7:0.0}  {type}");
            }
        }

        return text.ToString();
    }
}
