using System.Text;

namespace Portico.Configuration.LinkisProperties;

/// <summary>A parsed properties file and where it was read from.</summary>
internal sealed record LinkisPropertiesFile(string Path, ParsedProperties Properties);

/// <summary>A Linkis key Portico did not map, where it was set, and why (for ignored keys).</summary>
internal readonly record struct LinkisPropertyNote(string Key, string File, int Line, string? Reason);

/// <summary>What a read of a Linkis conf directory found, for the start-up log.</summary>
internal sealed record LinkisPropertiesReport(string Directory, IReadOnlyList<string> Files, int MappedCount, IReadOnlyList<LinkisPropertyNote> Ignored, IReadOnlyList<LinkisPropertyNote> Unknown)
{
    /// <summary>The report of a directory that was not read.</summary>
    public static LinkisPropertiesReport Empty(string directory) => new(directory, [], 0, [], []);
}

/// <summary>The Portico configuration keys translated from Linkis properties, the problems found, and the report.</summary>
internal sealed record LinkisPropertiesResult(IDictionary<string, string?> Data, IReadOnlyList<ConfigError> Errors, LinkisPropertiesReport Report);

/// <summary>
/// Translates the keys of Linkis properties files into Portico configuration keys with <see cref="LinkisPropertyTable"/>.
/// Files are given in Linkis's load order (<c>linkis.properties</c>, then <c>linkis-mg-gateway.properties</c>): a key
/// set in a later file wins. An empty value means "unset", as in Linkis, which then uses its default.
/// </summary>
internal static class LinkisPropertiesMapper
{
    public static LinkisPropertiesResult Map(string directory, IReadOnlyList<LinkisPropertiesFile> files)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(files);
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var errors = new List<ConfigError>();
        var ignored = new List<LinkisPropertyNote>();
        var unknown = new List<LinkisPropertyNote>();
        if (files.Count == 0)
        {
            return new LinkisPropertiesResult(data, errors, LinkisPropertiesReport.Empty(directory));
        }

        // Reading Linkis's files means replacing its gateway: Linkis mode and its security are on unless Portico's own
        // configuration switches them off.
        data[LinkisPropertyTable.LinkisEnabled] = "true";
        data[LinkisPropertyTable.SecurityEnabled] = "true";

        var winners = new Dictionary<string, (string Value, string File, int FileIndex, int Line)>(StringComparer.Ordinal);
        for (var f = 0; f < files.Count; f++)
        {
            var file = files[f];
            foreach (var syntax in file.Properties.Errors)
            {
                errors.Add(new ConfigError(null, Where(file.Path, syntax.Line), Capitalize(syntax.Problem) + ".", "Write \\u followed by four hexadecimal digits, or \\\\ for a backslash."));
            }

            foreach (var entry in file.Properties.Entries)
            {
                winners[entry.Key] = (entry.Value, file.Path, f, entry.Line);
            }
        }

        var fallbacks = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var mapped = 0;
        foreach (var (key, (value, file, _, line)) in winners.OrderBy(w => w.Value.FileIndex).ThenBy(w => w.Value.Line))
        {
            if (value.Length == 0)
            {
                continue;
            }

            var rule = LinkisPropertyTable.Find(key);
            if (rule is null)
            {
                unknown.Add(new LinkisPropertyNote(key, file, line, null));
                continue;
            }

            if (rule.Kind == LinkisValueKind.Ignored)
            {
                ignored.Add(new LinkisPropertyNote(key, file, line, rule.Reason));
                continue;
            }

            var target = rule.Target;
            if (rule.IsPrefix)
            {
                var name = key[rule.Key.Length..];
                if (name.Contains(':', StringComparison.Ordinal))
                {
                    errors.Add(new ConfigError(null, Where(file, line) + ", " + key, $"'{name}' contains ':', which Portico's configuration keys cannot hold.", "Remove the entry, or rename the user."));
                    continue;
                }

                target = target + ":" + name;
            }

            if (!LinkisValueConverter.TryConvert(rule, value, directory, out var converted, out var problem, out var fix))
            {
                var sets = target is null ? "" : $" (it sets {Dotted(target)})";
                errors.Add(new ConfigError(null, Where(file, line) + ", " + key, problem.TrimEnd('.') + sets + ".", fix));
                continue;
            }

            mapped++;
            if (target is null || converted is null)
            {
                continue;
            }

            if (rule.IsFallback)
            {
                fallbacks[target] = converted;
            }
            else
            {
                data[target] = converted;
            }
        }

        foreach (var (target, value) in fallbacks)
        {
            data.TryAdd(target, value);
        }

        foreach (var (switchKey, fileKey, defaultName) in LinkisPropertyTable.ConfFileDefaults)
        {
            if (winners.TryGetValue(switchKey, out var on) && on.Value.Length > 0
                && (!winners.TryGetValue(fileKey, out var named) || named.Value.Length == 0)
                && LinkisPropertyTable.Find(fileKey)?.Target is { } fileTarget)
            {
                data[fileTarget] = Path.Combine(directory, defaultName);
            }
        }

        var report = new LinkisPropertiesReport(directory, [.. files.Select(f => f.Path)], mapped, ignored, unknown);
        return new LinkisPropertiesResult(data, errors, report);
    }

    /// <summary><c>Portico:linkis-security:cookie:name</c> as it is written in documentation: <c>portico.linkis-security.cookie.name</c>.</summary>
    internal static string Dotted(string target) =>
        target.StartsWith("Portico:", StringComparison.Ordinal) ? "portico." + target["Portico:".Length..].Replace(':', '.') : target.Replace(':', '.');

    private static string Where(string file, int line) => $"{file} line {line}";

    private static string Capitalize(string text) =>
        text.Length == 0 ? text : new StringBuilder(text.Length).Append(char.ToUpperInvariant(text[0])).Append(text, 1, text.Length - 1).ToString();
}
