using Portico.Configuration;
using Portico.Linkis;

namespace Portico.Tests.Linkis.WebSockets;

/// <summary>The multiplexer's settings on <see cref="LinkisConfig"/>: Linkis's defaults and their validation.</summary>
public sealed class LinkisWebSocketSettingsTests
{
    [Fact]
    public void Defaults_AreLinkisValues()
    {
        var config = new LinkisConfig();

        Assert.Equal(655350, config.WebSocketMaxFrameLength);
        Assert.Equal(1024000, config.WebSocketMaxMessageSize);
        Assert.Equal(TimeSpan.FromSeconds(5), config.WebSocketHeartbeat);
    }

    [Fact]
    public void Equals_ComparesTheWebSocketSettings()
    {
        var config = new LinkisConfig();

        Assert.NotEqual(config, config with { WebSocketMaxFrameLength = 1 });
        Assert.NotEqual(config, config with { WebSocketMaxMessageSize = 1 });
        Assert.NotEqual(config, config with { WebSocketHeartbeat = TimeSpan.FromSeconds(1) });
        Assert.Equal(config, config with { });
    }

    [Fact]
    public void Apply_NonPositiveValues_EveryOneReported()
    {
        var errors = new List<ConfigError>();
        var linkis = new LinkisConfig { Enabled = true, WebSocketMaxFrameLength = 0, WebSocketMaxMessageSize = -1, WebSocketHeartbeat = TimeSpan.Zero };

        LinkisRoutes.Apply(new PorticoConfig().WithSection(linkis), errors);

        Assert.Equal(
            ["linkis.web-socket-max-frame-length", "linkis.web-socket-max-message-size", "linkis.web-socket-heartbeat"],
            errors.Select(e => e.Field));
    }
}
