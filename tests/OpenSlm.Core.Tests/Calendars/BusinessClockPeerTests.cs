using System.Globalization;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;
using OpenSlm.Benchmarks;
using OpenSlm.Core.Calendars;
using OpenSlm.Testing;

namespace OpenSlm.Core.Tests.Calendars;

/// <summary>
/// Cross-checks against the answers the peer tools gave for the same 20,000 pairs
/// (bench/peers/w2/ref): Perl Business::Hours (Request Tracker's SLA engine),
/// moment-business-time, and an independent interval-arithmetic oracle. docs/business-time.md explains
/// each disagreement.
/// </summary>
public sealed class BusinessClockPeerTests
{
    private static readonly string Ref = RepositoryPaths.InPeers("w2", "ref");

    private static List<string[]> Rows(string file) =>
        [.. File.ReadLines(Path.Combine(Ref, file)).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(','))];

    [Fact]
    public void Agrees_with_the_oracle_and_moment_business_time_and_differs_from_business_hours_only_where_explained()
    {
        var (clock, deadlineSeconds) = PeerCalendar.Read(Path.Combine(Ref, "calendar.json"));
        var pairs = Rows("pairs.csv");
        var oracle = Rows("oracle.csv");
        var node = Rows("node_moment_business_time.csv");
        var perl = Rows("perl_business_hours.csv");
        Assert.Equal(20_000, pairs.Count);
        var deadline = Duration.FromSeconds(deadlineSeconds);
        int perlEndInclusive = 0, perlNextOpening = 0;
        for (var i = 0; i < pairs.Count; i++)
        {
            var a = Instant.FromUnixTimeSeconds(long.Parse(pairs[i][3], CultureInfo.InvariantCulture));
            var b = Instant.FromUnixTimeSeconds(long.Parse(pairs[i][4], CultureInfo.InvariantCulture));
            var between = (long)clock.Between(a, b).TotalSeconds;
            var due = clock.Add(a, deadline).ToUnixTimeSeconds();
            var context = $"pair {pairs[i][0]} ({pairs[i][5]})";

            Assert.True(between == long.Parse(oracle[i][1], CultureInfo.InvariantCulture), $"{context}: between {between} vs oracle {oracle[i][1]}");
            Assert.True(between == long.Parse(node[i][1], CultureInfo.InvariantCulture), $"{context}: between {between} vs moment-business-time {node[i][1]}");
            Assert.True(due == long.Parse(oracle[i][2], CultureInfo.InvariantCulture), $"{context}: deadline {due} vs oracle {oracle[i][2]}");
            Assert.True(due == long.Parse(node[i][2], CultureInfo.InvariantCulture), $"{context}: deadline {due} vs moment-business-time {node[i][2]}");

            // Business::Hours counts the end second too when the end lies in service hours ([a, b] not [a, b)).
            var perlBetween = long.Parse(perl[i][1], CultureInfo.InvariantCulture);
            if (perlBetween != between)
            {
                Assert.True(perlBetween == between + 1 && clock.IsOpen(b), $"{context}: Business::Hours {perlBetween} vs {between}");
                perlEndInclusive++;
            }
            // Business::Hours moves a deadline that falls exactly at closing time to the next opening.
            var perlDue = Instant.FromUnixTimeSeconds(long.Parse(perl[i][2], CultureInfo.InvariantCulture));
            if (perlDue.ToUnixTimeSeconds() != due)
            {
                var dueAt = Instant.FromUnixTimeSeconds(due);
                var nextOpening = clock.OpenIntervals(dueAt, dueAt + Duration.FromDays(10))[0].Start;
                Assert.True(!clock.IsOpen(dueAt) && perlDue == nextOpening, $"{context}: Business::Hours deadline {perlDue} vs {dueAt}");
                perlNextOpening++;
            }
        }
        // The counts the peers' own comparison found (results/compare_ref.json).
        Assert.Equal(4756, perlEndInclusive);
        Assert.Equal(63, perlNextOpening);
    }
}
