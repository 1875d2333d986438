using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenSlm.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AlertSnooze : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "acknowledge_note",
                table: "alerts",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "snooze_reason",
                table: "alerts",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "snoozed_by",
                table: "alerts",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "snoozed_until",
                table: "alerts",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "acknowledge_note",
                table: "alerts");

            migrationBuilder.DropColumn(
                name: "snooze_reason",
                table: "alerts");

            migrationBuilder.DropColumn(
                name: "snoozed_by",
                table: "alerts");

            migrationBuilder.DropColumn(
                name: "snoozed_until",
                table: "alerts");
        }
    }
}
