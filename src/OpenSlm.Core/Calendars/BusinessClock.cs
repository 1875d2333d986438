using NodaTime;
using NodaTime.TimeZones;

namespace OpenSlm.Core.Calendars;

/// <summary>
/// Business time on a calendar: how much service time lies between two instants, and which instant
/// a given amount of service time after a start reaches (a deadline).
/// </summary>
/// <remarks>
/// <para>The calendar's open time is the union of its weekly ranges [open, close) on every local date
/// that is not a holiday, converted to instants in its zone, minus its exclusions [start, end).
/// <see cref="Between"/> is the length of [a, b) ∩ open time (half-open, so an instant at closing
/// time is outside); <see cref="Add"/> returns the earliest instant whose business time from the start
/// reaches the duration, so a deadline used up exactly at closing time is that closing time, not the
/// next opening.</para>
/// <para>Service hours are wall-clock hours: an instant is open when the calendar's local time at that
/// instant falls in one of the day's ranges. So on a spring-forward day a skipped hour adds no open
/// time, and on a fall-back day a repeated hour counts twice if it lies in a range. A range ending at
/// 24:00 runs to the next local midnight; ranges that touch across midnight join.</para>
/// <para>The open time is compiled lazily, whole years at a time, into sorted interval bounds with prefix
/// sums, so each operation is one or two binary searches. Instances are immutable and thread-safe; the
/// compiled years grow on demand. Resolution is one tick (100 ns).</para>
/// </remarks>
public sealed class BusinessClock
{
    private const int MinYear = 2;
    private const int MaxYear = 9997;
    private const long TicksPerSecond = TimeSpan.TicksPerSecond;
    private const long MaxOffsetTicks = 18 * TimeSpan.TicksPerHour;

    private readonly DateTimeZone _zone;
    private readonly WeeklyHours _hours;
    private readonly HashSet<LocalDate> _holidays;
    private readonly (long Start, long End)[] _exclusions;
    private volatile Compiled? _compiled;

    private BusinessClock(DateTimeZone zone, WeeklyHours hours, IEnumerable<LocalDate> holidays, IEnumerable<(Instant Start, Instant End)> exclusions)
    {
        _zone = zone;
        _hours = hours;
        _holidays = [.. holidays];
        _exclusions = [.. exclusions.Where(e => e.End > e.Start)
            .Select(e => (e.Start.ToUnixTimeTicks(), e.End.ToUnixTimeTicks()))
            .OrderBy(e => e.Item1)];
        IsAlwaysOpen = _holidays.Count == 0 && _exclusions.Length == 0 && Enum.GetValues<IsoDayOfWeek>()
            .Where(d => d != IsoDayOfWeek.None)
            .All(d => hours.For(d) is [{ Start: 0, End: TimeRange.SecondsPerDay }]);
    }

    /// <summary>The clock of a validated calendar, with the exclusions that apply to <paramref name="services"/>
    /// (an exclusion naming no service applies to all; one naming services applies when one of them is listed).</summary>
    public static BusinessClock For(CalendarSpec calendar, IReadOnlyCollection<string>? services = null)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(calendar.TimeZone)
            ?? throw new ArgumentException($"'{calendar.TimeZone}' is not a known IANA time zone.", nameof(calendar));
        services ??= [];
        var exclusions = calendar.Exclusions
            .Where(e => e.AppliesTo(services))
            .Select(e => (e.Start, e.End));
        return new BusinessClock(zone, calendar.Hours, calendar.Holidays.Select(h => h.Date), exclusions);
    }

    /// <summary>A clock over <paramref name="hours"/> in <paramref name="zone"/>, with holidays and [start, end) exclusions.</summary>
    public static BusinessClock Of(DateTimeZone zone, WeeklyHours hours, IEnumerable<LocalDate>? holidays = null, IEnumerable<(Instant Start, Instant End)>? exclusions = null) =>
        new(zone, hours, holidays ?? [], exclusions ?? []);

    /// <summary>Open every day all day, in UTC, with nothing excluded.</summary>
    public static BusinessClock AlwaysOpen { get; } = Of(DateTimeZone.Utc, WeeklyHours.AlwaysOpen);

    /// <summary>The calendar's zone.</summary>
    public DateTimeZone Zone => _zone;

    /// <summary>Whether every instant is open time (24x7 with no holiday and no exclusion).</summary>
    public bool IsAlwaysOpen { get; }

    /// <summary>
    /// The business time in [<paramref name="from"/>, <paramref name="to"/>); negative when
    /// <paramref name="to"/> is before <paramref name="from"/> (the same amount, with the sign turned), so
    /// Between(a, b) + Between(b, c) = Between(a, c) for any three instants.
    /// </summary>
    public Duration Between(Instant from, Instant to)
    {
        var a = from.ToUnixTimeTicks();
        var b = to.ToUnixTimeTicks();
        var c = Covering(Math.Min(a, b), Math.Max(a, b));
        return Duration.FromTicks(c.Before(b) - c.Before(a));
    }

    /// <summary>The business time in [<paramref name="from"/>, <paramref name="to"/>) in ticks; see <see cref="Between"/>.</summary>
    public long BetweenTicks(long from, long to)
    {
        var c = Covering(Math.Min(from, to), Math.Max(from, to));
        return c.Before(to) - c.Before(from);
    }

    /// <summary>
    /// The earliest instant t with Between(<paramref name="start"/>, t) = <paramref name="businessTime"/>:
    /// the deadline of a target of that much business time started at <paramref name="start"/>. Zero returns
    /// <paramref name="start"/>.
    /// </summary>
    public Instant Add(Instant start, Duration businessTime)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(businessTime, Duration.Zero);
        return Instant.FromUnixTimeTicks(AddTicks(start.ToUnixTimeTicks(), businessTime.BclCompatibleTicks));
    }

    /// <summary>Ticks form of <see cref="Add"/>.</summary>
    public long AddTicks(long start, long businessTicks)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(businessTicks);
        if (businessTicks == 0)
        {
            return start;
        }
        var c = Covering(start, start);
        var target = c.Before(start) + businessTicks;
        while (target > c.Cum[^1])
        {
            // Not enough open time compiled: reach further ahead, at least by the shortfall's worth of years.
            var years = c.LastYear - c.FirstYear + 1;
            var perYear = Math.Max(1, c.Cum[^1] / years);
            var more = (int)Math.Min(MaxYear, ((target - c.Cum[^1]) / perYear) + 1);
            if (c.LastYear >= MaxYear)
            {
                throw new ArgumentOutOfRangeException(nameof(businessTicks), "The deadline lies beyond the calendar's last year (9997).");
            }
            var grown = Grow(c, c.FirstYear, Math.Min(MaxYear, c.LastYear + Math.Max(more, years)));
            target = grown.Before(start) + businessTicks;
            c = grown;
        }
        // The interval whose prefix sum first reaches the target: Cum[i] < target <= Cum[i + 1].
        var i = LowerBound(c.Cum, target) - 1;
        return c.Opens[i] + (target - c.Cum[i]);
    }

    /// <summary>Whether <paramref name="t"/> is open time (inside [open, close) of some range, not excluded).</summary>
    public bool IsOpen(Instant t)
    {
        var x = t.ToUnixTimeTicks();
        var c = Covering(x, x);
        var i = UpperBound(c.Opens, x) - 1;
        return i >= 0 && x < c.Closes[i];
    }

    /// <summary>The open intervals [open, close) that meet [<paramref name="from"/>, <paramref name="to"/>), clipped to it, in order.</summary>
    public IReadOnlyList<(Instant Start, Instant End)> OpenIntervals(Instant from, Instant to)
    {
        var a = from.ToUnixTimeTicks();
        var b = to.ToUnixTimeTicks();
        if (b <= a)
        {
            return [];
        }
        var c = Covering(a, b);
        var result = new List<(Instant, Instant)>();
        for (var i = Math.Max(0, UpperBound(c.Opens, a) - 1); i < c.Opens.Length && c.Opens[i] < b; i++)
        {
            var s = Math.Max(a, c.Opens[i]);
            var e = Math.Min(b, c.Closes[i]);
            if (e > s)
            {
                result.Add((Instant.FromUnixTimeTicks(s), Instant.FromUnixTimeTicks(e)));
            }
        }
        return result;
    }

    /// <summary>The closed time (complement of the open intervals) within [<paramref name="from"/>, <paramref name="to"/>), as [start, end) periods.</summary>
    public IReadOnlyList<(Instant Start, Instant End)> ClosedIntervals(Instant from, Instant to)
    {
        var result = new List<(Instant, Instant)>();
        var cursor = from;
        foreach (var (s, e) in OpenIntervals(from, to))
        {
            if (s > cursor)
            {
                result.Add((cursor, s));
            }
            cursor = e;
        }
        if (to > cursor)
        {
            result.Add((cursor, to));
        }
        return result;
    }

    private Compiled Covering(long from, long to)
    {
        var c = _compiled;
        if (c is not null && from >= c.From && to <= c.To)
        {
            return c;
        }
        // One year of margin either side of the UTC year covers any zone offset.
        var first = YearOf(from) - 1;
        var last = YearOf(to) + 1;
        if (first < MinYear || last > MaxYear)
        {
            throw new ArgumentOutOfRangeException(nameof(from), "Business time is computed for the years 3 to 9996.");
        }
        if (c is null)
        {
            // Compiled lazily, around the first instants asked about: a clock built per request costs little.
            c = Compile(first, last);
            _compiled = c;
            return c;
        }
        return Grow(c, Math.Min(first, c.FirstYear), Math.Max(last, c.LastYear));
    }

    private Compiled Grow(Compiled current, int firstYear, int lastYear)
    {
        // Grow geometrically, so instants creeping forward do not recompile every time.
        var span = current.LastYear - current.FirstYear + 1;
        if (firstYear < current.FirstYear)
        {
            firstYear = Math.Max(MinYear, Math.Min(firstYear, current.FirstYear - span));
        }
        if (lastYear > current.LastYear)
        {
            lastYear = Math.Min(MaxYear, Math.Max(lastYear, current.LastYear + span));
        }
        var grown = Compile(firstYear, lastYear);
        _compiled = grown;
        return grown;
    }

    private static int YearOf(long ticks) => Instant.FromUnixTimeTicks(ticks).InUtc().Year;

    private Compiled Compile(int firstYear, int lastYear)
    {
        var intervals = new List<(long Open, long Close)>();
        for (var date = new LocalDate(firstYear, 1, 1); date.Year <= lastYear; date = date.PlusDays(1))
        {
            if (_holidays.Contains(date))
            {
                continue;
            }
            var midnight = date.AtMidnight().InUtc().ToInstant().ToUnixTimeTicks();
            foreach (var range in _hours.For(date.DayOfWeek))
            {
                AddWallClockSpan(intervals, midnight + (range.Start * TicksPerSecond), midnight + (range.End * TicksPerSecond));
            }
        }
        intervals.Sort();

        var opens = new List<long>(intervals.Count);
        var closes = new List<long>(intervals.Count);
        var x = 0;
        foreach (var (open, close) in intervals)
        {
            // Cut the exclusions out of [open, close); the exclusions are sorted by start.
            var s = open;
            while (x < _exclusions.Length && _exclusions[x].End <= s)
            {
                x++;
            }
            for (var k = x; k < _exclusions.Length && _exclusions[k].Start < close && s < close; k++)
            {
                var (es, ee) = _exclusions[k];
                if (ee <= s)
                {
                    continue;
                }
                if (es > s)
                {
                    Append(opens, closes, s, es);
                }
                s = Math.Max(s, ee);
            }
            if (s < close)
            {
                Append(opens, closes, s, close);
            }
        }
        var cum = new long[opens.Count + 1];
        for (var i = 0; i < opens.Count; i++)
        {
            cum[i + 1] = cum[i] + (closes[i] - opens[i]);
        }
        return new Compiled([.. opens], [.. closes], cum, firstYear, lastYear,
            FirstInstantAtOrAfter(new LocalDate(firstYear, 1, 1).AtMidnight()),
            FirstInstantAtOrAfter(new LocalDate(lastYear, 12, 31).AtMidnight().PlusDays(1)));
    }

    private static void Append(List<long> opens, List<long> closes, long open, long close)
    {
        if (opens.Count > 0 && open <= closes[^1])
        {
            closes[^1] = Math.Max(closes[^1], close);
            return;
        }
        opens.Add(open);
        closes.Add(close);
    }

    /// <summary>
    /// Adds the instants whose wall-clock time lies in the local span [<paramref name="localStart"/>,
    /// <paramref name="localEnd"/>) (local ticks as if UTC): one piece per zone offset the span meets, so a
    /// skipped hour adds nothing and a repeated hour counts twice.
    /// </summary>
    private void AddWallClockSpan(List<(long, long)> intervals, long localStart, long localEnd)
    {
        // Far from any transition (no offset change within ±18 h, the widest offset) one offset maps the whole span.
        var zone = _zone.GetZoneInterval(Instant.FromUnixTimeTicks(localStart));
        var offset = zone.WallOffset.Ticks;
        if (Inside(zone, localStart - MaxOffsetTicks) && Inside(zone, localEnd + MaxOffsetTicks))
        {
            intervals.Add((localStart - offset, localEnd - offset));
            return;
        }
        // Near a transition: walk every zone interval that can hold such an instant.
        var last = localEnd + MaxOffsetTicks;
        for (var z = _zone.GetZoneInterval(Instant.FromUnixTimeTicks(localStart - MaxOffsetTicks)); ; z = _zone.GetZoneInterval(z.End))
        {
            var off = z.WallOffset.Ticks;
            var s = Math.Max(localStart - off, z.HasStart ? z.Start.ToUnixTimeTicks() : long.MinValue);
            var e = Math.Min(localEnd - off, z.HasEnd ? z.End.ToUnixTimeTicks() : long.MaxValue);
            if (e > s)
            {
                intervals.Add((s, e));
            }
            if (!z.HasEnd || z.End.ToUnixTimeTicks() > last)
            {
                break;
            }
        }
    }

    private static bool Inside(ZoneInterval zone, long ticks) =>
        (!zone.HasStart || zone.Start.ToUnixTimeTicks() <= ticks) && (!zone.HasEnd || ticks <= zone.End.ToUnixTimeTicks());

    /// <summary>The first instant whose wall-clock time is at or after <paramref name="local"/>.</summary>
    private long FirstInstantAtOrAfter(LocalDateTime local) => _zone.ResolveLocal(local, Resolvers.LenientResolver).ToInstant().ToUnixTimeTicks();

    /// <summary>Index of the first element ≥ <paramref name="value"/>.</summary>
    private static int LowerBound(long[] sorted, long value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (int)((uint)(lo + hi) >> 1);
            if (sorted[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }

    /// <summary>Index of the first element &gt; <paramref name="value"/>.</summary>
    private static int UpperBound(long[] sorted, long value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (int)((uint)(lo + hi) >> 1);
            if (sorted[mid] <= value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }

    /// <summary>Open intervals of whole years [FirstYear, LastYear] with prefix sums; valid for instants in [From, To].</summary>
    private sealed record Compiled(long[] Opens, long[] Closes, long[] Cum, int FirstYear, int LastYear, long From, long To)
    {
        /// <summary>Business ticks in [From, t).</summary>
        public long Before(long t)
        {
            var i = UpperBound(Opens, t) - 1;
            return i < 0 ? 0 : Cum[i] + Math.Min(t, Closes[i]) - Opens[i];
        }
    }
}
