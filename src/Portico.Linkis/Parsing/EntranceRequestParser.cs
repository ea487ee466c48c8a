namespace Portico.Linkis.Parsing;

/// <summary>
/// Operations on a job, <c>/api/{rest}/{v}/entrance/&lt;execID&gt;/...</c>: the entrance instance encoded in the execID
/// (§2.5). <c>/entrance/operation.../...</c> goes to the entrance, pinned to the <c>instance</c> query parameter when
/// it is given exactly once. A malformed execID is answered with an error.
/// </summary>
internal sealed class EntranceRequestParser : ILinkisRequestParser
{
    private const string OperationPrefix = "operation";

    public int Order => LinkisParserOrder.EntranceRequest;

    public bool WantsBody(LinkisRequestContext context) => false;

    public void Parse(LinkisRequestContext context)
    {
        var api = context.ApiPath;
        if (!api.TryMatchSegmentAndMore("entrance/", out var execId) || !context.CheckVersion(api.Version))
        {
            return;
        }

        if (execId.StartsWith(OperationPrefix, StringComparison.Ordinal))
        {
            var instance = context.SingleQueryValue("instance");
            context.Target = instance is null ? context.Compiled.EntranceTarget : new ServiceTarget(context.Settings.EntranceName, instance);
            return;
        }

        if (ExecId.TryDecode(execId, out var target, out var error))
        {
            context.Target = target;
        }
        else
        {
            context.Fail(error!);
        }
    }

    public override string ToString() => "[EntranceRequest]";
}
