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

    [Fact]
    public async Task ASpaceAdmin_RenamesAProduct_ANameTakenInTheSpaceIsRefusedVisibly()
    {
        var team = await Db.Data.TeamAsync();
        var products = Db.Get<ProductService>();
        var product = await products.CreateAsync(new CreateProductRequest { Name = "orders_" + Guid.NewGuid().ToString("N")[..6], SpaceId = team.Space.Id }, team.Admin.Id);
        var taken = await products.CreateAsync(new CreateProductRequest { Name = "payments_" + Guid.NewGuid().ToString("N")[..6], SpaceId = team.Space.Id }, team.Admin.Id);
        SignIn(team.Admin);
        RenderProviders();
        var cut = Render<ProductsPage>();
        cut.WaitForAssertion(() => Assert.Contains(product.Name, cut.Find("[data-testid=product-table]").TextContent));

        cut.Find($"button[aria-label='Edit {product.Name}']").Click();
        Field(cut, "Product name").Change(taken.Name);
        cut.FindAll("button").Single(b => b.TextContent.Trim() == "Save").Click();
        cut.WaitForAssertion(() => Assert.Contains("already exists", cut.Markup));
        Field(cut, "Product name").Change(product.Name + "_v2");
        Field(cut, "Product description").Change("Orders fact table");
        cut.FindAll("button").Single(b => b.TextContent.Trim() == "Save").Click();

        cut.WaitForAssertion(() => Assert.Contains(product.Name + "_v2", cut.Find("[data-testid=product-table]").TextContent));
        var saved = await products.GetAsync(product.Id, team.Admin.Id);
        Assert.Equal((product.Name + "_v2", "Orders fact table"), (saved!.Name, saved.Description));
    }
}
