using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Portico.Configuration.LinkisProperties;

/// <summary>
/// Says once, at start-up, what was read from Linkis conf directories: how many settings were taken over, each Linkis
/// key Portico deliberately does not honour and why (information), and each key it does not know (debug).
/// </summary>
internal sealed partial class LinkisPropertiesStartupLog(IConfiguration configuration, ILogger<LinkisPropertiesStartupLog> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var provider in ConfigurationProviders.Find<LinkisPropertiesConfigurationProvider>(configuration))
        {
            Write(provider.Report);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    internal void Write(LinkisPropertiesReport report)
    {
        if (report.Files.Count == 0)
        {
            return;
        }

        var files = string.Join(", ", report.Files);
        LogRead(logger, report.MappedCount, files);
        foreach (var note in report.Ignored)
        {
            LogIgnored(logger, note.Key, note.File, note.Line, note.Reason ?? "");
        }

        foreach (var note in report.Unknown)
        {
            LogUnknown(logger, note.Key, note.File, note.Line);
        }
    }

    [LoggerMessage(EventId = Logging.EventIdRanges.Configuration + 50, Level = LogLevel.Information, Message = "Took {Count} Linkis settings from {Files}")]
    private static partial void LogRead(ILogger logger, int count, string files);

    [LoggerMessage(EventId = Logging.EventIdRanges.Configuration + 51, Level = LogLevel.Information, Message = "Linkis setting {Key} ({File} line {Line}) is not used by Portico: {Reason}")]
    private static partial void LogIgnored(ILogger logger, string key, string file, int line, string reason);

    [LoggerMessage(EventId = Logging.EventIdRanges.Configuration + 52, Level = LogLevel.Debug, Message = "Linkis setting {Key} ({File} line {Line}) is not a gateway setting Portico knows; ignored")]
    private static partial void LogUnknown(ILogger logger, string key, string file, int line);
}
