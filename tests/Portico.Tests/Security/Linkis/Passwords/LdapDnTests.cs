using Portico.Security.Linkis.Passwords;

namespace Portico.Tests.Security.Linkis.Passwords;

public class LdapDnTests
{
    [Theory]
    [InlineData("alice", "alice")]
    [InlineData("a,ou=admins", @"a\,ou\=admins")]
    [InlineData("x+cn=y", @"x\+cn\=y")]
    [InlineData("\"q\";<>\\", @"\""q\""\;\<\>\\")]
    [InlineData("#lead", @"\#lead")]
    [InlineData(" both ", @"\ both\ ")]
    [InlineData("mid#dle", "mid#dle")]
    [InlineData("nul\0", @"nul\00")]
    [InlineData("*)(uid=*", @"*)(uid\=*")]
    public void EscapeValue_Rfc4514Specials_AreEscaped(string value, string expected)
    {
        Assert.Equal(expected, LdapDn.EscapeValue(value));
    }

    [Fact]
    public void BindName_Format_ReplacesEveryPlaceholderWithEscapedName()
    {
        Assert.Equal(@"uid=a\,b,ou=people,dc=x;cn=a\,b", LdapDn.BindName("uid=%s,ou=people,dc=x;cn=%s", "a,b"));
    }

    [Fact]
    public void BindName_NoFormat_IsTheBareName()
    {
        Assert.Equal(@"CORP\alice", LdapDn.BindName("", @"CORP\alice"));
    }
}
