namespace OpenSlm.Core.Catalogue;

/// <summary>The kinds of record that make up OpenSLM's state. Each is named and applied as code.</summary>
public enum ResourceKind
{
    /// <summary>A person who holds roles on services and agreements.</summary>
    Stakeholder,

    /// <summary>An organisation or business unit that receives services.</summary>
    Customer,

    /// <summary>An external party that underpins services by contract.</summary>
    Supplier,

    /// <summary>A time zone, weekly service hours, holidays and exclusions.</summary>
    Calendar,

    /// <summary>An entry of the service catalogue.</summary>
    Service,

    /// <summary>How delivered service is measured (an SLI).</summary>
    Indicator,

    /// <summary>An SLA, OLA, underpinning contract or expectation, with its versions.</summary>
    Agreement,

    /// <summary>Response and resolution targets for tickets, timed by clocks on a calendar.</summary>
    TicketPolicy,

    /// <summary>A report of an agreement or a customer, made and e-mailed on a schedule.</summary>
    ReportSchedule,

    /// <summary>A customer's service level requirement, with the offers that answer it.</summary>
    Requirement,

    /// <summary>One underlying cause behind breaches across objectives, services and periods.</summary>
    Problem,

    /// <summary>A service improvement plan: a goal on an objective, the actions to reach it, its measured effect.</summary>
    ImprovementPlan,
}

/// <summary>Helpers for <see cref="ResourceKind"/>.</summary>
public static class ResourceKinds
{
    /// <summary>Every kind, in dependency order: a kind only refers to kinds before it.</summary>
    public static IReadOnlyList<ResourceKind> InDependencyOrder { get; } =
    [
        ResourceKind.Stakeholder,
        ResourceKind.Customer,
        ResourceKind.Supplier,
        ResourceKind.Calendar,
        ResourceKind.Service,
        ResourceKind.Indicator,
        ResourceKind.Agreement,
        ResourceKind.TicketPolicy,
        ResourceKind.ReportSchedule,
        ResourceKind.Requirement,
        ResourceKind.Problem,
        ResourceKind.ImprovementPlan,
    ];

    /// <summary>The kind's plural as a name (API operation ids and tags): <c>Services</c>, <c>TicketPolicies</c>.</summary>
    public static string PluralName(this ResourceKind kind) => kind == ResourceKind.TicketPolicy ? "TicketPolicies" : $"{kind}s";

    /// <summary>The lower-case plural used in API routes and diffs (for example <c>services</c>, <c>ticketpolicies</c>).</summary>
    public static string Plural(this ResourceKind kind) => kind switch
    {
        ResourceKind.Stakeholder => "stakeholders",
        ResourceKind.Customer => "customers",
        ResourceKind.Supplier => "suppliers",
        ResourceKind.Calendar => "calendars",
        ResourceKind.Service => "services",
        ResourceKind.Indicator => "indicators",
        ResourceKind.Agreement => "agreements",
        ResourceKind.TicketPolicy => "ticketpolicies",
        ResourceKind.ReportSchedule => "reportschedules",
        ResourceKind.Requirement => "requirements",
        ResourceKind.Problem => "problems",
        ResourceKind.ImprovementPlan => "improvementplans",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
