using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenSlm.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Measurements : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Hand-edited: WITHOUT ROWID keeps each row in its primary key's B-tree (one tree to write, not two).
            migrationBuilder.Sql(
                "CREATE TABLE \"measurements\" (" +
                "\"series_id\" INTEGER NOT NULL, \"at\" INTEGER NOT NULL, \"good\" INTEGER NULL, \"total\" INTEGER NULL, \"value\" TEXT NULL, " +
                "CONSTRAINT \"PK_measurements\" PRIMARY KEY (\"series_id\", \"at\")) WITHOUT ROWID;");

            migrationBuilder.CreateTable(
                name: "series",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    indicator = table.Column<string>(type: "TEXT", maxLength: 63, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_series", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_series_indicator",
                table: "series",
                column: "indicator",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "measurements");

            migrationBuilder.DropTable(
                name: "series");
        }
    }
}
