using Microsoft.Extensions.Logging;
using Portico.Logging;

namespace Portico.Security.Linkis.Tokens;

/// <summary>Log messages of Linkis token authentication (ids 2270-2289 of <see cref="EventIdRanges.Security"/>). Tokens appear masked.</summary>
internal static partial class LinkisTokenLog
{
    [LoggerMessage(EventId = EventIdRanges.Security + 70, Level = LogLevel.Information, Message = "Linkis tokens: loaded {Count} token(s) from {Store}")]
    public static partial void Loaded(ILogger logger, int count, string store);

    [LoggerMessage(EventId = EventIdRanges.Security + 71, Level = LogLevel.Error, Message = "Linkis tokens: the {Count} token(s) in {Store} were hashed under another crypt key (linkis-security.crypt-key changed), so none of them will authenticate; restore the former key or create the tokens again")]
    public static partial void KeyChanged(ILogger logger, int count, string store);

    [LoggerMessage(EventId = EventIdRanges.Security + 72, Level = LogLevel.Information, Message = "Linkis tokens: '{UpdateBy}' created token '{Name}' (id {Id}, {Mask}) for users '{LegalUsers}' from hosts '{LegalHosts}', valid {ElapseDay} day(s)")]
    public static partial void Created(ILogger logger, string updateBy, string name, long id, string mask, string legalUsers, string legalHosts, long elapseDay);

    [LoggerMessage(EventId = EventIdRanges.Security + 73, Level = LogLevel.Information, Message = "Linkis tokens: '{UpdateBy}' changed token '{Name}' (id {Id}){Replaced}")]
    public static partial void Updated(ILogger logger, string updateBy, string name, long id, string replaced);

    [LoggerMessage(EventId = EventIdRanges.Security + 74, Level = LogLevel.Information, Message = "Linkis tokens: '{DeletedBy}' deleted token '{Name}' (id {Id})")]
    public static partial void Deleted(ILogger logger, string deletedBy, string name, long id);

    [LoggerMessage(EventId = EventIdRanges.Security + 75, Level = LogLevel.Warning, Message = "Linkis tokens: token '{Name}' has only {Length} characters and can be guessed; prefer a generated token (leave the value out)")]
    public static partial void WeakToken(ILogger logger, string name, int length);

    [LoggerMessage(EventId = EventIdRanges.Security + 76, Level = LogLevel.Debug, Message = "Linkis tokens: token '{Name}' authenticated '{TokenUser}' from {Host}")]
    public static partial void Authenticated(ILogger logger, string name, string tokenUser, string? host);

    [LoggerMessage(EventId = EventIdRanges.Security + 77, Level = LogLevel.Information, Message = "Linkis tokens: refused token {Mask} for '{TokenUser}' from {Host}: {ErrorCode}")]
    public static partial void Refused(ILogger logger, string mask, string? tokenUser, string? host, int errorCode);

    [LoggerMessage(EventId = EventIdRanges.Security + 79, Level = LogLevel.Information, Message = "Linkis tokens: rejected admin request {Method} {Path}: {Field} {Problem}")]
    public static partial void AdminRejected(ILogger logger, string method, string path, string field, string problem);

    [LoggerMessage(EventId = EventIdRanges.Security + 80, Level = LogLevel.Error, Message = "Linkis tokens: {Method} {Path} failed; the token table is unchanged")]
    public static partial void WriteFailed(ILogger logger, string method, string path, Exception exception);
}
