using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OpenSlm.Storage.Entities;

/// <summary>How <see cref="DataProtectionKey"/> is stored.</summary>
internal sealed class DataProtectionKeyConfiguration : IEntityTypeConfiguration<DataProtectionKey>
{
    public void Configure(EntityTypeBuilder<DataProtectionKey> e)
    {
        e.ToTable("data_protection_keys");
        e.Property(x => x.Id).HasColumnName("id");
        e.Property(x => x.FriendlyName).HasColumnName("friendly_name");
        e.Property(x => x.Xml).HasColumnName("xml");
    }
}

/// <summary>How <see cref="AlertEntity"/> is stored.</summary>
internal sealed class AlertEntityConfiguration : IEntityTypeConfiguration<AlertEntity>
{
    public void Configure(EntityTypeBuilder<AlertEntity> e)
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
        e.Property(x => x.AcknowledgeNote).HasColumnName("acknowledge_note").HasMaxLength(1000);
        e.Property(x => x.SnoozedUntil).HasColumnName("snoozed_until");
        e.Property(x => x.SnoozedBy).HasColumnName("snoozed_by").HasMaxLength(256);
        e.Property(x => x.SnoozeReason).HasColumnName("snooze_reason").HasMaxLength(1000);
        e.HasIndex(x => new { x.Agreement, x.Objective, x.Kind, x.Severity, x.Subject, x.OpenKey }).IsUnique();
        e.HasIndex(x => new { x.State, x.OpenedAt });
    }
}

/// <summary>How <see cref="BreachEntity"/> is stored.</summary>
internal sealed class BreachEntityConfiguration : IEntityTypeConfiguration<BreachEntity>
{
    public void Configure(EntityTypeBuilder<BreachEntity> e)
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
        e.Property(x => x.Statement).HasColumnName("statement");
        e.Property(x => x.Category).HasColumnName("category").HasMaxLength(32);
        e.Property(x => x.References).HasColumnName("refs");
        e.Property(x => x.ContributingServices).HasColumnName("contributing_services");
        e.Property(x => x.Problem).HasColumnName("problem").HasMaxLength(63);
        e.Property(x => x.UpdatedBy).HasColumnName("updated_by").HasMaxLength(256);
        e.Property(x => x.WithdrawnAt).HasColumnName("withdrawn_at");
        e.Property(x => x.WithdrawnReason).HasColumnName("withdrawn_reason").HasMaxLength(4000);
        e.HasIndex(x => new { x.Agreement, x.Objective, x.PeriodStart }).IsUnique();
    }
}

/// <summary>How <see cref="NotificationEntity"/> is stored.</summary>
internal sealed class NotificationEntityConfiguration : IEntityTypeConfiguration<NotificationEntity>
{
    public void Configure(EntityTypeBuilder<NotificationEntity> e)
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
    }
}

/// <summary>How <see cref="PublishedReportEntity"/> is stored.</summary>
internal sealed class PublishedReportEntityConfiguration : IEntityTypeConfiguration<PublishedReportEntity>
{
    public void Configure(EntityTypeBuilder<PublishedReportEntity> e)
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
    }
}

/// <summary>How <see cref="ReportRunEntity"/> is stored.</summary>
internal sealed class ReportRunEntityConfiguration : IEntityTypeConfiguration<ReportRunEntity>
{
    public void Configure(EntityTypeBuilder<ReportRunEntity> e)
    {
        e.ToTable("report_runs");
        e.HasKey(x => new { x.Schedule, x.Due });
        e.Property(x => x.Schedule).HasColumnName("schedule").HasMaxLength(63);
        e.Property(x => x.Due).HasColumnName("due");
        e.Property(x => x.RanAt).HasColumnName("ran_at");
        e.Property(x => x.Period).HasColumnName("period").HasMaxLength(32).IsRequired();
        e.Property(x => x.PublishedReport).HasColumnName("published_report");
    }
}

/// <summary>How <see cref="LeaseEntity"/> is stored.</summary>
internal sealed class LeaseEntityConfiguration : IEntityTypeConfiguration<LeaseEntity>
{
    public void Configure(EntityTypeBuilder<LeaseEntity> e)
    {
        e.ToTable("leases");
        e.HasKey(x => x.Name);
        e.Property(x => x.Name).HasColumnName("name").HasMaxLength(63);
        e.Property(x => x.Holder).HasColumnName("holder").HasMaxLength(200).IsRequired();
        e.Property(x => x.ExpiresAt).HasColumnName("expires_at");
    }
}

/// <summary>How <see cref="TicketEventEntity"/> is stored.</summary>
internal sealed class TicketEventEntityConfiguration : IEntityTypeConfiguration<TicketEventEntity>
{
    public void Configure(EntityTypeBuilder<TicketEventEntity> e)
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
    }
}

/// <summary>How <see cref="TicketPolicyVersionEntity"/> is stored.</summary>
internal sealed class TicketPolicyVersionEntityConfiguration : IEntityTypeConfiguration<TicketPolicyVersionEntity>
{
    public void Configure(EntityTypeBuilder<TicketPolicyVersionEntity> e)
    {
        e.ToTable("ticket_policy_versions");
        e.HasKey(x => new { x.Policy, x.Version });
        e.Property(x => x.Policy).HasColumnName("policy").HasMaxLength(63);
        e.Property(x => x.Version).HasColumnName("version");
        e.Property(x => x.Digest).HasColumnName("digest").HasMaxLength(64).IsRequired();
        e.Property(x => x.Spec).HasColumnName("spec").IsRequired();
        e.Property(x => x.Calendar).HasColumnName("calendar");
        e.Property(x => x.CreatedAt).HasColumnName("created_at");
    }
}

/// <summary>How <see cref="TicketClockEntity"/> is stored.</summary>
internal sealed class TicketClockEntityConfiguration : IEntityTypeConfiguration<TicketClockEntity>
{
    public void Configure(EntityTypeBuilder<TicketClockEntity> e)
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
    }
}

/// <summary>How <see cref="ResourceEntity"/> is stored.</summary>
internal sealed class ResourceEntityConfiguration : IEntityTypeConfiguration<ResourceEntity>
{
    public void Configure(EntityTypeBuilder<ResourceEntity> e)
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
    }
}

/// <summary>How <see cref="AgreementVersionEntity"/> is stored.</summary>
internal sealed class AgreementVersionEntityConfiguration : IEntityTypeConfiguration<AgreementVersionEntity>
{
    public void Configure(EntityTypeBuilder<AgreementVersionEntity> e)
    {
        e.ToTable("agreement_versions");
        e.HasKey(v => v.Id);
        e.Property(v => v.Id).ValueGeneratedNever();
        e.Property(v => v.Status).HasMaxLength(16).IsRequired();
        e.Property(v => v.CreatedBy).HasMaxLength(256);
        e.Property(v => v.UpdatedBy).HasMaxLength(256);
        e.Property(v => v.InForceFrom).HasMaxLength(10);
        e.Property(v => v.InForceReason).HasMaxLength(2000);
        e.Property(v => v.ProposalRound).HasDefaultValue(0);
        e.HasIndex(v => new { v.AgreementId, v.Number }).IsUnique();
        e.HasMany(v => v.Approvals).WithOne().HasForeignKey(a => a.VersionId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>How <see cref="VersionApprovalEntity"/> is stored.</summary>
internal sealed class VersionApprovalEntityConfiguration : IEntityTypeConfiguration<VersionApprovalEntity>
{
    public void Configure(EntityTypeBuilder<VersionApprovalEntity> e)
    {
        e.ToTable("version_approvals");
        e.HasKey(a => a.Id);
        e.Property(a => a.Id).HasColumnName("id").ValueGeneratedOnAdd();
        e.Property(a => a.VersionId).HasColumnName("version_id");
        e.Property(a => a.Round).HasColumnName("round");
        e.Property(a => a.Party).HasColumnName("party").HasMaxLength(16).IsRequired();
        e.Property(a => a.Stakeholder).HasColumnName("stakeholder").HasMaxLength(63).IsRequired();
        e.Property(a => a.Decision).HasColumnName("decision").HasMaxLength(16).IsRequired();
        e.Property(a => a.Reason).HasColumnName("reason").HasMaxLength(2000);
        e.Property(a => a.By).HasColumnName("by").HasMaxLength(256).IsRequired();
        e.Property(a => a.At).HasColumnName("at");
        e.HasIndex(a => new { a.VersionId, a.Round });
    }
}

/// <summary>How <see cref="AuditEntity"/> is stored.</summary>
internal sealed class AuditEntityConfiguration : IEntityTypeConfiguration<AuditEntity>
{
    public void Configure(EntityTypeBuilder<AuditEntity> e)
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
    }
}

/// <summary>How <see cref="SeriesEntity"/> is stored.</summary>
internal sealed class SeriesEntityConfiguration : IEntityTypeConfiguration<SeriesEntity>
{
    public void Configure(EntityTypeBuilder<SeriesEntity> e)
    {
        e.ToTable("series");
        e.HasKey(x => x.Id);
        e.Property(x => x.Id).HasColumnName("id").ValueGeneratedOnAdd();
        e.Property(x => x.Indicator).HasColumnName("indicator").HasMaxLength(63).IsRequired();
        e.Property(x => x.Revision).HasColumnName("revision").HasDefaultValue(0L);
        e.HasIndex(x => x.Indicator).IsUnique();
    }
}

/// <summary>How <see cref="OutageEntity"/> is stored.</summary>
internal sealed class OutageEntityConfiguration : IEntityTypeConfiguration<OutageEntity>
{
    public void Configure(EntityTypeBuilder<OutageEntity> e)
    {
        e.ToTable("outages");
        e.HasKey(o => new { o.SeriesId, o.Start });
        e.Property(o => o.SeriesId).HasColumnName("series_id");
        e.Property(o => o.Start).HasColumnName("start_at");
        e.Property(o => o.End).HasColumnName("end_at");
        e.Property(o => o.Reference).HasColumnName("reference").HasMaxLength(200);
    }
}

/// <summary>How <see cref="RollupEntity"/> is stored.</summary>
internal sealed class RollupEntityConfiguration : IEntityTypeConfiguration<RollupEntity>
{
    public void Configure(EntityTypeBuilder<RollupEntity> e)
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
    }
}

/// <summary>How <see cref="MeasurementEntity"/> is stored.</summary>
internal sealed class MeasurementEntityConfiguration : IEntityTypeConfiguration<MeasurementEntity>
{
    public void Configure(EntityTypeBuilder<MeasurementEntity> e)
    {
        // Written with raw SQL for speed (MeasurementStore); column names are fixed for that reason.
        e.ToTable("measurements");
        e.HasKey(m => new { m.SeriesId, m.At });
        e.Property(m => m.SeriesId).HasColumnName("series_id");
        e.Property(m => m.At).HasColumnName("at");
        e.Property(m => m.Good).HasColumnName("good");
        e.Property(m => m.Total).HasColumnName("total");
        e.Property(m => m.Value).HasColumnName("value");
    }
}

/// <summary>How <see cref="UserEntity"/> is stored (Identity's columns are renamed to snake case by the context).</summary>
internal sealed class UserEntityConfiguration : IEntityTypeConfiguration<UserEntity>
{
    public void Configure(EntityTypeBuilder<UserEntity> e)
    {
        e.ToTable("users");
        e.Property(x => x.DisplayName).HasMaxLength(200);
        e.Property(x => x.Roles).HasMaxLength(400).IsRequired();
        e.Property(x => x.Customers).HasMaxLength(4000).IsRequired();
        e.Property(x => x.Suppliers).HasMaxLength(4000).IsRequired();
        e.Property(x => x.Stakeholder).HasMaxLength(63);
        e.Property(x => x.Source).HasMaxLength(16).IsRequired();
    }
}

/// <summary>How <see cref="ApiTokenEntity"/> is stored.</summary>
internal sealed class ApiTokenEntityConfiguration : IEntityTypeConfiguration<ApiTokenEntity>
{
    public void Configure(EntityTypeBuilder<ApiTokenEntity> e)
    {
        e.ToTable("api_tokens");
        e.HasKey(x => x.Id);
        e.Property(x => x.Id).HasColumnName("id").ValueGeneratedOnAdd();
        e.Property(x => x.Name).HasColumnName("name").HasMaxLength(100).IsRequired();
        e.Property(x => x.Hash).HasColumnName("hash").HasMaxLength(64).IsRequired();
        e.Property(x => x.UserId).HasColumnName("user_id").HasMaxLength(450).IsRequired();
        e.Property(x => x.CreatedBy).HasColumnName("created_by").HasMaxLength(256).IsRequired();
        e.Property(x => x.Roles).HasColumnName("roles").HasMaxLength(400).IsRequired();
        e.Property(x => x.Indicators).HasColumnName("indicators").HasMaxLength(4000).IsRequired();
        e.Property(x => x.Tickets).HasColumnName("tickets");
        e.Property(x => x.CreatedAt).HasColumnName("created_at");
        e.Property(x => x.ExpiresAt).HasColumnName("expires_at");
        e.Property(x => x.LastUsedAt).HasColumnName("last_used_at");
        e.Property(x => x.RevokedAt).HasColumnName("revoked_at");
        e.Property(x => x.RevokedBy).HasColumnName("revoked_by").HasMaxLength(256);
        e.HasIndex(x => x.UserId);
    }
}

/// <summary>How <see cref="SecurityEventEntity"/> is stored.</summary>
internal sealed class SecurityEventEntityConfiguration : IEntityTypeConfiguration<SecurityEventEntity>
{
    public void Configure(EntityTypeBuilder<SecurityEventEntity> e)
    {
        e.ToTable("security_events");
        e.HasKey(x => x.Id);
        e.Property(x => x.Id).HasColumnName("id").ValueGeneratedOnAdd();
        e.Property(x => x.At).HasColumnName("at");
        e.Property(x => x.Event).HasColumnName("event").HasMaxLength(32).IsRequired();
        e.Property(x => x.Actor).HasColumnName("actor").HasMaxLength(256).IsRequired();
        e.Property(x => x.Subject).HasColumnName("subject").HasMaxLength(256);
        e.Property(x => x.Detail).HasColumnName("detail").HasMaxLength(2000);
        e.Property(x => x.Address).HasColumnName("address").HasMaxLength(64);
        e.HasIndex(x => x.At);
    }
}

/// <summary>How <see cref="ReviewEntity"/> is stored.</summary>
internal sealed class ReviewEntityConfiguration : IEntityTypeConfiguration<ReviewEntity>
{
    public void Configure(EntityTypeBuilder<ReviewEntity> e)
    {
        e.ToTable("agreement_reviews");
        e.HasKey(x => x.Id);
        e.Property(x => x.Id).HasColumnName("id").ValueGeneratedOnAdd();
        e.Property(x => x.Agreement).HasColumnName("agreement").HasMaxLength(63).IsRequired();
        e.Property(x => x.Version).HasColumnName("version");
        e.Property(x => x.HeldOn).HasColumnName("held_on").HasMaxLength(10).IsRequired();
        e.Property(x => x.Period).HasColumnName("period").HasMaxLength(32);
        e.Property(x => x.Attendees).HasColumnName("attendees").IsRequired();
        e.Property(x => x.Decisions).HasColumnName("decisions").IsRequired();
        e.Property(x => x.Actions).HasColumnName("actions").IsRequired();
        e.Property(x => x.Notes).HasColumnName("notes");
        e.Property(x => x.NextReview).HasColumnName("next_review").HasMaxLength(10).IsRequired();
        e.Property(x => x.RecordedBy).HasColumnName("recorded_by").HasMaxLength(256).IsRequired();
        e.Property(x => x.RecordedAt).HasColumnName("recorded_at");
        e.Property(x => x.UpdatedBy).HasColumnName("updated_by").HasMaxLength(256);
        e.Property(x => x.UpdatedAt).HasColumnName("updated_at");
        e.Property(x => x.Revision).HasColumnName("revision").IsConcurrencyToken();
        e.HasIndex(x => new { x.Agreement, x.HeldOn });
    }
}

/// <summary>How <see cref="ReminderEntity"/> is stored.</summary>
internal sealed class ReminderEntityConfiguration : IEntityTypeConfiguration<ReminderEntity>
{
    public void Configure(EntityTypeBuilder<ReminderEntity> e)
    {
        e.ToTable("reminders_sent");
        e.HasKey(x => x.Key);
        e.Property(x => x.Key).HasColumnName("key").HasMaxLength(400);
        e.Property(x => x.SentAt).HasColumnName("sent_at");
    }
}

/// <summary>How <see cref="VersionCommentEntity"/> is stored.</summary>
internal sealed class VersionCommentEntityConfiguration : IEntityTypeConfiguration<VersionCommentEntity>
{
    public void Configure(EntityTypeBuilder<VersionCommentEntity> e)
    {
        e.ToTable("version_comments");
        e.HasKey(x => x.Id);
        e.Property(x => x.Id).HasColumnName("id").ValueGeneratedOnAdd();
        e.Property(x => x.Agreement).HasColumnName("agreement").HasMaxLength(63).IsRequired();
        e.Property(x => x.Version).HasColumnName("version");
        e.Property(x => x.Term).HasColumnName("term").HasMaxLength(Core.Agreements.VersionComments.MaxTerm);
        e.Property(x => x.Text).HasColumnName("text").HasMaxLength(Core.Agreements.VersionComments.MaxText).IsRequired();
        e.Property(x => x.Internal).HasColumnName("internal");
        e.Property(x => x.Author).HasColumnName("author").HasMaxLength(256).IsRequired();
        e.Property(x => x.Stakeholder).HasColumnName("stakeholder").HasMaxLength(63);
        e.Property(x => x.WrittenAt).HasColumnName("written_at");
        e.HasIndex(x => new { x.Agreement, x.Version });
    }
}
