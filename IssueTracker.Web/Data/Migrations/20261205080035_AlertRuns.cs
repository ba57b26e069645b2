using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IssueTracker.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class AlertRuns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Run",
                table: "AlertOccurrences",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RunId",
                table: "AlertOccurrences",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Source",
                table: "AlertOccurrences",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "api");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Run",
                table: "AlertOccurrences");

            migrationBuilder.DropColumn(
                name: "RunId",
                table: "AlertOccurrences");

            migrationBuilder.DropColumn(
                name: "Source",
                table: "AlertOccurrences");
        }
    }
}
