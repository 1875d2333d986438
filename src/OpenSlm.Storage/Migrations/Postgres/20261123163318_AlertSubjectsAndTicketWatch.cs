using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenSlm.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AlertSubjectsAndTicketWatch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_alerts_agreement_objective_kind_severity_open_key",
                table: "alerts");

            migrationBuilder.AddColumn<string>(
                name: "upcoming",
                table: "ticket_clocks",
                type: "text",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<long>(
                name: "watch_from",
                table: "ticket_clocks",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "level",
                table: "alerts",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "subject",
                table: "alerts",
                type: "character varying(200)",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateIndex(
                name: "IX_ticket_clocks_watch_from",
                table: "ticket_clocks",
                column: "watch_from");

            migrationBuilder.CreateIndex(
                name: "IX_alerts_agreement_objective_kind_severity_subject_open_key",
                table: "alerts",
                columns: new[] { "agreement", "objective", "kind", "severity", "subject", "open_key" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ticket_clocks_watch_from",
                table: "ticket_clocks");

            migrationBuilder.DropIndex(
                name: "IX_alerts_agreement_objective_kind_severity_subject_open_key",
                table: "alerts");

            migrationBuilder.DropColumn(
                name: "upcoming",
                table: "ticket_clocks");

            migrationBuilder.DropColumn(
                name: "watch_from",
                table: "ticket_clocks");

            migrationBuilder.DropColumn(
                name: "level",
                table: "alerts");

            migrationBuilder.DropColumn(
                name: "subject",
                table: "alerts");

            migrationBuilder.CreateIndex(
                name: "IX_alerts_agreement_objective_kind_severity_open_key",
                table: "alerts",
                columns: new[] { "agreement", "objective", "kind", "severity", "open_key" },
                unique: true);
        }
    }
}
