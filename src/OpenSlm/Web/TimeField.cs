using NodaTime;
using NodaTime.Text;

namespace OpenSlm.Web;

/// <summary>
/// A date and time typed into a form: local to a zone (a calendar's, or the display zone), as people write it, or with an
/// offset or Z for the instant itself; and an instant shown so that it reads back the same.
/// </summary>
public static class TimeField
{
    private static readonly LocalDateTimePattern LocalMinutes = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd HH':'mm");
    private static readonly LocalDateTimePattern LocalSeconds = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd HH':'mm':'ss");
    private static readonly OffsetPattern Offset = OffsetPattern.CreateWithInvariantCulture("+HH:mm");
    private static readonly OffsetDateTimePattern WithOffset = OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd HH':'mm':'ss.FFFFFFFFFo<Z+HH:mm>");

    /// <summary>
    /// An instant as a form shows it: the local time in the zone given ("2026-03-15 01:00", seconds
    /// only when it has some); with its offset ("2026-10-25 01:30+01:00") when that local time happens twice there, so
    /// that what is shown reads back as the same instant.
    /// </summary>
    public static string Show(Instant instant, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = instant.InZone(zone);
        var whole = local.LocalDateTime.Second == 0 && local.LocalDateTime.NanosecondOfSecond == 0;
        var text = (whole ? LocalMinutes : LocalSeconds).Format(local.LocalDateTime);
        return zone.MapLocal(local.LocalDateTime).Count == 1 ? text : text + Offset.Format(local.Offset);
    }

    /// <summary>
    /// An instant as typed into a form: a local time in the zone given ("2026-03-15 01:00", a T or seconds
    /// allowed), or a time with its offset or Z, which says the instant itself. A local time the clocks skip there is
    /// refused, and one they pass twice asks for its offset: neither is guessed.
    /// </summary>
    public static (Instant? Instant, string? Error) Parse(string? text, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var t = text?.Trim().Replace('T', ' ') ?? string.Empty;
        if (t.Length == 0)
        {
            return (null, $"a date and time is needed: YYYY-MM-DD HH:MM in {zone.Id}, e.g. 2026-03-15 01:00.");
        }
        if (t.Length > 40)
        {
            return (null, "is too long for a date and time: expected e.g. 2026-03-15 01:00.");
        }
        if (t.Length == 16 || t.Length == 19)
        {
            var local = (t.Length == 16 ? LocalMinutes : LocalSeconds).Parse(t);
            if (local.Success)
            {
                var mapped = zone.MapLocal(local.Value);
                return mapped.Count switch
                {
                    1 => (mapped.Single().ToInstant(), null),
                    0 => (null, $"'{text!.Trim()}' does not happen in {zone.Id}: the clocks go forward over it. Give a time before or after, or an offset."),
                    _ => (null, $"'{text!.Trim()}' happens twice in {zone.Id} (the clocks go back): add which, e.g. {LocalMinutes.Format(local.Value)}{Offset.Format(mapped.First().Offset)} or {LocalMinutes.Format(local.Value)}{Offset.Format(mapped.Last().Offset)}."),
                };
            }
        }
        var withSeconds = t.Length >= 17 && t[16] is '+' or '-' or 'Z' or 'z' ? t[..16] + ":00" + t[16..] : t;
        var offset = WithOffset.Parse(withSeconds.Replace('z', 'Z'));
        return offset.Success
            ? (offset.Value.ToInstant(), null)
            : (null, $"'{text!.Trim()}' is not a date and time: expected YYYY-MM-DD HH:MM in {zone.Id}, e.g. 2026-03-15 01:00, or with an offset (+01:00) or Z.");
    }
}
