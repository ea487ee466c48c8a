namespace Portico.Linkis.Parsing;

/// <summary>
/// Engine log download, <c>/api/{rest}/{v}/engineconnManager/downloadEngineLog</c>: the engine-conn manager, pinned to
/// the <c>emInstance</c> query parameter when it is given exactly once.
/// </summary>
internal sealed class EngineConnManagerRequestParser : ILinkisRequestParser
{
    public int Order => LinkisParserOrder.EngineConnManagerRequest;

    public bool WantsBody(LinkisRequestContext context) => false;

    public void Parse(LinkisRequestContext context)
    {
        var api = context.ApiPath;
        if (!api.IsMatch || !api.Remainder.SequenceEqual("engineconnManager/downloadEngineLog") || !context.CheckVersion(api.Version))
        {
            return;
        }

        var instance = context.SingleQueryValue("emInstance");
        context.Target = instance is null ? context.Compiled.EngineConnManagerTarget : new ServiceTarget(context.Settings.EngineConnManagerName, instance);
    }

    public override string ToString() => "[EngineConnManagerRequest]";
}
