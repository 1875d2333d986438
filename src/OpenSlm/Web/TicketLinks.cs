namespace OpenSlm.Web;

/// <summary>
/// Where a ticket lives in the system it came from (ServiceNow, Jira…): <c>slm serve --ticket-url</c> with
/// <c>{ticket}</c> where the ticket's number goes, e.g. <c>https://acme.service-now.com/incident.do?sysparm_query=number={ticket}</c>.
/// Without one, tickets link only to their page here.
/// </summary>
public sealed class TicketLinks
{
    /// <summary>What marks the ticket's place in a template.</summary>
    public const string Placeholder = "{ticket}";

    private readonly string? _template;

    private TicketLinks(string? template) => _template = template;

    /// <summary>No source system configured.</summary>
    public static TicketLinks None { get; } = new(null);

    /// <summary>Whether tickets link to their source system.</summary>
    public bool Configured => _template is not null;

    /// <summary>The template read from the command line, or why it is refused.</summary>
    public static (TicketLinks? Links, string? Error) Parse(string? template)
    {
        if (string.IsNullOrWhiteSpace(template))
        {
            return (None, null);
        }
        var sample = template.Replace(Placeholder, "INC0000001", StringComparison.Ordinal);
        if (!template.Contains(Placeholder, StringComparison.Ordinal))
        {
            return (null, $"--ticket-url: '{template}' has no {Placeholder}: write where the ticket's number goes, for example https://acme.service-now.com/incident.do?sysparm_query=number={Placeholder}.");
        }
        if (template.Length > 2000 || !Uri.TryCreate(sample, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            return (null, $"--ticket-url: '{template}' is not an http(s) URL once {Placeholder} is filled in.");
        }
        return (new TicketLinks(template), null);
    }

    /// <summary>The ticket's address in its source system (its number escaped), or null when none is configured.</summary>
    public Uri? For(string ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return _template is null ? null : new Uri(_template.Replace(Placeholder, Uri.EscapeDataString(ticket), StringComparison.Ordinal));
    }
}
