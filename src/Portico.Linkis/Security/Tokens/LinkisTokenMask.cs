namespace Portico.Security.Linkis.Tokens;

/// <summary>
/// The display form of a token (D10): its first four characters followed by <c>***</c>. A token shorter than eight
/// characters shows only its first half, so that a mask never gives away most of a token.
/// </summary>
public static class LinkisTokenMask
{
    /// <summary>What follows the visible characters.</summary>
    public const string Suffix = "***";

    /// <summary>The most characters a mask shows.</summary>
    public const int VisibleCharacters = 4;

    /// <summary>The mask of <paramref name="token"/>; <c>null</c> for a null token, as Linkis prints it.</summary>
    public static string Mask(string? token)
    {
        if (token is null)
        {
            return "null";
        }

        var visible = Math.Min(VisibleCharacters, token.Length / 2);
        return string.Concat(token.AsSpan(0, visible), Suffix);
    }

    /// <summary>Whether <paramref name="text"/> has the shape of a mask (it ends with <see cref="Suffix"/>).</summary>
    public static bool LooksMasked(string text) => text.EndsWith(Suffix, StringComparison.Ordinal);
}
