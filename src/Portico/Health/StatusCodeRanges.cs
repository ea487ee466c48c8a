using System.Globalization;

namespace Portico.Health;

/// <summary>A set of HTTP status codes written as codes and ranges, e.g. <c>200-399</c> or <c>200,204,300-308</c>.</summary>
internal sealed class StatusCodeRanges
{
    private readonly (int Low, int High)[] _ranges;

    private StatusCodeRanges((int Low, int High)[] ranges) => _ranges = ranges;

    public bool Contains(int status)
    {
        foreach (var (low, high) in _ranges)
        {
            if (status >= low && status <= high)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The default healthy statuses, 200-399.</summary>
    public static StatusCodeRanges Default { get; } = new([(200, 399)]);

    /// <summary>Parses <paramref name="text"/>; invalid text (which validation rejects) falls back to <see cref="Default"/>.</summary>
    public static StatusCodeRanges ParseOrDefault(string text) => TryParse(text, out var ranges, out _) ? ranges : Default;

    public static bool TryParse(string? text, out StatusCodeRanges ranges, out string problem)
    {
        ranges = null!;
        problem = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = "is empty.";
            return false;
        }

        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var list = new (int, int)[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            var dash = part.IndexOf('-', StringComparison.Ordinal);
            var lowText = dash < 0 ? part : part[..dash].Trim();
            var highText = dash < 0 ? part : part[(dash + 1)..].Trim();
            if (!TryParseStatus(lowText, out var low) || !TryParseStatus(highText, out var high) || low > high)
            {
                problem = $"'{part}' is not a status code (100-599) or a range such as 200-399.";
                return false;
            }

            list[i] = (low, high);
        }

        ranges = new StatusCodeRanges(list);
        return true;
    }

    private static bool TryParseStatus(string text, out int status) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out status) && status is >= 100 and <= 599;
}
