using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenSlm.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class BreachDiagnosisDetail : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "category",
                table: "breaches",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "contributing_services",
                table: "breaches",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "refs",
                table: "breaches",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "category",
                table: "breaches");

            migrationBuilder.DropColumn(
                name: "contributing_services",
                table: "breaches");

            migrationBuilder.DropColumn(
                name: "refs",
                table: "breaches");
        }
    }
}
