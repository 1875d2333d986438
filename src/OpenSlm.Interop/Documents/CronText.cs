using Cronos;

namespace OpenSlm.Interop.Documents;

/// <summary>Cron expressions, read by Cronos: five fields (minute hour day-of-month month day-of-week).</summary>
public static class CronText
{
    /// <summary>The expression, parsed; null when it is not one.</summary>
    public static CronExpression? TryParse(string text) => CronExpression.TryParse(text, CronFormat.Standard, out var cron) ? cron : null;

    /// <summary>Why <paramref name="text"/> is not a cron expression; null when it is one.</summary>
    public static string? Check(string text)
    {
        try
        {
            CronExpression.Parse(text, CronFormat.Standard);
            return null;
        }
        catch (CronFormatException ex)
        {
            return $"'{text}' is not a cron expression ({ex.Message}): expected five fields, minute hour day-of-month month day-of-week, for example \"0 7 2 * *\".";
        }
    }
}
