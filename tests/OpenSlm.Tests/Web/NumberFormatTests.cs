using System.Globalization;
using OpenSlm.Core.Agreements;

namespace OpenSlm.Tests.Web;

/// <summary>Pages write numbers one way, with a point, whatever the server's locale.</summary>
public sealed class NumberFormatTests
{
    [Fact]
    public void Credit_terms_read_the_same_on_a_server_whose_locale_writes_decimal_commas()
    {
        var spec = new AgreementSpec { Credits = new CreditPolicy { Cap = 12.5m, Tiers = [new CreditTier { Below = 99.9m, Credit = 5 }, new CreditTier { Below = 99.5m, Credit = 10.25m }] } };
        var before = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            Assert.Equal("every objective without its own tiers: below 99.9 %: 5 %, below 99.5 %: 10.25 %; capped at 12.5 % a month",
                OpenSlm.Web.Pages.Agreements.CreditTerms(spec));
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }
}
