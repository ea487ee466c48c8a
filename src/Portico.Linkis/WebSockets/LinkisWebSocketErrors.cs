using System.Globalization;
using System.Text;

namespace Portico.Linkis.WebSockets;

/// <summary>
/// The texts of the error messages the gateway sends on a multiplexed WebSocket (as <c>Message</c> frames of status 1,
/// or -1 when the session has ended). Linkis has none of these: it drops such messages silently (§5.4). The texts avoid
/// the characters Linkis's JSON writer escapes (<c>&lt; &gt; &amp; = '</c>), so clients read them as written.
/// </summary>
public static class LinkisWebSocketErrors
{
    private static readonly CompositeFormat InvalidJsonComposite = CompositeFormat.Parse(InvalidJsonFormat);
    private static readonly CompositeFormat FieldNotStringComposite = CompositeFormat.Parse(FieldNotStringFormat);
    private static readonly CompositeFormat BackendClosedComposite = CompositeFormat.Parse(BackendClosedFormat);
    private static readonly CompositeFormat BackendUnavailableComposite = CompositeFormat.Parse(BackendUnavailableFormat);

    /// <summary>A message that is JSON but not an object.</summary>
    public const string NotAnObject = "The message is not a JSON object with a method and data.";

    /// <summary>A message that is not JSON; {0} = line, {1} = position (both 1-based).</summary>
    public const string InvalidJsonFormat = "The message is not valid JSON (line {0}, position {1}).";

    /// <summary>A message whose <c>method</c> or <c>websocketTag</c> is not a string; {0} = the key.</summary>
    public const string FieldNotStringFormat = "The {0} of the message is not a string.";

    /// <summary>
    /// A backend connection closed or was lost; {0} = application, {1} = close code, {2} = reason. The next message to
    /// the application opens a new connection.
    /// </summary>
    public const string BackendClosedFormat = "The connection to {0} was closed ({1}: {2}); the next message to it opens a new one.";

    /// <summary>A backend connection could not be opened; {0} = application, {1} = why.</summary>
    public const string BackendUnavailableFormat = "Could not connect to {0}: {1}";

    /// <summary>Close reason when the client's session is no longer logged in.</summary>
    public const string NotLoggedInCloseReason = "Not logged in.";

    /// <summary>Close reason after the user logged out.</summary>
    public const string LoggedOutCloseReason = "Logged out.";

    /// <summary>The text for a message that is not valid JSON.</summary>
    public static string InvalidJson(long? line, long? bytePosition) =>
        line is { } l
            ? string.Format(CultureInfo.InvariantCulture, InvalidJsonComposite, l + 1, (bytePosition ?? 0) + 1)
            : "The message is not valid JSON.";

    /// <summary>The text for a key of the wrong type.</summary>
    public static string FieldNotString(string key) => string.Format(CultureInfo.InvariantCulture, FieldNotStringComposite, key);

    /// <summary>The text telling the client a backend connection ended.</summary>
    public static string BackendClosed(string application, int closeCode, string? reason) =>
        string.Format(CultureInfo.InvariantCulture, BackendClosedComposite, application, closeCode, string.IsNullOrEmpty(reason) ? "no reason" : reason);

    /// <summary>The text telling the client a backend connection could not be opened.</summary>
    public static string BackendUnavailable(string application, string reason) =>
        string.Format(CultureInfo.InvariantCulture, BackendUnavailableComposite, application, reason);
}
