using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using OpenSlm.Storage.Entities;

namespace OpenSlm.Storage;

/// <summary>
/// OpenSLM's database. One subclass per provider carries its own migrations; the model is the same.
/// </summary>
public abstract class SlmDbContext(DbContextOptions options) : DbContext(options), IDataProtectionKeyContext
{
    /// <summary>The web host's data-protection keys (antiforgery tokens), shared by every instance on the database.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>Catalogue records of every kind.</summary>
    public DbSet<ResourceRow> Resources => Set<ResourceRow>();

    /// <summary>Agreement versions.</summary>
    public DbSet<AgreementVersionRow> AgreementVersions => Set<AgreementVersionRow>();

    /// <summary>The audit trail.</summary>
    public DbSet<AuditRow> Audit => Set<AuditRow>();

    /// <summary>Measured series, one per indicator.</summary>
    public DbSet<SeriesRow> Series => Set<SeriesRow>();

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

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<DataProtectionKey>(e =>
        {
            e.ToTable("data_protection_keys");
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.FriendlyName).HasColumnName("friendly_name");
            e.Property(x => x.Xml).HasColumnName("xml");
        });
        modelBuilder.Entity<AlertEntity>(e =>
        {
            e.ToTable("alerts");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id").ValueGeneratedOnAdd();
            e.Property(x => x.Agreement).HasColumnName("agreement").HasMaxLength(63).IsRequired();
            e.Property(x => x.Objective).HasColumnName("objective").HasMaxLength(63).IsRequired();
            e.Property(x => x.Kind).HasColumnName("kind").HasMaxLength(32).IsRequired();
            e.Property(x => x.Severity).HasColumnName("severity").HasMaxLength(16).IsRequired();
            e.Property(x => x.Subject).HasColumnName("subject").HasMaxLength(200).IsRequired().HasDefaultValue(string.Empty);
            e.Property(x => x.Level).HasColumnName("level").HasMaxLength(32).IsRequired().HasDefaultValue(string.Empty);
            e.Property(x => x.State).HasColumnName("state").HasMaxLength(16).IsRequired();
            e.Property(x => x.OpenKey).HasColumnName("open_key");
            e.Property(x => x.Reason).HasColumnName("reason").IsRequired();
            e.Property(x => x.Evaluation).HasColumnName("evaluation").IsRequired();
            e.Property(x => x.OpenedAt).HasColumnName("opened_at");
            e.Property(x => x.LastSeenAt).HasColumnName("last_seen_at");
            e.Property(x => x.AcknowledgedAt).HasColumnName("acknowledged_at");
            e.Property(x => x.AcknowledgedBy).HasColumnName("acknowledged_by").HasMaxLength(256);
            e.Property(x => x.ResolvedAt).HasColumnName("resolved_at");
            e.Property(x => x.LastNotifiedAt).HasColumnName("last_notified_at");
            e.HasIndex(x => new { x.Agreement, x.Objective, x.Kind, x.Severity, x.Subject, x.OpenKey }).IsUnique();
            e.HasIndex(x => new { x.State, x.OpenedAt });
        });
        modelBuilder.Entity<BreachEntity>(e =>
        {
            e.ToTable("breaches");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id").ValueGeneratedOnAdd();
            e.Property(x => x.Agreement).HasColumnName("agreement").HasMaxLength(63).IsRequired();
            e.Property(x => x.Objective).HasColumnName("objective").HasMaxLength(63).IsRequired();
            e.Property(x => x.PeriodStart).HasColumnName("period_start");
            e.Property(x => x.PeriodEnd).HasColumnName("period_end");
            e.Property(x => x.Attainment).HasColumnName("attainment");   // numeric without a scale on PostgreSQL: kept exactly as computed
            e.Property(x => x.Target).HasColumnName("target");
            e.Property(x => x.RecordedAt).HasColumnName("recorded_at");
            e.Property(x => x.RootCause).HasColumnName("root_cause");
            e.Property(x => x.Actions).HasColumnName("actions");
            e.Property(x => x.UpdatedBy).HasColumnName("updated_by").HasMaxLength(256);
            e.HasIndex(x => new { x.Agreement, x.Objective, x.PeriodStart }).IsUnique();
        });
        modelBuilder.Entity<NotificationEntity>(e =>
        {
            e.ToTable("notifications");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id").ValueGeneratedOnAdd();
            e.Property(x => x.Channel).HasColumnName("channel").HasMaxLength(16).IsRequired();
            e.Property(x => x.Recipient).HasColumnName("recipient").HasMaxLength(2000).IsRequired();
            e.Property(x => x.Subject).HasColumnName("subject").IsRequired();
            e.Property(x => x.Body).HasColumnName("body").IsRequired();
            e.Property(x => x.State).HasColumnName("state").HasMaxLength(16).IsRequired();
            e.Property(x => x.Attempts).HasColumnName("attempts");
            e.Property(x => x.NextAttemptAt).HasColumnName("next_attempt_at");
            e.Property(x => x.LastError).HasColumnName("last_error");
            e.Property(x => x.CreatedAt).HasColumnName("created_at");
            e.Property(x => x.SentAt).HasColumnName("sent_at");
            e.Property(x => x.AttachmentName).HasColumnName("attachment_name").HasMaxLength(200);
            e.Property(x => x.AttachmentType).HasColumnName("attachment_type").HasMaxLength(100);
            e.Property(x => x.Attachment).HasColumnName("attachment");
            e.HasIndex(x => new { x.State, x.NextAttemptAt });
        });
        modelBuilder.Entity<PublishedReportEntity>(e =>
        {
            e.ToTable("published_reports");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id").ValueGeneratedOnAdd();
            e.Property(x => x.Agreement).HasColumnName("agreement").HasMaxLength(63).IsRequired();
            e.Property(x => x.Version).HasColumnName("version");
            e.Property(x => x.Period).HasColumnName("period").HasMaxLength(32).IsRequired();
            e.Property(x => x.DataHash).HasColumnName("data_hash").HasMaxLength(64).IsRequired();
            e.Property(x => x.Snapshot).HasColumnName("snapshot").IsRequired();
            e.Property(x => x.PublishedAt).HasColumnName("published_at");
            e.Property(x => x.PublishedBy).HasColumnName("published_by").HasMaxLength(256).IsRequired();
            e.HasIndex(x => new { x.Agreement, x.Period, x.Version, x.DataHash }).IsUnique();
        });
        modelBuilder.Entity<ReportRunEntity>(e =>
        {
            e.ToTable("report_runs");
            e.HasKey(x => new { x.Schedule, x.Due });
            e.Property(x => x.Schedule).HasColumnName("schedule").HasMaxLength(63);
            e.Property(x => x.Due).HasColumnName("due");
            e.Property(x => x.RanAt).HasColumnName("ran_at");
            e.Property(x => x.Period).HasColumnName("period").HasMaxLength(32).IsRequired();
            e.Property(x => x.PublishedReport).HasColumnName("published_report");
        });
        modelBuilder.Entity<LeaseEntity>(e =>
        {
            e.ToTable("leases");
            e.HasKey(x => x.Name);
            e.Property(x => x.Name).HasColumnName("name").HasMaxLength(63);
            e.Property(x => x.Holder).HasColumnName("holder").HasMaxLength(200).IsRequired();
            e.Property(x => x.ExpiresAt).HasColumnName("expires_at");
        });
        modelBuilder.Entity<TicketEventEntity>(e =>
        {
            e.ToTable("ticket_events");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id").ValueGeneratedOnAdd();
            e.Property(x => x.Ticket).HasColumnName("ticket").HasMaxLength(200).IsRequired();
            e.Property(x => x.At).HasColumnName("at");
            e.Property(x => x.Fields).HasColumnName("fields").IsRequired();
            e.Property(x => x.Digest).HasColumnName("digest").HasMaxLength(64).IsRequired();
            e.Property(x => x.ReceivedAt).HasColumnName("received_at");
            e.HasIndex(x => new { x.Ticket, x.At, x.Digest }).IsUnique();
        });
        modelBuilder.Entity<TicketPolicyVersionEntity>(e =>
        {
            e.ToTable("ticket_policy_versions");
            e.HasKey(x => new { x.Policy, x.Version });
            e.Property(x => x.Policy).HasColumnName("policy").HasMaxLength(63);
            e.Property(x => x.Version).HasColumnName("version");
            e.Property(x => x.Digest).HasColumnName("digest").HasMaxLength(64).IsRequired();
            e.Property(x => x.Spec).HasColumnName("spec").IsRequired();
            e.Property(x => x.Calendar).HasColumnName("calendar");
            e.Property(x => x.CreatedAt).HasColumnName("created_at");
        });
        modelBuilder.Entity<TicketClockEntity>(e =>
        {
            e.ToTable("ticket_clocks");
            e.HasKey(x => new { x.Ticket, x.Policy });
            e.Property(x => x.Ticket).HasColumnName("ticket").HasMaxLength(200);
            e.Property(x => x.Policy).HasColumnName("policy").HasMaxLength(63);
            e.Property(x => x.PolicyVersion).HasColumnName("policy_version");
            e.Property(x => x.Priority).HasColumnName("priority").HasMaxLength(200);
            e.Property(x => x.State).HasColumnName("state").HasMaxLength(16).IsRequired();
            e.Property(x => x.StartedAt).HasColumnName("started_at");
            e.Property(x => x.StoppedAt).HasColumnName("stopped_at");
            e.Property(x => x.Target).HasColumnName("target");
            e.Property(x => x.Elapsed).HasColumnName("elapsed");
            e.Property(x => x.Paused).HasColumnName("paused");
            e.Property(x => x.Deadline).HasColumnName("deadline");
            e.Property(x => x.BreachedAt).HasColumnName("breached_at");
            e.Property(x => x.Warnings).HasColumnName("warnings").IsRequired();
            e.Property(x => x.ReadAt).HasColumnName("read_at");
            e.Property(x => x.Upcoming).HasColumnName("upcoming").IsRequired().HasDefaultValue("[]");
            e.Property(x => x.WatchFrom).HasColumnName("watch_from");
            e.HasIndex(x => new { x.Policy, x.State });
            e.HasIndex(x => x.WatchFrom);
        });
        modelBuilder.Entity<ResourceRow>(e =>
        {
            e.ToTable("resources");
            e.HasKey(r => r.Id);
            e.Property(r => r.Id).ValueGeneratedNever();
            e.Property(r => r.Kind).HasMaxLength(32).IsRequired();
            e.Property(r => r.Name).HasMaxLength(63).IsRequired();
            e.Property(r => r.DisplayName).HasMaxLength(256);
            e.Property(r => r.CreatedBy).HasMaxLength(256);
            e.Property(r => r.UpdatedBy).HasMaxLength(256);
            e.Property(r => r.Revision).IsConcurrencyToken();
            e.HasIndex(r => new { r.Kind, r.Name }).IsUnique();
            e.HasMany(r => r.Versions).WithOne().HasForeignKey(v => v.AgreementId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<AgreementVersionRow>(e =>
        {
            e.ToTable("agreement_versions");
            e.HasKey(v => v.Id);
            e.Property(v => v.Id).ValueGeneratedNever();
            e.Property(v => v.Status).HasMaxLength(16).IsRequired();
            e.Property(v => v.CreatedBy).HasMaxLength(256);
            e.Property(v => v.UpdatedBy).HasMaxLength(256);
            e.HasIndex(v => new { v.AgreementId, v.Number }).IsUnique();
        });
        modelBuilder.Entity<AuditRow>(e =>
        {
            e.ToTable("audit");
            e.HasKey(a => a.Id);
            e.Property(a => a.Id).ValueGeneratedOnAdd();
            e.Property(a => a.Actor).HasMaxLength(256);
            e.Property(a => a.Action).HasMaxLength(32);
            e.Property(a => a.Kind).HasMaxLength(32);
            e.Property(a => a.Name).HasMaxLength(63);
            e.Property(a => a.Via).HasMaxLength(16);
            e.HasIndex(a => new { a.Kind, a.Name });
            e.HasIndex(a => a.At);
        });
        modelBuilder.Entity<SeriesRow>(e =>
        {
            e.ToTable("series");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id").ValueGeneratedOnAdd();
            e.Property(x => x.Indicator).HasColumnName("indicator").HasMaxLength(63).IsRequired();
            e.Property(x => x.Revision).HasColumnName("revision").HasDefaultValue(0L);
            e.HasIndex(x => x.Indicator).IsUnique();
        });
        modelBuilder.Entity<OutageEntity>(e =>
        {
            e.ToTable("outages");
            e.HasKey(o => new { o.SeriesId, o.Start });
            e.Property(o => o.SeriesId).HasColumnName("series_id");
            e.Property(o => o.Start).HasColumnName("start_at");
            e.Property(o => o.End).HasColumnName("end_at");
            e.Property(o => o.Reference).HasColumnName("reference").HasMaxLength(200);
        });
        modelBuilder.Entity<RollupEntity>(e =>
        {
            // Written with raw SQL by MeasurementStore, like measurements.
            e.ToTable("rollups");
            e.HasKey(r => new { r.SeriesId, r.Width, r.End });
            e.Property(r => r.SeriesId).HasColumnName("series_id");
            e.Property(r => r.Width).HasColumnName("width");
            e.Property(r => r.End).HasColumnName("end_at");
            e.Property(r => r.Good).HasColumnName("good");
            e.Property(r => r.Total).HasColumnName("total");
            e.Property(r => r.Revision).HasColumnName("revision").HasDefaultValue(0L);
            e.HasIndex(r => new { r.SeriesId, r.Revision });
        });
        modelBuilder.Entity<MeasurementEntity>(e =>
        {
            // Written with raw SQL for speed (MeasurementStore); column names are fixed for that reason.
            e.ToTable("measurements");
            e.HasKey(m => new { m.SeriesId, m.At });
            e.Property(m => m.SeriesId).HasColumnName("series_id");
            e.Property(m => m.At).HasColumnName("at");
            e.Property(m => m.Good).HasColumnName("good");
            e.Property(m => m.Total).HasColumnName("total");
            e.Property(m => m.Value).HasColumnName("value");
        });

        // The records of the background jobs (alerts, breaches, notifications, leases, report runs, publications) hold
        // Instants stored as Unix ticks on both databases (bigint on PostgreSQL), through one converter.
        foreach (var type in new[] { typeof(AlertEntity), typeof(BreachEntity), typeof(LeaseEntity), typeof(NotificationEntity), typeof(ReportRunEntity), typeof(PublishedReportEntity) })
        {
            foreach (var property in modelBuilder.Entity(type).Metadata.GetProperties().Where(p => p.ClrType == typeof(Instant) || p.ClrType == typeof(Instant?)))
            {
                property.SetValueConverter(InstantTicks.Converter);
            }
        }
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
