using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenSlm.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class BreachNumbersExact : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<decimal>(
                name: "target",
                table: "breaches",
                type: "numeric",
                nullable: false,
                oldClrType: typeof(decimal),
                oldType: "numeric(28,10)",
                oldPrecision: 28,
                oldScale: 10);

            migrationBuilder.AlterColumn<decimal>(
                name: "attainment",
                table: "breaches",
                type: "numeric",
                nullable: false,
                oldClrType: typeof(decimal),
                oldType: "numeric(28,10)",
                oldPrecision: 28,
                oldScale: 10);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<decimal>(
                name: "target",
                table: "breaches",
                type: "numeric(28,10)",
                precision: 28,
                scale: 10,
                nullable: false,
                oldClrType: typeof(decimal),
                oldType: "numeric");

            migrationBuilder.AlterColumn<decimal>(
                name: "attainment",
                table: "breaches",
                type: "numeric(28,10)",
                precision: 28,
                scale: 10,
                nullable: false,
                oldClrType: typeof(decimal),
                oldType: "numeric");
        }
    }
}
