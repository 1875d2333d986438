using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenSlm.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class EffectiveDatesAndSignOff : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "InForceFrom",
                table: "agreement_versions",
                type: "TEXT",
                maxLength: 10,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "InForceReason",
                table: "agreement_versions",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ProposalRound",
                table: "agreement_versions",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "version_approvals",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    version_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    round = table.Column<int>(type: "INTEGER", nullable: false),
                    party = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    stakeholder = table.Column<string>(type: "TEXT", maxLength: 63, nullable: false),
                    decision = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_version_approvals", x => x.id);
                    table.ForeignKey(
                        name: "FK_version_approvals_agreement_versions_version_id",
                        column: x => x.version_id,
                        principalTable: "agreement_versions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_version_approvals_version_id_round",
                table: "version_approvals",
                columns: new[] { "version_id", "round" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "version_approvals");

            migrationBuilder.DropColumn(
                name: "InForceFrom",
                table: "agreement_versions");

            migrationBuilder.DropColumn(
                name: "InForceReason",
                table: "agreement_versions");

            migrationBuilder.DropColumn(
                name: "ProposalRound",
                table: "agreement_versions");
        }
    }
}
