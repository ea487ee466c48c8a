using System.Globalization;

namespace Portico.Linkis.Parsing;

/// <summary>
/// Decodes Linkis execIDs (§2.5) into the entrance instance that owns the job. Current format:
/// <c>exec_id</c> + 3-digit application length + 3-digit instances length + application + instances (<c>host:port</c>
/// joined by <c>_</c>, the first one owning the job) + short id. Legacy format: 2-digit creator, application and
/// instance lengths + creator + application + instance + short id.
/// </summary>
public static class ExecId
{
    /// <summary>The prefix of current-format execIDs.</summary>
    public const string Prefix = "exec_id";

    /// <summary>
    /// Decodes <paramref name="execId"/>; on failure (non-numeric length fields, a string shorter than its lengths say,
    /// an empty application) returns false with the reason in <paramref name="error"/>.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<char> execId, out ServiceTarget? target, out string? error)
    {
        target = null;
        if (execId.StartsWith(Prefix, StringComparison.Ordinal))
        {
            var content = execId[Prefix.Length..];
            if (!TryLength(content, 0, 3, out var appLength) || !TryLength(content, 3, 3, out var instancesLength))
            {
                error = Invalid(execId, "the two 3-digit length fields after exec_id are not numbers");
                return false;
            }

            if (content.Length < 6 + appLength + instancesLength)
            {
                error = Invalid(execId, "it is shorter than its length fields say");
                return false;
            }

            var application = content.Slice(6, appLength);
            var instances = content.Slice(6 + appLength, instancesLength);
            var underscore = instances.IndexOf('_');
            return Create(execId, application, underscore < 0 ? instances : instances[..underscore], out target, out error);
        }

        if (!TryLength(execId, 0, 2, out var creatorLength) || !TryLength(execId, 2, 2, out var executeLength) || !TryLength(execId, 4, 2, out var instanceLength))
        {
            error = Invalid(execId, "it starts neither with exec_id nor with three 2-digit length fields");
            return false;
        }

        if (execId.Length < 6 + creatorLength + executeLength + instanceLength)
        {
            error = Invalid(execId, "it is shorter than its length fields say");
            return false;
        }

        return Create(execId, execId.Slice(6 + creatorLength, executeLength), execId.Slice(6 + creatorLength + executeLength, instanceLength), out target, out error);
    }

    /// <summary>Encodes a current-format execID, as the entrance does.</summary>
    public static string Encode(string application, IReadOnlyList<string> instances, string shortExecId)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(instances);
        var joined = string.Join('_', instances);
        return string.Create(CultureInfo.InvariantCulture, $"{Prefix}{application.Length:D3}{joined.Length:D3}{application}{joined}{shortExecId}");
    }

    private static bool Create(ReadOnlySpan<char> execId, ReadOnlySpan<char> application, ReadOnlySpan<char> instance, out ServiceTarget? target, out string? error)
    {
        if (application.IsWhiteSpace())
        {
            target = null;
            error = Invalid(execId, "it names no application");
            return false;
        }

        target = new ServiceTarget(application.ToString(), instance.IsWhiteSpace() ? null : instance.ToString());
        error = null;
        return true;
    }

    private static bool TryLength(ReadOnlySpan<char> text, int start, int digits, out int value)
    {
        value = 0;
        if (text.Length < start + digits)
        {
            return false;
        }

        foreach (var c in text.Slice(start, digits))
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }

    private static string Invalid(ReadOnlySpan<char> execId, string reason) =>
        Messages.LinkisErrors.InvalidExecId(execId.ToString(), reason);
}
