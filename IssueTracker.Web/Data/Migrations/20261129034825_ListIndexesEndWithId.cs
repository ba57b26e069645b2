using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IssueTracker.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class ListIndexesEndWithId : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Issues_AssigneeId_UpdatedAt",
                table: "Issues");

            migrationBuilder.DropIndex(
                name: "IX_Issues_CreatedAt",
                table: "Issues");

            migrationBuilder.DropIndex(
                name: "IX_Issues_ProductId_UpdatedAt",
                table: "Issues");

            migrationBuilder.DropIndex(
                name: "IX_Issues_ReporterId_UpdatedAt",
                table: "Issues");

            migrationBuilder.DropIndex(
                name: "IX_Issues_SpaceId_CreatedAt",
                table: "Issues");

            migrationBuilder.DropIndex(
                name: "IX_Issues_SpaceId_Priority_UpdatedAt",
                table: "Issues");

            migrationBuilder.DropIndex(
                name: "IX_Issues_SpaceId_Status_Priority_UpdatedAt",
                table: "Issues");

            migrationBuilder.DropIndex(
                name: "IX_Issues_SpaceId_Status_UpdatedAt",
                table: "Issues");

            migrationBuilder.DropIndex(
                name: "IX_Issues_SpaceId_UpdatedAt",
                table: "Issues");

            migrationBuilder.DropIndex(
                name: "IX_Issues_UpdatedAt",
                table: "Issues");

            migrationBuilder.CreateIndex(
                name: "IX_Issues_AssigneeId_UpdatedAt_Id",
                table: "Issues",
                columns: new[] { "AssigneeId", "UpdatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Issues_CreatedAt_Id",
                table: "Issues",
                columns: new[] { "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Issues_ProductId_UpdatedAt_Id",
                table: "Issues",
                columns: new[] { "ProductId", "UpdatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Issues_ReporterId_UpdatedAt_Id",
                table: "Issues",
                columns: new[] { "ReporterId", "UpdatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Issues_SpaceId_CreatedAt_Id",
                table: "Issues",
                columns: new[] { "SpaceId", "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Issues_SpaceId_Priority_UpdatedAt_Id",
                table: "Issues",
                columns: new[] { "SpaceId", "Priority", "UpdatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Issues_SpaceId_Status_Priority_UpdatedAt_Id",
                table: "Issues",
                columns: new[] { "SpaceId", "Status", "Priority", "UpdatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Issues_SpaceId_Status_UpdatedAt_Id",
                table: "Issues",
                columns: new[] { "SpaceId", "Status", "UpdatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Issues_SpaceId_UpdatedAt_Id",
                table: "Issues",
                columns: new[] { "SpaceId", "UpdatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Issues_UpdatedAt_Id",
                table: "Issues",
                columns: new[] { "UpdatedAt", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Issues_AssigneeId_UpdatedAt_Id",
                table: "Issues");

            migrationBuilder.DropIndex(
                name: "IX_Issues_CreatedAt_Id",
                table: "Issues");

            migrationBuilder.DropIndex(
                name: "IX_Issues_ProductId_UpdatedAt_Id",
                table: "Issues");

            migrationBuilder.DropIndex(
                name: "IX_Issues_ReporterId_UpdatedAt_Id",
                table: "Issues");

            migrationBuilder.DropIndex(
                name: "IX_Issues_SpaceId_CreatedAt_Id",
                table: "Issues");

            migrationBuilder.DropIndex(
                name: "IX_Issues_SpaceId_Priority_UpdatedAt_Id",
                table: "Issues");

            migrationBuilder.DropIndex(
                name: "IX_Issues_SpaceId_Status_Priority_UpdatedAt_Id",
                table: "Issues");

            migrationBuilder.DropIndex(
                name: "IX_Issues_SpaceId_Status_UpdatedAt_Id",
                table: "Issues");

            migrationBuilder.DropIndex(
                name: "IX_Issues_SpaceId_UpdatedAt_Id",
                table: "Issues");

            migrationBuilder.DropIndex(
                name: "IX_Issues_UpdatedAt_Id",
                table: "Issues");

            migrationBuilder.CreateIndex(
                name: "IX_Issues_AssigneeId_UpdatedAt",
                table: "Issues",
                columns: new[] { "AssigneeId", "UpdatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Issues_CreatedAt",
                table: "Issues",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Issues_ProductId_UpdatedAt",
                table: "Issues",
                columns: new[] { "ProductId", "UpdatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Issues_ReporterId_UpdatedAt",
                table: "Issues",
                columns: new[] { "ReporterId", "UpdatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Issues_SpaceId_CreatedAt",
                table: "Issues",
                columns: new[] { "SpaceId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Issues_SpaceId_Priority_UpdatedAt",
                table: "Issues",
                columns: new[] { "SpaceId", "Priority", "UpdatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Issues_SpaceId_Status_Priority_UpdatedAt",
                table: "Issues",
                columns: new[] { "SpaceId", "Status", "Priority", "UpdatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Issues_SpaceId_Status_UpdatedAt",
                table: "Issues",
                columns: new[] { "SpaceId", "Status", "UpdatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Issues_SpaceId_UpdatedAt",
                table: "Issues",
                columns: new[] { "SpaceId", "UpdatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Issues_UpdatedAt",
                table: "Issues",
                column: "UpdatedAt");
        }
    }
}
