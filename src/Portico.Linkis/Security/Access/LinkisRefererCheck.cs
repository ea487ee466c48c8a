using Microsoft.AspNetCore.Http;

namespace Portico.Security.Linkis.Access;

/// <summary>
/// Linkis's referer validation (§4.1 step 3), when switched on: a <c>Referer</c> must contain one of the allowed texts
/// (a substring test, as in Linkis); only WebSocket handshakes may come without one; and the method must be one of the
/// standard verbs other than PATCH.
/// </summary>
internal static class LinkisRefererCheck
{
    private static readonly string[] AllowedMethods = ["GET", "POST", "PUT", "DELETE", "HEAD", "TRACE", "CONNECT", "OPTIONS"];

    /// <summary>The refusal text (answered 412 with status 2), or null when the request passes.</summary>
    public static string? Refuse(LinkisAccessPolicy policy, HttpRequest request, bool webSocket)
    {
        var values = request.Headers.Referer;
        var referer = values.Count > 0 ? values[0].AsSpan() : default;
        if (!referer.IsEmpty)
        {
            var trimmed = referer.Trim();
            if (!ContainsAny(trimmed, policy.RefererHosts))
            {
                return LinkisAccessMessages.UnallowedCrossSiteRequest;
            }
        }
        else if (!webSocket)
        {
            return LinkisAccessMessages.RefererEmpty;
        }

        foreach (var method in AllowedMethods)
        {
            if (string.Equals(request.Method, method, StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }
        }

        return LinkisAccessMessages.VerbTampering;
    }

    private static bool ContainsAny(ReadOnlySpan<char> referer, IReadOnlyList<string> allowed)
    {
        foreach (var text in allowed)
        {
            if (referer.Contains(text, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
