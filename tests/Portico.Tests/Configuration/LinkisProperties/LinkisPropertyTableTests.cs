using System.Reflection;
using Portico.Configuration;
using Portico.Configuration.LinkisProperties;

namespace Portico.Tests.Configuration.LinkisProperties;

public class LinkisPropertyTableTests
{
    private static readonly Dictionary<string, Type> ModuleSections = new(StringComparer.Ordinal)
    {
        [ComponentArgs.Normalize("linkis")] = typeof(Portico.Linkis.LinkisConfig),
        [ComponentArgs.Normalize("linkis-security")] = typeof(Portico.Security.Linkis.LinkisSecurityConfig),
    };

    public static TheoryData<string> MappedKeys()
    {
        var data = new TheoryData<string>();
        foreach (var rule in LinkisPropertyTable.Rules)
        {
            if (rule.Target is not null && rule.Target.StartsWith("Portico:", StringComparison.Ordinal))
            {
                data.Add(rule.Key);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(MappedKeys))]
    public void Target_NamesAnExistingPorticoSetting(string key)
    {
        var rule = LinkisPropertyTable.Rules.Single(r => r.Key == key);
        var type = typeof(PorticoConfig);
        var segments = rule.Target!.Split(':')[1..];

        // The Linkis sections are module sections of PorticoConfig (IPorticoConfigSection), not its own properties.
        if (ModuleSections.TryGetValue(ComponentArgs.Normalize(segments[0]), out var section))
        {
            type = section;
            segments = segments[1..];
        }

        foreach (var segment in segments)
        {
            var property = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .SingleOrDefault(p => ComponentArgs.Normalize(p.Name) == ComponentArgs.Normalize(segment));
            Assert.True(property is not null, $"{key}: {type.Name} has no setting '{segment}' ({rule.Target}).");
            Assert.True(property.CanWrite, $"{key}: {type.Name}.{property.Name} cannot be set.");
            type = property.PropertyType;
        }

        Assert.False(type.IsClass && type != typeof(string) && type.Namespace?.StartsWith("Portico", StringComparison.Ordinal) == true, $"{key} targets a whole section ({type.Name}), not a setting.");
    }

    [Fact]
    public void Rules_KeysAreUniqueAndEveryIgnoredOrRequiredKeyHasAReason()
    {
        Assert.Equal(LinkisPropertyTable.Rules.Count, LinkisPropertyTable.Rules.Select(r => r.Key).Distinct(StringComparer.Ordinal).Count());
        Assert.All(
            LinkisPropertyTable.Rules.Where(r => r.Kind is LinkisValueKind.Ignored or LinkisValueKind.Required),
            r => Assert.False(string.IsNullOrWhiteSpace(r.Reason), r.Key));
        Assert.All(
            LinkisPropertyTable.Rules.Where(r => r.Kind is not (LinkisValueKind.Ignored or LinkisValueKind.Required)),
            r => Assert.NotNull(r.Target));
    }

    [Fact]
    public void Find_ExactKeyWinsOverPrefixAndKeysAreCaseSensitive()
    {
        Assert.Equal(LinkisValueKind.Bool, LinkisPropertyTable.Find("linkis.client.access.control.user.enable")!.Kind);
        var prefix = LinkisPropertyTable.Find("linkis.client.access.control.user.alice")!;
        Assert.True(prefix.IsPrefix);
        Assert.Null(LinkisPropertyTable.Find("linkis.client.access.control.user."));
        Assert.Null(LinkisPropertyTable.Find("WDS.LINKIS.ADMIN.USER"));
    }

    [Fact]
    public void ConfFileDefaults_NameKnownSwitchAndFileKeys()
    {
        Assert.All(LinkisPropertyTable.ConfFileDefaults, d =>
        {
            Assert.Equal(LinkisValueKind.Bool, LinkisPropertyTable.Find(d.SwitchKey)!.Kind);
            Assert.Equal(LinkisValueKind.ConfFile, LinkisPropertyTable.Find(d.FileKey)!.Kind);
        });
    }
}
