using Portico.FunctionalTests.Infrastructure;

namespace Portico.FunctionalTests.Filters;

/// <summary>Starts gateways whose routes end at the fake upstream, from YAML in Spring's layout.</summary>
internal static class FilterGateway
{
    /// <summary>The route URI used by the tests; nothing listens there, the fake upstream answers instead.</summary>
    public const string UpstreamUri = "http://upstream.test:8080";

    /// <summary>Starts a gateway from the <c>routes</c> (and optional <c>default-filters</c>) YAML, indented as list items.</summary>
    public static Task<TestGateway> StartAsync(string routes, string? defaultFilters = null) =>
        TestGateway.StartAsync(Yaml(routes, defaultFilters), services => services.AddFakeUpstream());

    /// <summary>The full configuration file for <paramref name="routes"/> and <paramref name="defaultFilters"/>.</summary>
    public static string Yaml(string routes, string? defaultFilters = null) =>
        "spring:\n  cloud:\n    gateway:\n"
        + (defaultFilters is null ? "" : "      default-filters:\n" + Indent(defaultFilters, 8))
        + "      routes:\n" + Indent(routes, 8);

    private static string Indent(string block, int spaces)
    {
        var lines = block.Replace("\r\n", "\n", StringComparison.Ordinal).Trim('\n').Split('\n');
        var common = int.MaxValue;
        foreach (var line in lines)
        {
            if (line.Trim().Length > 0)
            {
                common = Math.Min(common, line.Length - line.TrimStart().Length);
            }
        }

        var pad = new string(' ', spaces);
        return string.Concat(lines.Select(l => l.Trim().Length == 0 ? "\n" : pad + l[common..] + "\n"));
    }
}
