using Portico.Configuration;

namespace Portico.Tests.Configuration;

public class ComponentArgsTests
{
    private static ComponentArgs Bind(string shortcut, ShortcutSpec spec, List<ConfigError> errors) =>
        ComponentArgs.Bind(ComponentConfig.Parse(shortcut), spec, "r1", "predicates[0]", errors);

    [Fact]
    public void Bind_DefaultShortcut_MapsValuesToFieldsInOrder()
    {
        var errors = new List<ConfigError>();
        var args = Bind("Cookie=session, ch.p", ShortcutSpec.Fields("name", "regexp"), errors);
        Assert.Equal("session", args.GetString("name"));
        Assert.Equal("ch.p", args.GetString("regexp"));
        Assert.Empty(errors);
    }

    [Fact]
    public void Bind_TooManyShortcutValues_ReportsCountAndExpectedForm()
    {
        var errors = new List<ConfigError>();
        Bind("StripPrefix=1,2", ShortcutSpec.Fields("parts"), errors);
        var error = Assert.Single(errors);
        Assert.Equal("r1", error.RouteId);
        Assert.Contains("takes 1 argument (parts) but 2 were given", error.Problem, StringComparison.Ordinal);
        Assert.Contains("StripPrefix=<parts>", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_GatherList_CollectsAllValues()
    {
        var args = Bind("Method=GET,POST", ShortcutSpec.GatherList("methods"), []);
        Assert.Equal(["GET", "POST"], args.GetList("methods"));
    }

    [Theory]
    [InlineData("Path=/a/**,/b/**,true", 2, "true")]
    [InlineData("Path=/a/**,/b/**", 2, null)]
    [InlineData("Path=true", 1, null)]
    public void Bind_GatherListTailFlag_TakesTrailingBooleanAsFlag(string shortcut, int patterns, string? flag)
    {
        var args = Bind(shortcut, ShortcutSpec.GatherListTailFlag("patterns", "matchTrailingSlash"), []);
        Assert.Equal(patterns, args.GetList("patterns").Count);
        Assert.Equal(flag, args.GetString("matchTrailingSlash"));
    }

    [Fact]
    public void Bind_ExpandedArgs_MatchNamesIgnoringCaseAndDashes()
    {
        var config = new ComponentConfig("Path", [], new Dictionary<string, IReadOnlyList<string>>
        {
            ["patterns"] = ["/a/**", "/b/**"],
            ["match-trailing-slash"] = ["true"],
        });
        var args = ComponentArgs.Bind(config, ShortcutSpec.GatherListTailFlag("patterns", "matchTrailingSlash"), "r", "predicates[0]", []);
        Assert.True(args.GetBoolean("matchTrailingSlash", false));
        Assert.Equal(2, args.GetList("Patterns").Count);
    }

    [Fact]
    public void Bind_GenKeys_AreTreatedAsPositional()
    {
        var config = new ComponentConfig("Header", [], new Dictionary<string, IReadOnlyList<string>>
        {
            ["_genkey_0"] = ["X-Id"],
            ["_genkey_1"] = [@"\d+"],
        });
        var args = ComponentArgs.Bind(config, ShortcutSpec.Fields("header", "regexp"), "r", "predicates[0]", []);
        Assert.Equal("X-Id", args.GetString("header"));
        Assert.Equal(@"\d+", args.GetString("regexp"));
    }

    [Fact]
    public void TypedGetters_MalformedValues_RecordEveryErrorWithField()
    {
        var errors = new List<ConfigError>();
        var config = ComponentConfig.Create("X", [new("n", "abc"), new("b", "maybe"), new("re", "(unclosed"), new("size", "5XB"), new("d", "soon")]);
        var args = ComponentArgs.Bind(config, ShortcutSpec.None, "r", "filters[2]", errors);
        args.GetInt32("n", 1);
        args.GetBoolean("b", false);
        args.GetRegex("re", required: true);
        args.GetDataSize("size", 0);
        args.GetDuration("d", null);
        args.GetRequiredString("missing");
        Assert.Equal(6, errors.Count);
        Assert.All(errors, e => Assert.StartsWith("filters[2] (X).args.", e.Field, StringComparison.Ordinal));
        Assert.True(args.HasErrors);
    }

    [Theory]
    [InlineData("5000", 5000L)]
    [InlineData("5KB", 5 * 1024L)]
    [InlineData("2MB", 2 * 1024 * 1024L)]
    [InlineData("1GB", 1024L * 1024 * 1024)]
    public void GetDataSize_Units_AreBinaryMultiples(string text, long expected)
    {
        var args = ComponentArgs.Bind(ComponentConfig.Create("RequestSize", [new("maxSize", text)]), ShortcutSpec.Fields("maxSize"), "r", "filters[0]", []);
        Assert.Equal(expected, args.GetDataSize("maxSize", 0));
    }

    [Theory]
    [InlineData("match-trailing-slash", "matchtrailingslash")]
    [InlineData("X_Forwarded", "xforwarded")]
    public void Normalize_RemovesDashesAndUnderscoresAndLowers(string input, string expected) =>
        Assert.Equal(expected, ComponentArgs.Normalize(input));
}
