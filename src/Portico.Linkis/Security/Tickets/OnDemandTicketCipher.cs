using Microsoft.Extensions.Logging;

namespace Portico.Security.Linkis.Tickets;

/// <summary>The ticket cipher of the configured crypt key, whose key is checked on first use (a bad key throws then).</summary>
internal sealed class OnDemandTicketCipher(ILinkisSecuritySettings settings, ILogger<LinkisTicketCipher> logger)
    : OnDemandResource<LinkisTicketCipher>, ILinkisTicketCipher
{
    public string Issue(string userName, DateTimeOffset loginTime) => Open().Issue(userName, loginTime);

    public LinkisTicketReadResult Read(string? ticket) => Open().Read(ticket);

    protected override LinkisTicketCipher Create() => LinkisSecurityRegistration.CreateCipher(settings, logger);
}
