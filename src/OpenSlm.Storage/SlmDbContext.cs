using System.Text;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using OpenSlm.Storage.Entities;

namespace OpenSlm.Storage;

/// <summary>
/// OpenSLM's database. One subclass per provider carries its own migrations; the model is the same. The people who sign
/// in are ASP.NET Core Identity's users, in the same database (tables users, user_claims, user_logins, user_tokens).
/// </summary>
public abstract class SlmDbContext(DbContextOptions options) : IdentityUserContext<UserEntity>(options), IDataProtectionKeyContext
{
    /// <summary>API tokens (their hashes).</summary>
    public DbSet<ApiTokenEntity> ApiTokens => Set<ApiTokenEntity>();

    /// <summary>The security log.</summary>
    public DbSet<SecurityEventEntity> SecurityEvents => Set<SecurityEventEntity>();

    /// <summary>The web host's data-protection keys (antiforgery tokens), shared by every instance on the database.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>Catalogue records of every kind.</summary>
    public DbSet<ResourceEntity> Resources => Set<ResourceEntity>();

    /// <summary>Agreement versions.</summary>
    public DbSet<AgreementVersionEntity> AgreementVersions => Set<AgreementVersionEntity>();

    /// <summary>The parties' decisions on proposed agreement versions.</summary>
    public DbSet<VersionApprovalEntity> VersionApprovals => Set<VersionApprovalEntity>();

    /// <summary>The audit trail.</summary>
    public DbSet<AuditEntity> Audit => Set<AuditEntity>();

    /// <summary>Measured series, one per indicator.</summary>
    public DbSet<SeriesEntity> Series => Set<SeriesEntity>();

    /// <summary>Raw measurements.</summary>
    public DbSet<MeasurementEntity> Measurements => Set<MeasurementEntity>();

    /// <summary>Outages of availability indicators measured from outages.</summary>
    public DbSet<OutageEntity> Outages => Set<OutageEntity>();

    /// <summary>Hour and day rollups of the counted measurements.</summary>
    public DbSet<RollupEntity> Rollups => Set<RollupEntity>();

    /// <summary>Ticket updates as received.</summary>
    public DbSet<TicketEventEntity> TicketEvents => Set<TicketEventEntity>();

    /// <summary>Ticket policies as clocks ran them.</summary>
    public DbSet<TicketPolicyVersionEntity> TicketPolicyVersions => Set<TicketPolicyVersionEntity>();

    /// <summary>Ticket clocks as of each ticket's last update.</summary>
    public DbSet<TicketClockEntity> TicketClocks => Set<TicketClockEntity>();

    /// <summary>Alerts on objectives.</summary>
    public DbSet<AlertEntity> Alerts => Set<AlertEntity>();

    /// <summary>Periods closed below target.</summary>
    public DbSet<BreachEntity> Breaches => Set<BreachEntity>();

    /// <summary>Notifications to deliver, and delivered.</summary>
    public DbSet<NotificationEntity> Notifications => Set<NotificationEntity>();

    /// <summary>Published reports.</summary>
    public DbSet<PublishedReportEntity> PublishedReports => Set<PublishedReportEntity>();

    /// <summary>Runs of report schedules.</summary>
    public DbSet<ReportRunEntity> ReportRuns => Set<ReportRunEntity>();

    /// <summary>Leases on background jobs.</summary>
    public DbSet<LeaseEntity> Leases => Set<LeaseEntity>();

    /// <summary>Service level reviews.</summary>
    public DbSet<ReviewEntity> Reviews => Set<ReviewEntity>();

    /// <summary>Comments on agreement versions.</summary>
    public DbSet<VersionCommentEntity> VersionComments => Set<VersionCommentEntity>();

    /// <summary>Reminders sent, each once.</summary>
    public DbSet<ReminderEntity> RemindersSent => Set<ReminderEntity>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        base.OnModelCreating(builder);
        // Identity's tables and columns in the database's naming (snake case), like the rest.
        builder.Entity<IdentityUserClaim<string>>().ToTable("user_claims");
        builder.Entity<IdentityUserLogin<string>>().ToTable("user_logins");
        builder.Entity<IdentityUserToken<string>>().ToTable("user_tokens");
        // One IEntityTypeConfiguration per entity (Entities/EntityConfigurations.cs).
        builder.ApplyConfigurationsFromAssembly(typeof(SlmDbContext).Assembly);
        foreach (var type in new[] { typeof(UserEntity), typeof(IdentityUserClaim<string>), typeof(IdentityUserLogin<string>), typeof(IdentityUserToken<string>) })
        {
            foreach (var property in builder.Entity(type).Metadata.GetProperties())
            {
                property.SetColumnName(SnakeCase(property.Name));
            }
        }

        // The records of the background jobs (alerts, breaches, notifications, leases, report runs, publications) hold
        // Instants stored as Unix ticks on both databases (bigint on PostgreSQL), through one converter.
        foreach (var type in new[] { typeof(AlertEntity), typeof(BreachEntity), typeof(LeaseEntity), typeof(NotificationEntity), typeof(ReportRunEntity), typeof(PublishedReportEntity),
            typeof(UserEntity), typeof(ApiTokenEntity), typeof(SecurityEventEntity), typeof(ReviewEntity), typeof(ReminderEntity), typeof(VersionCommentEntity) })
        {
            foreach (var property in builder.Entity(type).Metadata.GetProperties().Where(p => p.ClrType == typeof(Instant) || p.ClrType == typeof(Instant?)))
            {
                property.SetValueConverter(InstantTicks.Converter);
            }
        }
    }

    private static string SnakeCase(string name)
    {
        var text = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                text.Append('_');
            }
            text.Append(char.ToLowerInvariant(name[i]));
        }
        return text.ToString();
    }
}

/// <summary>The embedded SQLite database (the default). Instants are stored as UTC ticks since the Unix epoch.</summary>
public sealed class SqliteSlmDbContext(DbContextOptions<SqliteSlmDbContext> options) : SlmDbContext(options)
{
    /// <inheritdoc />
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<Instant>().HaveConversion<InstantTicks>();
    }
}

/// <summary>An Instant as UTC ticks since the Unix epoch: how SQLite stores every instant, and both databases the jobs' records.</summary>
public sealed class InstantTicks() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<Instant, long>(i => i.ToUnixTimeTicks(), t => Instant.FromUnixTimeTicks(t))
{
    /// <summary>The converter.</summary>
    public static InstantTicks Converter { get; } = new();
}

/// <summary>PostgreSQL. Instants are <c>timestamptz</c> through Npgsql's NodaTime plugin.</summary>
public sealed class PostgresSlmDbContext(DbContextOptions<PostgresSlmDbContext> options) : SlmDbContext(options);
