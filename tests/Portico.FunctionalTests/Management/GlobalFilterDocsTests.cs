using System.Text.RegularExpressions;
using Portico.FunctionalTests.Infrastructure;
using static Portico.FunctionalTests.Discovery.RegistryClient;

namespace Portico.FunctionalTests.Management;

/// <summary>
/// docs/filters-and-predicates.md, "Filters that are always on", names every global filter a plain gateway runs, in
/// the order <c>/actuator/gateway/globalfilters</c> shows them, so the list cannot drift from the code.
/// </summary>
public sealed class GlobalFilterDocsTests
{
    [Fact]
    public async Task AlwaysOnSection_ListsEveryRegisteredGlobalFilterInChainOrder()
    {
        await using var gateway = await TestGateway.StartAsync("portico:\n  routes: []\n");
        using var json = await GetJsonAsync(gateway.Client, "/actuator/gateway/globalfilters");
        var registered = json.RootElement.EnumerateObject().Select(p => p.Name.Trim('[', ']')).ToList();

        var documented = DocumentedFilters();

        Assert.Equal(registered, documented);
    }

    private static List<string> DocumentedFilters()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Portico.sln")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        var text = File.ReadAllText(Path.Combine(directory.FullName, "docs", "filters-and-predicates.md"));
        var start = text.IndexOf("## Filters that are always on", StringComparison.Ordinal);
        Assert.True(start >= 0, "The section 'Filters that are always on' is missing.");
        var end = text.IndexOf("\n## ", start + 3, StringComparison.Ordinal);
        var section = end < 0 ? text[start..] : text[start..end];

        // Table rows: | `Name` | order | what it does |
        return Regex.Matches(section, @"^\| `(?<name>[A-Za-z]+)` \|", RegexOptions.Multiline).Select(m => m.Groups["name"].Value).ToList();
    }
}
