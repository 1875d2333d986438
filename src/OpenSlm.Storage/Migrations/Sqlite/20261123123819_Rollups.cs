using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenSlm.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Rollups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "revision",
                table: "series",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            // Hand-edited: WITHOUT ROWID, as for measurements.
            migrationBuilder.Sql(
                "CREATE TABLE \"rollups\" (" +
                "\"series_id\" INTEGER NOT NULL, \"width\" INTEGER NOT NULL, \"end_at\" INTEGER NOT NULL, \"good\" INTEGER NOT NULL, \"total\" INTEGER NOT NULL, " +
                "CONSTRAINT \"PK_rollups\" PRIMARY KEY (\"series_id\", \"width\", \"end_at\")) WITHOUT ROWID;");

            // Roll up what is already stored (upgrades from a version without rollups). Integer division truncates
            // toward zero, so the bucket end (the ceiling) is computed separately for instants after and before 1970.
            foreach (var width in new[] { 36000000000L, 864000000000L })
            {
                migrationBuilder.Sql(
                    "INSERT INTO rollups (series_id, width, end_at, good, total) " +
                    $"SELECT series_id, {width}, (CASE WHEN at > 0 THEN (at + {width - 1}) / {width} ELSE at / {width} END) * {width}, SUM(good), SUM(total) " +
                    "FROM measurements WHERE total IS NOT NULL GROUP BY 1, 2, 3");
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "rollups");

            migrationBuilder.DropColumn(
                name: "revision",
                table: "series");
        }
    }
}
