using System.Globalization;
using System.Text;

namespace Portico.Labels;

/// <summary>
/// The texts of Linkis's instance-label REST API (<c>InstanceRestful</c>, error code 14100), exactly as Linkis writes
/// them, typos included. Defined once here and used by code and tests alike.
/// </summary>
public static class LinkisLabelTexts
{
    /// <summary>The Linkis error code of the instance-label service.</summary>
    public const int ErrorCode = 14100;

    /// <summary>Listing all instances needs the administrator.</summary>
    public const string OnlyAdminCanView = "Only admin can view all instances(只有管理员才能查看所有实例).";

    /// <summary>Changing labels needs the administrator.</summary>
    public const string OnlyAdminCanModify = "Only admin can modify instance label(只有管理员才能修改标签).";

    /// <summary>A label key appears twice in a <c>PUT instanceLabel</c> body.</summary>
    public const string IncludeRepeat = "Failed to update label, include repeat label(更新label失败，包含重复label)";

    /// <summary>The body names no instance (Linkis's text, without its closing parenthesis).</summary>
    public const string InstanceEmpty = "instance cannot be empty(实例名不能为空";

    /// <summary>The body names no application (Linkis's text: it says "instance" too).</summary>
    public const string ApplicationEmpty = "instance cannot be empty(实例类型不能为空";

    /// <summary>A route value holding Linkis's label value separator <c>-</c> (Linkis's <c>RouteLabel.valueCheck</c>).</summary>
    public const string RouteValueInvalid = "标签route的值设置错误，只能设置1个值，并且不能使用符号-";

    /// <summary>How Linkis's REST layer (<c>catchIt</c>) words a coded error: {0} = code, {1} = description.</summary>
    public const string CodedErrorFormat = "error code(错误码): {0}, error message(错误信息): {1}.";

    /// <summary>The answer to a non-administrator asking for all instances.</summary>
    public static string NotAdminToView(string? user) =>
        Coded(OnlyAdminCanView + string.Format(CultureInfo.InvariantCulture, "The user [{0}] is not admin.", user ?? "null"));

    /// <summary>The answer to a non-administrator changing labels.</summary>
    public static string NotAdminToModify(string? user) =>
        Coded(OnlyAdminCanModify + string.Format(CultureInfo.InvariantCulture, " The user [{0}] is not admin", user ?? "null"));

    /// <summary>The answer to a body that repeats a label key.</summary>
    public static string RepeatedLabel() => Coded(IncludeRepeat);

    private static readonly CompositeFormat CodedError = CompositeFormat.Parse(CodedErrorFormat);

    private static string Coded(string description) =>
        string.Format(CultureInfo.InvariantCulture, CodedError, ErrorCode, description);
}
