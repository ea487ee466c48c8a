using Microsoft.Extensions.Configuration;

namespace Portico.Configuration;

/// <summary>
/// Finds keys in Portico's own configuration sections that no setting reads, so a typo (<c>filtres:</c>) is an error
/// that names the key and the nearest valid one instead of a setting silently left at its default.
/// </summary>
internal static class UnknownKeys
{
    /// <summary>
    /// Adds an error for every child of <paramref name="section"/> whose key (relaxed: case, dashes and underscores
    /// ignored) is not among <paramref name="known"/> (the settings' names as documented, e.g. <c>response-timeout</c>). Sections outside Portico's own (Spring's alias sections, whose
    /// unknown keys Spring itself ignores) are not checked unless <paramref name="always"/> is set.
    /// </summary>
    public static void Check(IConfigurationSection section, IReadOnlyCollection<string> known, string? routeId, string path, List<ConfigError> errors, bool always = false)
    {
        if (!always && !IsPorticoSection(section))
        {
            return;
        }

        HashSet<string>? normalized = null;
        foreach (var child in section.GetChildren())
        {
            normalized ??= known.Select(ComponentArgs.Normalize).ToHashSet(StringComparer.Ordinal);
            var key = ComponentArgs.Normalize(child.Key);
            if (normalized.Contains(key))
            {
                continue;
            }

            var field = path.Length == 0 ? child.Key : path + "." + child.Key;
            var nearest = Nearest(key, known);
            errors.Add(new ConfigError(
                routeId,
                field,
                $"'{child.Key}' is not a setting Portico knows.",
                nearest is null ? "Remove it, or check its spelling against docs/configuration.md." : $"Did you mean '{nearest}'?"));
        }
    }

    /// <summary>Whether <paramref name="section"/> lies in the <c>Portico</c> section (not an alias such as Spring's).</summary>
    public static bool IsPorticoSection(IConfigurationSection section) =>
        section.Path.StartsWith(PorticoConfigReader.SectionName, StringComparison.OrdinalIgnoreCase)
        && (section.Path.Length == PorticoConfigReader.SectionName.Length || section.Path[PorticoConfigReader.SectionName.Length] == ':');

    /// <summary>The candidate closest to <paramref name="key"/> by edit distance, or null when none is close enough to be a typo of it.</summary>
    public static string? Nearest(string key, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(ComponentArgs.Normalize(key), ComponentArgs.Normalize(candidate));
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        // A third of the word, at least two edits: "filtres" is "filters", "xyz" is nothing.
        return best is not null && bestDistance <= Math.Max(2, key.Length / 3) ? best : null;
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps.</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
