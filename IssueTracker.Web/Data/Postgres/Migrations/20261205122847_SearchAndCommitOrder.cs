using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IssueTracker.Web.Data.Postgres.Migrations
{
    /// <summary>
    /// What the model cannot say on PostgreSQL: the full-text index (<see cref="PostgresIssueSearch"/>) and change
    /// event ids in commit order, which <see cref="Live.ChangeFeedReader"/> relies on.
    /// </summary>
    public partial class SearchAndCommitOrder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Full-text search: one document per issue (key, title, description, every comment), unaccented and split
            // on everything but letters and digits as SQLite's unicode61 tokenizer splits, then the 'simple'
            // configuration (lower case, no stemming, no stop words) so a prefix of any word finds it. Triggers keep it
            // in step within the writing transaction; deleting an issue takes its row with it (the foreign key).
            migrationBuilder.Sql("""
                CREATE EXTENSION IF NOT EXISTS unaccent;

                CREATE TABLE "IssueSearch" (
                    "IssueId" uuid PRIMARY KEY REFERENCES "Issues" ("Id") ON DELETE CASCADE,
                    "Document" tsvector NOT NULL
                );
                CREATE INDEX "IX_IssueSearch_Document" ON "IssueSearch" USING GIN ("Document");

                -- The one definition of an issue's document (a bulk load builds it set-based with the same function).
                CREATE FUNCTION issue_search_document(space_key text, number integer, title text, description text, comments text)
                RETURNS tsvector LANGUAGE sql STABLE AS $$
                    SELECT to_tsvector('simple', regexp_replace(unaccent(concat_ws(' ', space_key, number::text, title, description, comments)),
                                       '[^[:alnum:]]+', ' ', 'g'))
                $$;

                CREATE FUNCTION issue_search_refresh(issue_id uuid) RETURNS void LANGUAGE plpgsql AS $$
                DECLARE document tsvector;
                BEGIN
                    SELECT issue_search_document(s."Key", i."Number", i."Title", i."Description",
                               (SELECT string_agg(c."Content", ' ' ORDER BY c."CreatedAt") FROM "Comments" AS c WHERE c."IssueId" = i."Id"))
                    INTO document
                    FROM "Issues" AS i JOIN "Spaces" AS s ON s."Id" = i."SpaceId"
                    WHERE i."Id" = issue_id;
                    -- No issue: it is being deleted (its comments go first), and its row goes with it.
                    IF document IS NULL THEN RETURN; END IF;
                    INSERT INTO "IssueSearch" ("IssueId", "Document") VALUES (issue_id, document)
                    ON CONFLICT ("IssueId") DO UPDATE SET "Document" = EXCLUDED."Document";
                END $$;

                CREATE FUNCTION issue_search_issue_changed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM issue_search_refresh(NEW."Id");
                    RETURN NULL;
                END $$;
                CREATE TRIGGER "IssueSearch_IssueInserted" AFTER INSERT ON "Issues"
                    FOR EACH ROW EXECUTE FUNCTION issue_search_issue_changed();
                CREATE TRIGGER "IssueSearch_IssueUpdated" AFTER UPDATE OF "Title", "Description" ON "Issues"
                    FOR EACH ROW EXECUTE FUNCTION issue_search_issue_changed();

                CREATE FUNCTION issue_search_comment_changed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM issue_search_refresh(CASE WHEN TG_OP = 'DELETE' THEN OLD."IssueId" ELSE NEW."IssueId" END);
                    RETURN NULL;
                END $$;
                CREATE TRIGGER "IssueSearch_CommentChanged" AFTER INSERT OR DELETE OR UPDATE OF "Content" ON "Comments"
                    FOR EACH ROW EXECUTE FUNCTION issue_search_comment_changed();

                SELECT issue_search_refresh("Id") FROM "Issues";
                """);

            // Change events in commit order. An identity value is taken when the row is inserted, and transactions
            // commit in another order, so a reader that has seen id 12 could later find an 11 committed after it: a
            // stream resuming "after 12" would never get it. So at commit (a deferred trigger, after every statement of
            // the transaction) each event takes its final id under one advisory lock, held until the commit is done:
            // committing transactions that wrote events take turns for that moment only, and ids increase in the
            // order they become visible. The provisional and final ids come from the same sequence, so they never
            // collide. Deliveries follow their event's new id (ON UPDATE CASCADE). The notification is sent by
            // PostgreSQL after the commit, once per transaction (equal payloads are folded).
            migrationBuilder.Sql("""
                CREATE FUNCTION change_event_commit_order() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_advisory_xact_lock(7240331001);
                    UPDATE "ChangeEvents" SET "Id" = nextval(pg_get_serial_sequence('"ChangeEvents"', 'Id')) WHERE "Id" = NEW."Id";
                    PERFORM pg_notify('issuetracker_changes', '');
                    RETURN NULL;
                END $$;
                CREATE CONSTRAINT TRIGGER "ChangeEventsCommitOrder" AFTER INSERT ON "ChangeEvents"
                    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION change_event_commit_order();

                ALTER TABLE "WebhookDeliveries" DROP CONSTRAINT "FK_WebhookDeliveries_ChangeEvents_EventId";
                ALTER TABLE "WebhookDeliveries" ADD CONSTRAINT "FK_WebhookDeliveries_ChangeEvents_EventId"
                    FOREIGN KEY ("EventId") REFERENCES "ChangeEvents" ("Id") ON DELETE SET NULL ON UPDATE CASCADE;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER TABLE "WebhookDeliveries" DROP CONSTRAINT "FK_WebhookDeliveries_ChangeEvents_EventId";
                ALTER TABLE "WebhookDeliveries" ADD CONSTRAINT "FK_WebhookDeliveries_ChangeEvents_EventId"
                    FOREIGN KEY ("EventId") REFERENCES "ChangeEvents" ("Id") ON DELETE SET NULL;
                DROP TRIGGER "ChangeEventsCommitOrder" ON "ChangeEvents";
                DROP FUNCTION change_event_commit_order();

                DROP TRIGGER "IssueSearch_CommentChanged" ON "Comments";
                DROP FUNCTION issue_search_comment_changed();
                DROP TRIGGER "IssueSearch_IssueUpdated" ON "Issues";
                DROP TRIGGER "IssueSearch_IssueInserted" ON "Issues";
                DROP FUNCTION issue_search_issue_changed();
                DROP FUNCTION issue_search_refresh(uuid);
                DROP FUNCTION issue_search_document(text, integer, text, text, text);
                DROP TABLE "IssueSearch";
                """);
        }
    }
}
