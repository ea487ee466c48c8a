using Portico.Configuration;
using Portico.Labels;
using Portico.LoadBalancing;
using Portico.Tests.TestSupport;

namespace Portico.Tests.Labels;

public sealed class LabelsConfigTests
{
    private static List<ConfigError> Validate(PorticoConfig config)
    {
        var errors = new List<ConfigError>();
        new LabelsConfigValidator().Validate(config, errors);
        new ServiceConfigValidator([new RandomPolicy(new Portico.Tests.LoadBalancing.SequenceRandom()), new PowerOfTwoChoicesPolicy(new Portico.Tests.LoadBalancing.SequenceRandom())]).Validate(config, errors);
        return errors;
    }

    [Fact]
    public void Read_ServiceLabelsAndStoreSettings()
    {
        var errors = new List<ConfigError>();
        var config = ConfigText.Read("""
            portico:
              labels:
                persistence: memory
                metadata-key: linkis.route
                modifiable-keys: [route, tenant]
              services:
                orders:
                  labels:
                    enabled: true
                    routing-keys: [route, tenant]
                    fallback-to-unlabeled: true
            """, errors);

        Assert.Empty(errors);
        Assert.Equal(new LabelsConfig { Persistence = LabelPersistenceMode.Memory, MetadataKey = "linkis.route", ModifiableKeys = ["route", "tenant"] }, config.Labels);
        Assert.Equal(new LabelRoutingConfig { Enabled = true, RoutingKeys = ["route", "tenant"], FallbackToUnlabeled = true }, config.Services["orders"].Labels);
    }

    [Fact]
    public void Defaults_RouteKeyOnlyNoFallbackEnabledUnset()
    {
        var config = ConfigText.Read("portico:\n  services:\n    orders:\n      retry:\n        attempts: 1\n");

        Assert.Equal(new LabelRoutingConfig(), config.Services["orders"].Labels);
        Assert.Null(config.Services["orders"].Labels.Enabled);
        Assert.Equal(["route"], config.Services["orders"].Labels.RoutingKeys);
        Assert.False(config.Services["orders"].Labels.FallbackToUnlabeled);
        Assert.Equal(new LabelsConfig(), config.Labels);
        Assert.Empty(Validate(config));
    }

    [Fact]
    public void Read_UnknownLabelsSetting_IsAnError()
    {
        var errors = new List<ConfigError>();
        ConfigText.Read("portico:\n  services:\n    orders:\n      labels:\n        fallback: true\n", errors);

        var error = Assert.Single(errors);
        Assert.Equal("services.orders.labels.fallback", error.Field);
    }

    [Fact]
    public void Validate_BadRoutingKeys_NamedByIndex()
    {
        var config = new PorticoConfig
        {
            Services = new Dictionary<string, ServiceConfig>(StringComparer.OrdinalIgnoreCase)
            {
                ["orders"] = new() { Labels = new LabelRoutingConfig { RoutingKeys = ["route", "bad key", "route"] } },
                ["users"] = new() { Labels = new LabelRoutingConfig { Enabled = true, RoutingKeys = [] } },
            },
        };

        var errors = Validate(config);

        Assert.Equal(
            ["services.orders.labels.routing-keys[1]", "services.orders.labels.routing-keys[2]", "services.users.labels.routing-keys"],
            errors.Select(e => e.Field).Order(StringComparer.Ordinal));
        Assert.Contains(errors, e => e.Problem == "'route' is listed twice.");
    }

    [Fact]
    public void Validate_BadStoreSettings_Named()
    {
        var config = new PorticoConfig { Labels = new LabelsConfig { MetadataKey = " ", ModifiableKeys = ["route", "-x"] } };

        var errors = Validate(config);

        Assert.Equal(["labels.metadata-key", "labels.modifiable-keys[1]"], errors.Select(e => e.Field));
    }

    [Fact]
    public void Equality_ComparesListsByContent()
    {
        Assert.Equal(new LabelRoutingConfig { RoutingKeys = ["route", "tenant"] }, new LabelRoutingConfig { RoutingKeys = ["route", "tenant"] });
        Assert.NotEqual(new LabelRoutingConfig { RoutingKeys = ["route"] }, new LabelRoutingConfig { RoutingKeys = ["tenant"] });
        Assert.Equal(new LabelsConfig { ModifiableKeys = ["route"] }, new LabelsConfig());
        Assert.NotEqual(new LabelsConfig { ModifiableKeys = ["tenant"] }, new LabelsConfig());
    }
}
