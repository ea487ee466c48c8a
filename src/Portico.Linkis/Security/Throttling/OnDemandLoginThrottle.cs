using Microsoft.Extensions.Logging;
using Portico.Security.Linkis.Sessions;

namespace Portico.Security.Linkis.Throttling;

/// <summary>
/// The login throttle, opened on first use where the sessions are kept: in their SQLite file, or in memory with them.
/// </summary>
internal sealed class OnDemandLoginThrottle(ILinkisSecuritySettings settings, TimeProvider time, ILogger<LoginThrottle> logger)
    : OnDemandResource<LoginThrottle>, ILoginThrottle
{
    public LoginThrottleDecision Check(string? userName, string? clientAddress) => Open().Check(userName, clientAddress);

    public void RecordFailure(string? userName, string? clientAddress) => Open().RecordFailure(userName, clientAddress);

    public void RecordSuccess(string? userName, string? clientAddress) => Open().RecordSuccess(userName, clientAddress);

    protected override LoginThrottle Create()
    {
        ILoginThrottlePersistence persistence = settings.Current.SessionPersistence == SessionPersistenceMode.Sqlite
            ? new SqliteLoginThrottlePersistence(settings.DataDirectory)
            : new MemoryLoginThrottlePersistence();
        return new LoginThrottle(settings, time, persistence, logger);
    }
}
