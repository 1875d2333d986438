using NodaTime;
using OpenSlm.Core.Catalogue;
using OpenSlm.Core.Validation;

namespace OpenSlm.Core.Calendars;

/// <summary>The service hours of each day of the week, in the calendar's time zone.</summary>
public sealed record WeeklyHours
{
    /// <summary>Service hours on Mondays.</summary>
    public IReadOnlyList<TimeRange> Monday { get; init; } = [];

    /// <summary>Service hours on Tuesdays.</summary>
    public IReadOnlyList<TimeRange> Tuesday { get; init; } = [];

    /// <summary>Service hours on Wednesdays.</summary>
    public IReadOnlyList<TimeRange> Wednesday { get; init; } = [];

    /// <summary>Service hours on Thursdays.</summary>
    public IReadOnlyList<TimeRange> Thursday { get; init; } = [];

    /// <summary>Service hours on Fridays.</summary>
    public IReadOnlyList<TimeRange> Friday { get; init; } = [];

    /// <summary>Service hours on Saturdays.</summary>
    public IReadOnlyList<TimeRange> Saturday { get; init; } = [];

    /// <summary>Service hours on Sundays.</summary>
    public IReadOnlyList<TimeRange> Sunday { get; init; } = [];

    /// <summary>Every day open all day: the 24x7 calendar's hours.</summary>
    public static WeeklyHours AlwaysOpen { get; } = Every([new TimeRange(0, TimeRange.SecondsPerDay)]);

    /// <summary>The same ranges on every day of the week.</summary>
    public static WeeklyHours Every(IReadOnlyList<TimeRange> ranges) => new()
    {
        Monday = ranges,
        Tuesday = ranges,
        Wednesday = ranges,
        Thursday = ranges,
        Friday = ranges,
        Saturday = ranges,
        Sunday = ranges,
    };

    /// <summary>The ranges of one ISO day of the week.</summary>
    public IReadOnlyList<TimeRange> For(IsoDayOfWeek day) => day switch
    {
        IsoDayOfWeek.Monday => Monday,
        IsoDayOfWeek.Tuesday => Tuesday,
        IsoDayOfWeek.Wednesday => Wednesday,
        IsoDayOfWeek.Thursday => Thursday,
        IsoDayOfWeek.Friday => Friday,
        IsoDayOfWeek.Saturday => Saturday,
        IsoDayOfWeek.Sunday => Sunday,
        _ => throw new ArgumentOutOfRangeException(nameof(day), day, "Not an ISO day of the week."),
    };

    /// <summary>Reports overlapping ranges within a day, and a week with no service hours at all.</summary>
    public void Validate(Problems problems)
    {
        var total = 0L;
        foreach (var day in Enum.GetValues<IsoDayOfWeek>().Where(d => d != IsoDayOfWeek.None))
        {
            var ranges = For(day);
            var field = day.ToString().ToLowerInvariant();
            for (var i = 0; i < ranges.Count; i++)
            {
                total += ranges[i].Seconds;
                for (var j = 0; j < i; j++)
                {
                    if (ranges[i].Overlaps(ranges[j]))
                    {
                        problems.At(field).At(i).Add($"{ranges[i]} overlaps {ranges[j]} (item {j}): the ranges of one day must not overlap.");
                    }
                }
            }
        }
        if (total == 0)
        {
            problems.Add("has no service hours on any day: give at least one range, for example monday: [\"09:00-17:00\"] (00:00-24:00 every day for 24x7).");
        }
    }
}

/// <summary>A named day on which the service hours do not apply.</summary>
public sealed record Holiday
{
    /// <summary>The local date of the holiday.</summary>
    public LocalDate Date { get; init; }

    /// <summary>What the day is, for example "Christmas Day".</summary>
    public string Name { get; init; } = string.Empty;
}

/// <summary>Why a period is excluded.</summary>
public enum ExclusionKind
{
    /// <summary>Agreed, announced maintenance.</summary>
    PlannedMaintenance,

    /// <summary>A disruption the parties agreed not to count.</summary>
    AgreedDisruption,

    /// <summary>Any other agreed reason.</summary>
    Other,
}

/// <summary>A period [Start, End) agreed not to count: neither good nor bad.</summary>
public sealed record Exclusion
{
    /// <summary>A unique name within the calendar.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>First instant excluded.</summary>
    public Instant Start { get; init; }

    /// <summary>First instant counted again.</summary>
    public Instant End { get; init; }

    /// <summary>Why it is excluded.</summary>
    public ExclusionKind Kind { get; init; } = ExclusionKind.PlannedMaintenance;

    /// <summary>Free text, for example a change ticket.</summary>
    public string? Reason { get; init; }

    /// <summary>When not empty, the exclusion counts only for objectives on these services.</summary>
    public IReadOnlyList<string> Services { get; init; } = [];

    /// <summary>Whether the exclusion applies to an agreement covering <paramref name="services"/>: it names none of its
    /// own (it applies to every service), or one of them.</summary>
    public bool AppliesTo(IEnumerable<string> services) => Services.Count == 0 || Services.Any(services.Contains);
}

/// <summary>A calendar: which time counts, in which time zone.</summary>
public sealed record CalendarSpec : ISpec
{
    /// <inheritdoc />
    public static ResourceKind Kind => ResourceKind.Calendar;

    /// <summary>An IANA time zone id, for example Europe/London; "UTC" is allowed.</summary>
    public string TimeZone { get; init; } = "UTC";

    /// <summary>Free text.</summary>
    public string? Description { get; init; }

    /// <summary>Weekly service hours in local time.</summary>
    public WeeklyHours Hours { get; init; } = WeeklyHours.AlwaysOpen;

    /// <summary>Dated days on which no service hours apply.</summary>
    public IReadOnlyList<Holiday> Holidays { get; init; } = [];

    /// <summary>Periods that do not count.</summary>
    public IReadOnlyList<Exclusion> Exclusions { get; init; } = [];

    /// <inheritdoc />
    public void Validate(Problems problems)
    {
        if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(TimeZone) is null)
        {
            problems.Add("timeZone", $"'{TimeZone}' is not a known IANA time zone: expected an id such as Europe/London, America/New_York or UTC.");
        }
        Hours.Validate(problems.At("hours"));
        var dates = new HashSet<LocalDate>();
        for (var i = 0; i < Holidays.Count; i++)
        {
            var p = problems.At("holidays").At(i);
            p.Require("name", Holidays[i].Name, "what the holiday is");
            if (!dates.Add(Holidays[i].Date))
            {
                p.Add("date", $"{Holidays[i].Date:yyyy'-'MM'-'dd} is listed twice.");
            }
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Exclusions.Count; i++)
        {
            var e = Exclusions[i];
            var p = problems.At("exclusions").At(i);
            if (ResourceName.Check(e.Name) is { } error)
            {
                p.Add("name", error);
            }
            else if (!names.Add(e.Name))
            {
                p.Add("name", $"'{e.Name}' is used by another exclusion of this calendar.");
            }
            if (e.End <= e.Start)
            {
                p.Add("end", $"must be after start ({e.Start}); the period is [start, end).");
            }
            Checks.Names(p, "services", e.Services);
        }
    }

    /// <inheritdoc />
    public IEnumerable<Reference> References() =>
        Exclusions.SelectMany((e, i) => e.Services.Select((s, j) =>
            new Reference(ResourceKind.Service, s, $"spec.exclusions[{i}].services[{j}]")));
}
