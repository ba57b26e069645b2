using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IssueTracker.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class TriageResolutionSlaLinks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "AcknowledgeBy",
                table: "Issues",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "AcknowledgedAt",
                table: "Issues",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "AcknowledgedById",
                table: "Issues",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "DuplicateOfId",
                table: "Issues",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Resolution",
                table: "Issues",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ResolutionNote",
                table: "Issues",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ResolveBy",
                table: "Issues",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "SlaBreachAt",
                table: "Issues",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "SlaNotified",
                table: "Issues",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "SlaWarnAt",
                table: "Issues",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "IssueLinks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    IssueId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TargetId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Type = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedById = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IssueLinks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IssueLinks_AspNetUsers_CreatedById",
                        column: x => x.CreatedById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_IssueLinks_Issues_IssueId",
                        column: x => x.IssueId,
                        principalTable: "Issues",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_IssueLinks_Issues_TargetId",
                        column: x => x.TargetId,
                        principalTable: "Issues",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SpaceSlas",
                columns: table => new
                {
                    SpaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Priority = table.Column<int>(type: "INTEGER", nullable: false),
                    AcknowledgeSeconds = table.Column<int>(type: "INTEGER", nullable: true),
                    ResolveSeconds = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SpaceSlas", x => new { x.SpaceId, x.Priority });
                    table.ForeignKey(
                        name: "FK_SpaceSlas_Spaces_SpaceId",
                        column: x => x.SpaceId,
                        principalTable: "Spaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Issues_DuplicateOfId",
                table: "Issues",
                column: "DuplicateOfId");

            migrationBuilder.CreateIndex(
                name: "IX_Issues_ProductId_ResolvedAt",
                table: "Issues",
                columns: new[] { "ProductId", "ResolvedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Issues_ProductId_Status_Priority_CreatedAt",
                table: "Issues",
                columns: new[] { "ProductId", "Status", "Priority", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Issues_SlaBreachAt",
                table: "Issues",
                column: "SlaBreachAt");

            migrationBuilder.CreateIndex(
                name: "IX_Issues_SlaWarnAt",
                table: "Issues",
                column: "SlaWarnAt");

            migrationBuilder.CreateIndex(
                name: "IX_Issues_SpaceId_ResolvedAt",
                table: "Issues",
                columns: new[] { "SpaceId", "ResolvedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Issues_SpaceId_SlaBreachAt",
                table: "Issues",
                columns: new[] { "SpaceId", "SlaBreachAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Issues_SpaceId_SlaWarnAt",
                table: "Issues",
                columns: new[] { "SpaceId", "SlaWarnAt" });

            migrationBuilder.CreateIndex(
                name: "IX_IssueLinks_CreatedById",
                table: "IssueLinks",
                column: "CreatedById");

            migrationBuilder.CreateIndex(
                name: "IX_IssueLinks_IssueId_TargetId_Type",
                table: "IssueLinks",
                columns: new[] { "IssueId", "TargetId", "Type" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_IssueLinks_TargetId",
                table: "IssueLinks",
                column: "TargetId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "IssueLinks");

            migrationBuilder.DropTable(
                name: "SpaceSlas");

            migrationBuilder.DropIndex(
                name: "IX_Issues_DuplicateOfId",
                table: "Issues");

            migrationBuilder.DropIndex(
                name: "IX_Issues_ProductId_ResolvedAt",
                table: "Issues");

            migrationBuilder.DropIndex(
                name: "IX_Issues_ProductId_Status_Priority_CreatedAt",
                table: "Issues");

            migrationBuilder.DropIndex(
                name: "IX_Issues_SlaBreachAt",
                table: "Issues");

            migrationBuilder.DropIndex(
                name: "IX_Issues_SlaWarnAt",
                table: "Issues");

            migrationBuilder.DropIndex(
                name: "IX_Issues_SpaceId_ResolvedAt",
                table: "Issues");

            migrationBuilder.DropIndex(
                name: "IX_Issues_SpaceId_SlaBreachAt",
                table: "Issues");

            migrationBuilder.DropIndex(
                name: "IX_Issues_SpaceId_SlaWarnAt",
                table: "Issues");

            migrationBuilder.DropColumn(
                name: "AcknowledgeBy",
                table: "Issues");

            migrationBuilder.DropColumn(
                name: "AcknowledgedAt",
                table: "Issues");

            migrationBuilder.DropColumn(
                name: "AcknowledgedById",
                table: "Issues");

            migrationBuilder.DropColumn(
                name: "DuplicateOfId",
                table: "Issues");

            migrationBuilder.DropColumn(
                name: "Resolution",
                table: "Issues");

            migrationBuilder.DropColumn(
                name: "ResolutionNote",
                table: "Issues");

            migrationBuilder.DropColumn(
                name: "ResolveBy",
                table: "Issues");

            migrationBuilder.DropColumn(
                name: "SlaBreachAt",
                table: "Issues");

            migrationBuilder.DropColumn(
                name: "SlaNotified",
                table: "Issues");

            migrationBuilder.DropColumn(
                name: "SlaWarnAt",
                table: "Issues");
        }
    }
}
