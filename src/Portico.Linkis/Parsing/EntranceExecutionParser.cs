namespace Portico.Linkis.Parsing;

/// <summary>
/// Job submission, <c>/api/{rest}/{v}/entrance/(execute|backgroundservice|submit|killJobs)</c>: the entrance
/// application without an instance, so that label routing and the load balancer choose one. Needs the body (labels).
/// </summary>
internal sealed class EntranceExecutionParser : ILinkisRequestParser
{
    public int Order => LinkisParserOrder.EntranceExecution;

    public bool WantsBody(LinkisRequestContext context) => Matches(context.ApiPath);

    public void Parse(LinkisRequestContext context)
    {
        var api = context.ApiPath;
        if (Matches(api) && context.CheckVersion(api.Version))
        {
            context.Target = context.Compiled.EntranceTarget;
        }
    }

    public override string ToString() => "[EntranceExecution]";

    private static bool Matches(LinkisApiPath api) =>
        api.IsMatch && api.Remainder is "entrance/execute" or "entrance/backgroundservice" or "entrance/submit" or "entrance/killJobs";
}
