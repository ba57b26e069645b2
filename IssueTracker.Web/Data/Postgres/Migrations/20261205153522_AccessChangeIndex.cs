using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IssueTracker.Web.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class AccessChangeIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_ChangeEvents_Type_Id",
                table: "ChangeEvents",
                columns: new[] { "Type", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ChangeEvents_Type_Id",
                table: "ChangeEvents");
        }
    }
}
