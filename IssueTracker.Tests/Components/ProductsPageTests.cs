using Bunit;
using IssueTracker.Tests.Infrastructure;
using IssueTracker.Web.Components.Pages.Products;

namespace IssueTracker.Tests.Components;

public sealed class ProductsPageTests(TestDatabase db) : MudTestContext(db), IClassFixture<TestDatabase>
{
    [Fact]
    public async Task ASpaceAdmin_ArchivesAProduct_ItLeavesTheList_AndShowArchivedBringsItBackToUnarchive()
    {
        var team = await Db.Data.TeamAsync();
        var product = await Db.Get<ProductService>().CreateAsync(new CreateProductRequest { Name = "stale_orders_" + Guid.NewGuid().ToString("N")[..6], SpaceId = team.Space.Id }, team.Admin.Id);
        SignIn(team.Admin);
        var cut = Render<ProductsPage>();
        cut.WaitForAssertion(() => Assert.Contains(product.Name, cut.Find("[data-testid=product-table]").TextContent));

        cut.Find($"button[aria-label='Archive {product.Name}']").Click();
        cut.WaitForAssertion(() => Assert.DoesNotContain(product.Name, cut.Markup));
        cut.Find("input[type=checkbox]").Change(true);
        cut.WaitForAssertion(() => Assert.Contains(product.Name, cut.Find("[data-testid=product-table]").TextContent));
        cut.Find($"button[aria-label='Unarchive {product.Name}']").Click();

        cut.WaitForAssertion(() => Assert.DoesNotContain(product.Name, cut.Markup));
        Assert.Null((await Db.Get<ProductService>().GetAsync(product.Id, team.Admin.Id))!.ArchivedAt);
    }
}
