using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IssueTracker.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class CommentHistoryNamesTheComment : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "CommentId",
                table: "IssueEvents",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_IssueEvents_CommentId",
                table: "IssueEvents",
                column: "CommentId");

            // Lines written before: a comment's "added" line has its author and time, which names the comment when it
            // still exists. Lines of comments deleted before keep no words: "deleted" lines and "added"/"edited"
            // lines whose comment is gone (kinds 8 comment_added, 9 comment_edited, 10 comment_deleted).
            migrationBuilder.Sql("""
                UPDATE "IssueEvents" SET "CommentId" = (
                    SELECT c."Id" FROM "Comments" AS c
                    WHERE c."IssueId" = "IssueEvents"."IssueId" AND c."AuthorId" = "IssueEvents"."ActorId" AND c."CreatedAt" = "IssueEvents"."CreatedAt")
                WHERE "Kind" = 8;
                UPDATE "IssueEvents" SET "OldValue" = NULL, "NewValue" = NULL
                WHERE "Kind" = 10
                   OR ("Kind" = 8 AND "CommentId" IS NULL)
                   OR ("Kind" = 9 AND NOT EXISTS (
                        SELECT 1 FROM "Comments" AS c WHERE c."IssueId" = "IssueEvents"."IssueId" AND c."AuthorId" = "IssueEvents"."ActorId"));
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_IssueEvents_CommentId",
                table: "IssueEvents");

            migrationBuilder.DropColumn(
                name: "CommentId",
                table: "IssueEvents");
        }
    }
}
