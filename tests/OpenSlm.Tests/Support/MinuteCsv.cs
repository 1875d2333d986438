using System.Net;
using System.Text;
using NodaTime;
using NodaTime.Text;

namespace OpenSlm.Tests.Support;

/// <summary>Measurements a minute apart, posted as CSV the way a feed would send them.</summary>
internal static class MinuteCsv
{
    /// <summary>
    /// One measurement a minute of <paramref name="indicator"/> for the <paramref name="minutes"/> minutes ending at
    /// <paramref name="end"/>, 1,000 events each, of which <paramref name="bad"/>(minutes before the end) are bad.
    /// </summary>
    public static string Rows(string indicator, Instant end, int minutes, Func<int, int> bad)
    {
        var csv = new StringBuilder("timestamp,indicator,bad,total\n");
        for (var ago = minutes - 1; ago >= 0; ago--)
        {
            csv.Append(InstantPattern.ExtendedIso.Format(end - Duration.FromMinutes(ago))).Append(',').Append(indicator).Append(',').Append(bad(ago)).Append(",1000\n");
        }
        return csv.ToString();
    }

    /// <summary>Posts <see cref="Rows"/> to the API and checks they were stored.</summary>
    public static async Task PostAsync(ApiHost api, string indicator, Instant end, int minutes, Func<int, int> bad)
    {
        var response = await api.Client.PostAsync("/api/v1/measurements", new StringContent(Rows(indicator, end, minutes, bad), Encoding.UTF8, "text/csv"));
        Xunit.Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }
}
